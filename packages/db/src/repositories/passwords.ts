import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';

/** A person's stored password hash and whether they must replace it, for checking the password they type. */
export async function credentialsOf(
  x: Reader,
  employeeId: number,
): Promise<{ passwordHash: string | null; mustChangePassword: boolean } | undefined> {
  const row = await executorOf(x)
    .selectFrom('employees')
    .select(['password_hash', 'password_change_required'])
    .where('id', '=', employeeId)
    .executeTakeFirst();
  return row && { passwordHash: row.password_hash, mustChangePassword: row.password_change_required === 1 };
}

/** Stores a new password hash (and whether it must be replaced at the next sign-in); false when there is no such person. */
export async function updatePassword(
  tx: Executor,
  employeeId: number,
  change: { passwordHash: string; mustChange: boolean },
  at: number,
): Promise<boolean> {
  const updated = await tx
    .updateTable('employees')
    .set({ password_hash: change.passwordHash, password_change_required: change.mustChange ? 1 : 0, updated_at: at })
    .where('id', '=', employeeId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
