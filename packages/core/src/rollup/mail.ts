import type { IsoDate } from '../calendar/dates.ts';
import { cleanText, headerText, type CalendarParty } from '../reception/ics.ts';
import type { MailDraft } from '../reception/mail.ts';

/** Messages of the improvement-plan cycle, bilingual, Chinese first. */

export function verificationAssigned(m: {
  to: CalendarParty;
  planId: number;
  planTitle: string;
  dutyId: number;
  dueTo: IsoDate;
  link: string;
}): MailDraft {
  return {
    kind: 'notice',
    to: m.to,
    subject: headerText(`[一线] 整改回访 Verification revisit: ${m.planTitle}（${m.dueTo} 前 / by ${m.dueTo}）`),
    text: cleanText(
      [
        `${m.to.name}，您好：`,
        '',
        `提升方案「${m.planTitle}」已完成整改，请在 ${m.dueTo} 前回访指定客户，确认问题是否已解决。`,
        `记录回访：${m.link}`,
        '',
        `The improvement plan "${m.planTitle}" reports its fix done. Please revisit the named household by ${m.dueTo} and record whether the problem is solved.`,
        `Record it: ${m.link}`,
      ].join('\n'),
    ),
    dedupeKey: `plan:${m.planId}:verify:${m.dutyId}`,
    ref: `plan:${m.planId}`,
  };
}

export function planReopened(m: {
  to: CalendarParty;
  planId: number;
  planTitle: string;
  reports: number;
  link: string;
  at: number;
}): MailDraft {
  return {
    kind: 'notice',
    to: m.to,
    subject: headerText(`[一线] 方案重新打开 Plan reopened: ${m.planTitle}`),
    text: cleanText(
      [
        `${m.to.name}，您好：`,
        '',
        `您负责的提升方案「${m.planTitle}」关闭后，曾受影响的客户再次反映了同一问题（${m.reports} 条），方案已重新打开。`,
        `查看：${m.link}`,
        '',
        `After your improvement plan "${m.planTitle}" closed, households it was meant to fix reported the same problem again (${m.reports} report(s)); the plan is reopened.`,
        `Open it: ${m.link}`,
      ].join('\n'),
    ),
    dedupeKey: `plan:${m.planId}:reopen:${m.at}`,
    ref: `plan:${m.planId}`,
  };
}
