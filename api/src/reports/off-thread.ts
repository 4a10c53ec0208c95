import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FileJob, XlsxSheet } from './files-worker.ts';

export type { XlsxCell, XlsxSheet } from './files-worker.ts';

/**
 * Spreadsheet files built and read in worker threads, so that one large
 * export or import does not stop the server answering everyone else (see
 * files-worker.ts). One thread fewer than the machine has cores, at least
 * one: the request thread keeps a core. Threads start when first needed and
 * end after a minute without work.
 */
let pool: Piscina | undefined;

function files(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./files-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: 60_000,
  });
  return pool;
}

/** Errors thrown in a worker arrive as plain errors with the worker's message. */
const run = <T>(job: FileJob): Promise<T> => files().run(job) as Promise<T>;

export function writeXlsx(sheets: XlsxSheet[]): Promise<Uint8Array<ArrayBuffer>> {
  return run<Uint8Array<ArrayBuffer>>({ kind: 'write-xlsx', sheets });
}

export function writeCsv(rows: (string | number)[][]): Promise<string> {
  return run<string>({ kind: 'write-csv', rows });
}

/** The first sheet's cells as text (dates as their day). */
export function readXlsxCells(bytes: Uint8Array): Promise<string[][]> {
  return run<string[][]>({ kind: 'read-xlsx', bytes });
}

/** CSV text's cells; rows may differ in length. */
export function readCsvCells(text: string): Promise<string[][]> {
  return run<string[][]>({ kind: 'read-csv', text });
}

/** Ends the threads (at shutdown); the next job starts them again. */
export async function closeFileWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
