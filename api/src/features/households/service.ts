import {
  checkReveal,
  isSafeEmail,
  REVEAL_LIMIT,
  revealAlertDue,
  revealLimitAlert,
  type AppError,
  type Employee,
  type Household,
  type MailSettings,
  type Result,
  type RevealPolicy,
} from '@frontline/core';
import {
  assignHousehold,
  auditTimesOf,
  enqueueMail,
  getEmployee,
  lastAuditAt,
  listActiveAdmins,
  lockedUnitOfWork,
  writeAudit,
  type AuditContext,
  type Db,
  inTransaction,
} from '@frontline/db';

/**
 * Households by hand: a manager gives one to another employee of its
 * project, with a reason kept in its history and the audit log. (The
 * planner's moves are core's ownership rules, written by the planning run.)
 */

/** The employee may look after the household: active, and on its project. */
export const mayOwn = (employee: Employee, household: Household): boolean =>
  employee.active && employee.projectId === household.projectId;

export async function moveHousehold(
  db: Db,
  household: Household,
  to: Employee,
  note: string,
  ctx: AuditContext,
): Promise<void> {
  if (to.id === household.ownerEmployeeId) return;
  await inTransaction(db, async (tx) => {
    await assignHousehold(
      tx,
      { householdId: household.id, from: household.ownerEmployeeId, to: to.id, reason: 'manual', note },
      ctx,
    );
    await writeAudit(tx, ctx, {
      action: 'household.move',
      entity: 'household',
      entityId: household.id,
      before: { ownerEmployeeId: household.ownerEmployeeId },
      after: { ownerEmployeeId: to.id, note },
    });
  });
}

export const REVEAL_ACTION = 'household.reveal';
export const REVEAL_LIMITED_ACTION = 'household.reveal_limited';

/**
 * Reveals a household's personal data to the caller, held to core's limit.
 * The count is read from the audit log (each reveal's own row) inside the
 * unit of work that writes the next one, holding the write lock from that
 * read, so parallel requests (of this process or another) cannot slip past
 * it and a restart forgets nothing. A refusal that reaches the limit afresh
 * writes its own audit row and tells every active system admin, once per
 * person per window; it commits, since the refusal is the answer, not a
 * failure.
 */
export async function revealHousehold(
  db: Db,
  householdId: number,
  ctx: AuditContext & { actorId: number },
  mail: MailSettings,
  policy: RevealPolicy = REVEAL_LIMIT,
): Promise<Result<null, AppError>> {
  const done = await lockedUnitOfWork(db, async (tx) => {
    const recent = await auditTimesOf(tx, ctx.actorId, REVEAL_ACTION, ctx.at - policy.windowMs, policy.max);
    const verdict = checkReveal(recent, ctx.at, policy);
    if (verdict.ok) {
      await writeAudit(tx, ctx, { action: REVEAL_ACTION, entity: 'household', entityId: householdId });
      return verdict;
    }
    if (revealAlertDue(await lastAuditAt(tx, ctx.actorId, REVEAL_LIMITED_ACTION), ctx.at, policy)) {
      await writeAudit(tx, ctx, {
        action: REVEAL_LIMITED_ACTION,
        entity: 'employee',
        entityId: ctx.actorId,
        after: { householdId, reveals: recent.length, windowMinutes: policy.windowMs / 60_000 },
      });
      const person = (await getEmployee(tx, ctx.actorId))!;
      for (const admin of await listActiveAdmins(tx)) {
        if (!isSafeEmail(admin.email)) continue;
        const draft = revealLimitAlert({
          to: { name: admin.name, email: admin.email, locale: admin.locale },
          recipientId: admin.id,
          person: { id: person.id, name: person.name, employeeNo: person.employeeNo },
          policy,
          at: ctx.at,
          link: `${mail.origin}/admin/audit?action=${REVEAL_ACTION}`,
        });
        await enqueueMail(tx, { ...draft, employeeId: admin.id }, ctx.at, mail.host);
      }
    }
    return verdict;
  });
  return done.ok ? done.value : done;
}
