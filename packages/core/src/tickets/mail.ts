import { MAIL_TEXT } from '../mail/catalogue.ts';
import { mailFromWords, type MailDraft, type MailRecipient } from '../reception/mail.ts';
import type { TicketType } from './lifecycle.ts';

/**
 * Mail of the ticket cycle, in the recipient's language (the words are the
 * mail catalogue's). Each has a dedupe key naming the ticket, what happened
 * and the round (reopens), so a job that runs twice or a retried request
 * never sends one twice.
 */
export type TicketMailKind = 'assigned' | 'reminder' | 'breached' | 'escalated' | 'crisis' | 'reopened' | 'regional';

export type TicketMailInput = {
  to: MailRecipient;
  recipientId: number;
  kind: TicketMailKind;
  ticket: { id: number; type: TicketType; description: string; projectName: string; round: number };
  /** The resolution deadline, epoch ms. */
  resolveBy: number;
  link: string;
};

export function ticketMail(m: TicketMailInput): MailDraft {
  return {
    kind: m.kind === 'reminder' ? 'reminder' : 'notice',
    to: m.to,
    ...mailFromWords(MAIL_TEXT[m.to.locale].ticket(m)),
    dedupeKey: `ticket:${m.ticket.id}:${m.kind}:${m.ticket.round}:${m.recipientId}`,
    ref: `ticket:${m.ticket.id}`,
  };
}
