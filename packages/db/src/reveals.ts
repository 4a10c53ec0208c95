import { checkReveal, isSafeEmail, REVEAL_LIMIT, revealAlertDue, revealLimitAlert, type AppError, type Result, type RevealPolicy } from '@frontline/core';
import { writeAuditSync, type AuditContext } from './audit.ts';
import { exclusive, type Db } from './open.ts';
import { enqueueMailSync } from './bulk/outbox.ts';
import type { MailSettings } from '@frontline/core';

/**
 * Reveals of customers' personal data, held to core's limit. The count is
 * read from the audit log (each reveal's own row) inside the transaction
 * that writes the next one, holding the write lock from the start, so
 * parallel requests (of this process or another) cannot slip past it and a
 * restart forgets nothing. A refusal that reaches the limit afresh writes
 * its own audit row and tells every active system admin, once per person
 * per window.
 */

export const REVEAL_ACTION = 'household.reveal';
export const REVEAL_LIMITED_ACTION = 'household.reveal_limited';

export function revealHousehold(
  db: Db,
  householdId: number,
  ctx: AuditContext & { actorId: number },
  mail: MailSettings,
  policy: RevealPolicy = REVEAL_LIMIT,
): Promise<Result<null, AppError>> {
  const s = db.sqlite;
  return exclusive(db, () => {
    const recent = s
      .prepare(`select at from audit_log where actor_id = ? and action = ? and at > ? order by at desc limit ?`)
      .pluck()
      .all(ctx.actorId, REVEAL_ACTION, ctx.at - policy.windowMs, policy.max) as number[];
    const verdict = checkReveal(recent, ctx.at, policy);
    if (verdict.ok) {
      writeAuditSync(s, ctx, { action: REVEAL_ACTION, entity: 'household', entityId: householdId });
      return verdict;
    }
    const lastAlertAt = s.prepare(`select max(at) from audit_log where actor_id = ? and action = ?`).pluck().get(ctx.actorId, REVEAL_LIMITED_ACTION) as number | null;
    if (revealAlertDue(lastAlertAt, ctx.at, policy)) {
      writeAuditSync(s, ctx, {
        action: REVEAL_LIMITED_ACTION,
        entity: 'employee',
        entityId: ctx.actorId,
        after: { householdId, reveals: recent.length, windowMinutes: policy.windowMs / 60_000 },
      });
      const person = s.prepare(`select id, name, employee_no as employeeNo from employees where id = ?`).get(ctx.actorId) as { id: number; name: string; employeeNo: string };
      const admins = s.prepare(`select id, name, email from employees where position = 'system_admin' and active = 1 and email is not null`).all() as { id: number; name: string; email: string }[];
      for (const admin of admins) {
        if (!isSafeEmail(admin.email)) continue;
        const draft = revealLimitAlert({ to: { name: admin.name, email: admin.email }, recipientId: admin.id, person, policy, at: ctx.at, link: `${mail.origin}/admin/audit?action=${REVEAL_ACTION}` });
        enqueueMailSync(s, { ...draft, employeeId: admin.id }, ctx.at, mail.host);
      }
    }
    return verdict;
  }, 'immediate');
}
