import type { AppError, Result } from '@frontline/core';
import type { Kysely } from 'kysely';
import { transactionHoldingWriteLock } from './dialect/sqlite.ts';
import type { Db } from './open.ts';
import { refusing, type ConstraintMap } from './refusal.ts';
import type { Database } from './schema.ts';

/**
 * What repositories run their queries on: the database itself for reads, or
 * the transaction of a unit of work, so every repository called with it
 * writes in that one transaction.
 */
export type Executor = Kysely<Database>;

/**
 * A service's write, in one transaction: the work gets the transaction to
 * hand to repositories. A `Refusal` thrown inside rolls everything back and
 * comes out as a rule failure; so does a constraint the map knows. Anything
 * else rolls back and propagates.
 */
export async function unitOfWork<T>(
  db: Db,
  work: (tx: Executor) => Promise<T>,
  constraints?: ConstraintMap,
): Promise<Result<T, AppError>> {
  return refusing(() => db.kysely.transaction().execute(work), constraints);
}

/**
 * A unit of work for a check-then-write rule that must hold against every
 * writer, other processes included (the limit on reveals): it holds the
 * write lock from its first read, so nobody writes between its check and
 * its write.
 */
export async function lockedUnitOfWork<T>(
  db: Db,
  work: (tx: Executor) => Promise<T>,
  constraints?: ConstraintMap,
): Promise<Result<T, AppError>> {
  return refusing(() => transactionHoldingWriteLock(db.kysely, work), constraints);
}

/**
 * A unit of work that no rule refuses: one transaction, committed when the
 * work returns, rolled back and rethrown when it throws.
 */
export async function inTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(work);
}

/** What a repository's read takes: the database, or a unit of work's transaction to read inside it. */
export type Reader = Executor | Db;

/**
 * What a repository's write of one statement takes: a unit of work's
 * transaction, or the database when the write stands alone (a session, an
 * audit row of a refusal, a token's last use).
 */
export type Writer = Executor | Db;

export function executorOf(x: Reader | Writer): Executor {
  return 'kysely' in x ? x.kysely : x;
}
