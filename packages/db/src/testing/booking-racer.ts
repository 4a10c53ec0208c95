import { parentPort, workerData } from 'node:worker_threads';
import { openMigratedDatabase } from '../open.ts';
import { bookingConstraints, bookPlace, type NewBookingRow } from '../repositories/bookings.ts';
import { unitOfWork } from '../unit-of-work.ts';

/**
 * A worker thread for races across database connections: it opens its own
 * connection to the file at `path`, waits at the shared gate, then books
 * every one of `bookings` at once, each in its own unit of work, and posts
 * each outcome back ('ok', the refusal's code, or the error's message).
 * Threads, because one thread's synchronous driver blocking on another
 * connection's write lock would stall the other connection with it.
 */
export type RacerData = { path: string; gate: SharedArrayBuffer; bookings: NewBookingRow[] };

const { path, gate, bookings } = workerData as RacerData;
const db = await openMigratedDatabase(path);
parentPort?.postMessage('ready');
Atomics.wait(new Int32Array(gate), 0, 0);
const outcomes = await Promise.all(
  bookings.map((b) =>
    unitOfWork(db, (tx) => bookPlace(tx, b, 0), bookingConstraints).then(
      (r) => (r.ok ? 'ok' : r.error.code),
      (e: unknown) => String(e instanceof Error ? e.message : e),
    ),
  ),
);
await db.close();
parentPort?.postMessage(outcomes);
