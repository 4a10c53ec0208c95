import { MAIL_TEXT } from './mail/catalogue.ts';
import { mailFromWords, type MailDraft, type MailRecipient } from './reception/mail.ts';
import { err, ok, type AppError, type Result } from './result.ts';

/**
 * How often one person may reveal customers' personal data. Someone phoning
 * the households they look after opens one at a time, a few an hour; thirty
 * in ten minutes is a script or a copy-out. The count comes from the audit
 * log (the reveals themselves), so it holds across restarts and servers.
 */
export type RevealPolicy = { max: number; windowMs: number };

export const REVEAL_LIMIT: RevealPolicy = { max: 30, windowMs: 10 * 60_000 };

/**
 * Whether the caller may reveal once more now, given the times of their
 * recent reveals (any order; those outside the window are ignored). Refused
 * with the seconds until the oldest reveal that fills the window leaves it.
 */
export function checkReveal(
  recent: readonly number[],
  now: number,
  policy: RevealPolicy = REVEAL_LIMIT,
): Result<null, AppError> {
  const inWindow = recent.filter((at) => at > now - policy.windowMs && at <= now).sort((a, b) => b - a);
  if (inWindow.length < policy.max) return ok(null);
  const freesAt = inWindow[policy.max - 1]! + policy.windowMs;
  return err({
    code: 'TOO_MANY_REVEALS',
    params: {
      max: policy.max,
      minutes: policy.windowMs / 60_000,
      seconds: Math.max(1, Math.ceil((freesAt - now) / 1000)),
    },
  });
}

/** One alert per person per window: none went out about them within it. */
export function revealAlertDue(lastAlertAt: number | null, now: number, policy: RevealPolicy = REVEAL_LIMIT): boolean {
  return lastAlertAt === null || lastAlertAt <= now - policy.windowMs;
}

export type RevealLimitAlert = {
  to: MailRecipient;
  /** The admin's employee id: one message per admin per hit. */
  recipientId: number;
  person: { id: number; name: string; employeeNo: string };
  policy: RevealPolicy;
  at: number;
  /** The audit log, filtered to reveals. */
  link: string;
};

/** Tells a system admin (in their language) that a person reached the reveal limit and is held back; no customer data. */
export function revealLimitAlert(a: RevealLimitAlert): MailDraft {
  return {
    kind: 'notice',
    to: a.to,
    ...mailFromWords(MAIL_TEXT[a.to.locale].revealLimit(a)),
    dedupeKey: `reveal-limit:${a.person.id}:${a.at}:${a.recipientId}`,
    ref: `employee:${a.person.id}`,
  };
}
