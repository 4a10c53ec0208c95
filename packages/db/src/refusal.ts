import { err, ok, type AppError, type Result } from '@frontline/core';
import { violationOf } from './dialect/index.ts';
import type { ConstraintViolation } from './dialect/violation.ts';

/** Thrown inside a transaction to roll it back and answer with a rule failure instead of a crash. */
export class Refusal extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.code);
    this.error = error;
  }
}

/** Maps a database constraint failure to the rule it enforces, or undefined to let it propagate. */
export type ConstraintMap = (violation: ConstraintViolation) => AppError | undefined;

/** Runs transactional work, turning refusals (and the constraint failures `map` knows) into results. */
export async function refusing<T>(
  work: () => Promise<T>,
  map: ConstraintMap = () => undefined,
): Promise<Result<T, AppError>> {
  try {
    return ok(await work());
  } catch (e) {
    if (e instanceof Refusal) return err(e.error);
    const violation = violationOf(e);
    const mapped = violation && map(violation);
    if (mapped) return err(mapped);
    throw e;
  }
}
