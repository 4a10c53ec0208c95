/**
 * Starts waiting requests in arrival order, a few each turn of the event loop.
 *
 * Since libuv 1.45 a Node server accepts one new connection per turn of the loop (libuv #3696), and
 * a turn reads every connection with a request waiting and, left alone, runs them all. Under a hundred
 * busy keep-alive connections a turn took 100–200 ms, so new connections queued in the kernel for
 * seconds (a load balancer's health check, a user opening the app) while the busy ones were served in
 * milliseconds. Here a turn starts at most `perTurn` requests and goes back to the poll phase, which
 * accepts the next newcomer and reads its request into the same queue, so a new connection waits
 * about as long as any other request.
 *
 * A batch is started from one setImmediate callback. Its requests' promise jobs run before the loop
 * moves on (with better-sqlite3 a request's reads are synchronous, so most requests finish there), and
 * immediates queued during the check phase run on the next turn, which is what ends a turn's batch.
 * Measured on a page load (demo group, 100 connections): a fresh connection's p99 went from 2.5–7.9 s
 * to 0.23–0.26 s with 4 a turn. One a turn cost the health check up to a third of its throughput; 4 cost
 * it about a tenth, a batch sized by time (5 ms) was less fair on pages.
 */
export function loopTurns({ perTurn, maxWaiting }: { perTurn: number; maxWaiting: number }) {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    for (let i = 0; i < perTurn && waiting.length > 0; i++) waiting.shift()!();
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drain);
  };
  return {
    /** Queues `start`; false, with nothing queued, when `maxWaiting` are already waiting. */
    admit(start: () => void): boolean {
      if (waiting.length >= maxWaiting) return false;
      waiting.push(start);
      schedule();
      return true;
    },
    get waiting(): number {
      return waiting.length;
    },
  };
}
