/**
 * Opens a fresh connection (no keep-alive) every `everyMs` to `origin` +
 * `path` and times each request from connecting to the last byte, until its
 * parent says stop; then sends back the latencies and how many failed.
 *
 * A process of its own, so that the load generator's busy event loop in the
 * benchmark's process does not delay these requests and add to their times:
 * what it measures is how long the server takes to answer a newcomer.
 *
 *   fork('bench/http/fresh-prober.ts', [origin, path, everyMs])
 */
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export type ProberReport = { latencies: number[]; failures: number };

function freshRequest(url: URL, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${res.statusCode}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const [origin, path, every] = process.argv.slice(2);
const url = new URL(path!, origin);
const latencies: number[] = [];
let failures = 0;
const pending = new Set<Promise<void>>();
let timer: NodeJS.Timeout | undefined;
const probe = () => {
  const p: Promise<void> = freshRequest(url).then(
    (ms) => void latencies.push(ms),
    () => void failures++,
  );
  pending.add(p);
  void p.finally(() => pending.delete(p));
};
// Let the load reach the server first.
const start = setTimeout(() => (timer = setInterval(probe, Number(every))), 500);

process.once('message', () => {
  clearTimeout(start);
  clearInterval(timer);
  void Promise.all(pending).then(() => {
    process.send!({ latencies, failures } satisfies ProberReport, () => process.exit(0));
  });
});
