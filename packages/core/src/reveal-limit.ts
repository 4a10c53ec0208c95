import { cleanText, headerText, type CalendarParty } from './reception/ics.ts';
import type { MailDraft } from './reception/mail.ts';
import { err, ok, type AppError, type Result } from './result.ts';
import { shanghaiClock, shanghaiDate } from './time.ts';

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
  to: CalendarParty;
  /** The admin's employee id: one message per admin per hit. */
  recipientId: number;
  person: { id: number; name: string; employeeNo: string };
  policy: RevealPolicy;
  at: number;
  /** The audit log, filtered to reveals. */
  link: string;
};

/** Tells a system admin that a person reached the reveal limit and is held back; no customer data. */
export function revealLimitAlert(a: RevealLimitAlert): MailDraft {
  const minutes = a.policy.windowMs / 60_000;
  const when = `${shanghaiDate(a.at)} ${shanghaiClock(a.at)}`;
  const who = `${a.person.name}（${a.person.employeeNo}）`;
  return {
    kind: 'notice',
    to: a.to,
    subject: headerText(
      `[一线] 查看客户信息过于频繁 Too many customer-detail views: ${a.person.name} ${a.person.employeeNo}`,
    ),
    text: cleanText(
      [
        `${a.to.name}，您好：`,
        '',
        `${who}在 ${minutes} 分钟内查看客户完整信息已达 ${a.policy.max} 次（${when}，北京时间），之后的查看已被暂停，直到最早的一次超过 ${minutes} 分钟。`,
        '如非正常工作需要，请核查审计日志并联系本人。',
        `审计日志：${a.link}`,
        '',
        `${a.person.name} (${a.person.employeeNo}) reached ${a.policy.max} views of full customer details within ${minutes} minutes (${when} China Standard Time). Further views are held back until the oldest is ${minutes} minutes old.`,
        'If this is not ordinary work, review the audit log and contact them.',
        `Audit log: ${a.link}`,
      ].join('\n'),
    ),
    dedupeKey: `reveal-limit:${a.person.id}:${a.at}:${a.recipientId}`,
    ref: `employee:${a.person.id}`,
  };
}
