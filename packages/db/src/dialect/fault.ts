/**
 * What a failure says about the storage under the database, in words both
 * dialects share: it is out of space (`full`), it refuses writes
 * (`read-only`), or it cannot be used right now (`unavailable`: an I/O
 * error, a lost connection, a server shutting down, a lock held too long).
 * Each dialect module reads its driver's errors into this; the API answers
 * 507 or 503 from it and the health check reports it, never a driver's code.
 */
export type StorageFault = 'full' | 'read-only' | 'unavailable';

/** The file system's own errors (photos, the SQLite file's folder): out of space or quota, mounted read-only. */
export function fileSystemFault(error: unknown): StorageFault | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code === 'EROFS') return 'read-only';
  return undefined;
}
