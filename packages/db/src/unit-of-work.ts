import type { AppError, Result } from '@frontline/core';
import type { Kysely } from 'kysely';
import { isRetryable } from './dialect/index.ts';
import { advisoryLock } from './dialect/postgres.ts';
import type { Db } from './open.ts';
import { refusing, type ConstraintMap } from './refusal.ts';
import type { Database } from './schema.ts';

/** The advisory lock every locked unit of work takes on PostgreSQL. */
const LOCKED_UNIT_KEY = 7_311_002;

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
  return refusing(() => retrying(() => db.kysely.transaction().execute(work)), constraints);
}

/**
 * How many times a transaction PostgreSQL aborted as a serialization failure
 * or a deadlock victim is tried again: the work is rerun from its first read,
 * so it decides again on what is now committed. SQLite's single writer never
 * aborts a transaction that way (it waits: busy timeout).
 */
export const TRANSACTION_ATTEMPTS = 5;

async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= TRANSACTION_ATTEMPTS || !isRetryable(e)) throw e;
      // A short, growing, jittered pause so the transactions that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, n * 5 + Math.random() * 10));
    }
  }
}

/**
 * A unit of work for a check-then-write rule that must hold against every
 * writer, other processes included (the limit on reveals): it holds the
 * write lock from its first read, so nobody writes between its check and
 * its write. On PostgreSQL, where writers run side by side, the same holds by
 * a transaction-scoped advisory lock every locked unit takes first: locked
 * units run one at a time across every app server.
 */
export async function lockedUnitOfWork<T>(
  db: Db,
  work: (tx: Executor) => Promise<T>,
  constraints?: ConstraintMap,
): Promise<Result<T, AppError>> {
  return refusing(
    () =>
      retrying(() =>
        db.dialect === 'postgres'
          ? db.kysely.transaction().execute(async (tx) => {
              await advisoryLock(tx, LOCKED_UNIT_KEY);
              return work(tx);
            })
          : // every SQLite transaction begins immediate (see FrontlineSqliteDriver)
            db.kysely.transaction().execute(work),
      ),
    constraints,
  );
}

/**
 * A unit of work that no rule refuses: one transaction, committed when the
 * work returns, rolled back and rethrown when it throws.
 */
export async function inTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return retrying(() => db.kysely.transaction().execute(work));
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
