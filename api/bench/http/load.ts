/**
 * The HTTP benchmark's load: autocannon runs with every response's latency
 * kept (so p95 is exact, not the nearest bucket autocannon prints), fresh
 * connections opened from another process while a run saturates the server,
 * and a CPU profile's summary.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ProberReport } from './fresh-prober.ts';

/** One kind of request as the clients send it: the same to Frontline and to the bare handler. */
export type RequestKind = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** For writes: a new body (and path) for every request (each booking a new household, each visit a new client id). */
  next?: () => { path?: string; body: string };
  /** Writes stop after this many requests, whatever the duration (each needs a fresh row to write). */
  amount?: number;
};

export type LoadResult = {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers other than 2xx/304, and socket errors (autocannon counts a timeout among them). */
  failures: number;
  timeouts: number;
  statuses: Record<string, number>;
};

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Drives `kinds` (round robin over the connections' requests) at `origin` with `connections` clients. */
export async function load(
  origin: string,
  kinds: readonly RequestKind[],
  o: { connections: number; seconds: number; timeoutSeconds?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const amount = kinds.every((k) => k.amount !== undefined)
    ? kinds.reduce((n, k) => n + (k.amount ?? 0), 0)
    : undefined;
  const started = performance.now();
  // Without a callback the instance is both an event emitter and a promise of the result.
  const instance = autocannon({
    url: origin,
    connections: o.connections,
    ...(amount === undefined ? { duration: o.seconds } : { amount }),
    timeout: o.timeoutSeconds ?? 30,
    requests: kinds.map((k) => ({
      method: k.method,
      path: k.path,
      headers: k.headers,
      ...(k.next
        ? {
            setupRequest: (req: { path?: string }) => {
              const n = k.next!();
              return { ...req, path: n.path ?? req.path, body: n.body };
            },
          }
        : {}),
    })),
  }) as unknown as Promise<autocannon.Result> & autocannon.Instance;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses)
    .filter(([s]) => (Number(s) >= 200 && Number(s) < 300) || s === '304')
    .reduce((n, [, c]) => n + c, 0);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    failures: latencies.length - ok + result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

/**
 * Fresh connections, one every `everyMs` from a process of its own
 * (`fresh-prober.ts`), while `during` runs; their latencies, sorted, and how
 * many failed.
 */
export async function freshConnectionsDuring<T>(
  origin: string,
  path: string,
  everyMs: number,
  during: Promise<T>,
): Promise<{ result: T; latencies: number[]; failures: number }> {
  const prober = fork(fileURLToPath(new URL('./fresh-prober.ts', import.meta.url)), [origin, path, String(everyMs)]);
  const report = new Promise<ProberReport>((resolve, reject) => {
    prober.once('message', (m: ProberReport) => resolve(m));
    prober.once('exit', (code) => reject(new Error(`the fresh-connection prober exited (${code}) before it reported`)));
  });
  const result = await during.finally(() => prober.send('stop'));
  const { latencies, failures } = await report;
  return { result, latencies: latencies.sort((a, b) => a - b), failures };
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code lives: our own file, a package, or Node itself. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(api|web|packages\/[^/]+)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

/**
 * A .cpuprofile's self time by function and by package (top `top` of each),
 * as printable lines, from `skipMs` after the profile began (so that start-up
 * is left out).
 */
export function summariseProfile(file: string, skipMs: number, top = 12): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  let elapsed = 0;
  for (const [i, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[i] ?? 0;
    elapsed += dt;
    if (elapsed < skipMs * 1000) continue;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  }
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = placeOf(url);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const group =
      functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)'
        ? functionName
        : place;
    byPlace.set(group, (byPlace.get(group) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`profile: ${(total / 1e6).toFixed(1)} s sampled`, '  self time by package or file:'];
  for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`    ${pct(us)}  ${place}`);
  lines.push('  self time by function:');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`    ${pct(us)}  ${name}`);
  return lines;
}
