import type { IsoDate } from '../calendar/dates.ts';
import { MAIL_TEXT } from '../mail/catalogue.ts';
import { mailFromWords, type MailDraft, type MailRecipient } from '../reception/mail.ts';

/** Messages of the improvement-plan cycle, in the recipient's language (the words are the mail catalogue's). */

export type VerificationAssignedInput = {
  to: MailRecipient;
  planId: number;
  planTitle: string;
  dutyId: number;
  dueTo: IsoDate;
  link: string;
};

export function verificationAssigned(m: VerificationAssignedInput): MailDraft {
  return {
    kind: 'notice',
    to: m.to,
    ...mailFromWords(MAIL_TEXT[m.to.locale].verificationAssigned(m)),
    dedupeKey: `plan:${m.planId}:verify:${m.dutyId}`,
    ref: `plan:${m.planId}`,
  };
}

export type PlanReopenedInput = {
  to: MailRecipient;
  planId: number;
  planTitle: string;
  reports: number;
  link: string;
  at: number;
};

export function planReopened(m: PlanReopenedInput): MailDraft {
  return {
    kind: 'notice',
    to: m.to,
    ...mailFromWords(MAIL_TEXT[m.to.locale].planReopened(m)),
    dedupeKey: `plan:${m.planId}:reopen:${m.at}`,
    ref: `plan:${m.planId}`,
  };
}
