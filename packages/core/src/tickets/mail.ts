import { cleanText, headerText, type CalendarParty } from '../reception/ics.ts';
import type { MailDraft } from '../reception/mail.ts';
import { shanghaiClock, shanghaiDate } from '../time.ts';
import { TICKET_TYPE_LABELS, type TicketType } from './lifecycle.ts';

/**
 * Mail of the ticket cycle, bilingual, Chinese first. Each has a dedupe key
 * naming the ticket, what happened and the round (reopens), so a job that
 * runs twice or a retried request never sends one twice.
 */
export type TicketMailKind = 'assigned' | 'reminder' | 'breached' | 'escalated' | 'crisis' | 'reopened' | 'regional';

export type TicketMailInput = {
  to: CalendarParty;
  recipientId: number;
  kind: TicketMailKind;
  ticket: { id: number; type: TicketType; description: string; projectName: string; round: number };
  /** The resolution deadline, epoch ms. */
  resolveBy: number;
  link: string;
};

const when = (ms: number) => `${shanghaiDate(ms)} ${shanghaiClock(ms)}`;

const WORDS: Record<TicketMailKind, { subject: [string, string]; zh: string; en: string }> = {
  assigned: {
    subject: ['新工单', 'New ticket'],
    zh: '您有一张新工单需要处理。',
    en: 'A ticket has been given to you to handle.',
  },
  reminder: {
    subject: ['工单即将超时', 'Ticket due soon'],
    zh: '您处理的工单已用去大部分处理时限，请尽快处理并告知客户进展。',
    en: 'Most of the time allowed for your ticket is used up. Please handle it and tell the customer how it stands.',
  },
  breached: {
    subject: ['工单已超时', 'Ticket overdue'],
    zh: '您下属处理的工单已超过处理时限，请跟进。',
    en: 'A ticket handled by someone you manage is past its time limit. Please follow it up.',
  },
  escalated: {
    subject: ['工单超时升级', 'Overdue ticket escalated'],
    zh: '本项目一张工单超时已满一个工作日，现升级至您。',
    en: 'A ticket of your project has been overdue for a working day and is escalated to you.',
  },
  crisis: {
    subject: ['危机工单', 'Crisis ticket'],
    zh: '一张工单被评估为危机事件（媒体、人身伤害或群体投诉），请立即处置。',
    en: 'A ticket was assessed as a crisis (media, injury or a group complaint). Please act at once.',
  },
  reopened: {
    subject: ['工单重新打开', 'Ticket reopened'],
    zh: '客户对处理结果不满意，工单已重新打开。',
    en: 'The customer was not satisfied with the result; the ticket is reopened.',
  },
  regional: {
    subject: ['重大工单', 'Major ticket'],
    zh: '一张工单被评估为重大，已进入区域总经理队列。',
    en: 'A ticket was assessed as major and is in the regional general manager’s queue.',
  },
};

export function ticketMail(m: TicketMailInput): MailDraft {
  const w = WORDS[m.kind];
  const type = TICKET_TYPE_LABELS[m.ticket.type];
  const summary = m.ticket.description.length > 60 ? `${m.ticket.description.slice(0, 60)}…` : m.ticket.description;
  return {
    kind: m.kind === 'reminder' ? 'reminder' : 'notice',
    to: m.to,
    subject: headerText(`[一线] ${w.subject[0]} ${w.subject[1]}: #${m.ticket.id} ${type.zh} ${m.ticket.projectName}`),
    text: cleanText(
      [
        `${m.to.name}，您好：`,
        '',
        w.zh,
        `工单 #${m.ticket.id}（${type.zh}，${m.ticket.projectName}）：${summary}`,
        `处理时限：${when(m.resolveBy)}`,
        `查看：${m.link}`,
        '',
        w.en,
        `Ticket #${m.ticket.id} (${type.en}, ${m.ticket.projectName}): ${summary}`,
        `Due by: ${when(m.resolveBy)} (Beijing time)`,
        `Open it: ${m.link}`,
      ].join('\n'),
    ),
    dedupeKey: `ticket:${m.ticket.id}:${m.kind}:${m.ticket.round}:${m.recipientId}`,
    ref: `ticket:${m.ticket.id}`,
  };
}
