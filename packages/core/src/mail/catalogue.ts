import type { IsoDate } from '../calendar/dates.ts';
import { DUTY_KIND_LABELS, dutyTitle, type DutyKind } from '../duties/rules.ts';
import type { Locale } from '../result.ts';
import type { ReceptionDayEvent } from '../reception/ics.ts';
import type {
  BookingNoticeInput,
  CalendarWatchInput,
  DigestInput,
  DutyReminderInput,
  InviteChange,
  ReceptionDateNoticeInput,
  ReceptionReminderInput,
} from '../reception/mail.ts';
import { VENUE_KIND_LABELS, type VenueKind } from '../reception/schemas.ts';
import type { RevealLimitAlert } from '../reveal-limit.ts';
import type { PlanReopenedInput, VerificationAssignedInput } from '../rollup/mail.ts';
import { TICKET_TYPE_LABELS } from '../tickets/lifecycle.ts';
import type { TicketMailInput, TicketMailKind } from '../tickets/mail.ts';
import { shanghaiClock, shanghaiDate } from '../time.ts';

/**
 * Every word the product mails or puts in a calendar, by language: one
 * catalogue, Chinese first, English second (a type holds both to the same
 * messages). A message goes out in its recipient's language only (their
 * 个人中心 setting); the composers (`inviteMail`, `ticketMail` …) add what a
 * message is about (kind, dedupe key, ref) and clean the text for headers and
 * iCalendar. What people typed (topics, reasons, plan titles, names) is
 * quoted as they typed it.
 */

/** A message's words before cleaning: one subject line and the body's lines. */
export type MailWords = { subject: string; lines: readonly string[] };

/** How a message names a duty: its kind (in the reader's language), then its event or project. */
export type DutyNaming = { kind: DutyKind; projectName: string | null; eventTitle: string | null };

/** What a day's invite says to one person. */
export type InviteWords = { name: string; change: InviteChange; event: ReceptionDayEvent; note?: string | undefined };

/** What a duty looks like in a subscription feed, before it is put in words: shown on `date`, due in its window. */
export type FeedDutyWords = DutyNaming & { date: IsoDate; dueFrom: IsoDate; dueTo: IsoDate; provisional: boolean };

export type MailCatalogue = {
  /** The language calendars are told in PRODID. */
  icsLanguage: string;
  venue(projectName: string, kind: VenueKind): string;
  dutyTitle(duty: DutyNaming): string;
  invite(m: InviteWords): MailWords;
  bookingNotice(m: BookingNoticeInput): MailWords;
  dutyReminder(m: DutyReminderInput): MailWords;
  receptionReminder(m: ReceptionReminderInput): MailWords;
  weeklyDigest(m: DigestInput): MailWords;
  receptionDateNotice(m: ReceptionDateNoticeInput): MailWords;
  calendarWatch(m: CalendarWatchInput): MailWords;
  verificationAssigned(m: VerificationAssignedInput): MailWords;
  planReopened(m: PlanReopenedInput): MailWords;
  ticket(m: TicketMailInput): MailWords;
  revealLimit(m: RevealLimitAlert): MailWords;
  ics: {
    summary(event: Pick<ReceptionDayEvent, 'topic'>): string;
    description(event: ReceptionDayEvent): readonly string[];
    /** Said wherever a date rests on a year whose holiday notice is not out yet. */
    provisional(date: IsoDate): string;
    feedName(name: string): string;
    dutySummary(duty: FeedDutyWords): string;
    dutyDescription(duty: FeedDutyWords): readonly string[];
  };
};

const when = (e: Pick<ReceptionDayEvent, 'date' | 'startTime' | 'endTime'>) => `${e.date} ${e.startTime}–${e.endTime}`;
const instant = (ms: number) => `${shanghaiDate(ms)} ${shanghaiClock(ms)}`;
const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const zhCN: MailCatalogue = {
  icsLanguage: 'ZH',
  venue: (projectName, kind) => `${projectName} ${VENUE_KIND_LABELS[kind].zh}`,
  dutyTitle: (d) => dutyTitle(d.kind, d.projectName, d.eventTitle, 'zh-CN'),

  invite(m) {
    const e = m.event;
    const change: Record<InviteChange, string> = {
      new: '邀请',
      updated: '已更新',
      moved: '改期',
      cancelled: '已取消',
      removed: '无需参加',
    };
    return {
      subject: `[一线] ${change[m.change]}：客户接待日 ${when(e)} · ${e.topic}`,
      lines: [
        `${m.name}，您好：`,
        '',
        m.change === 'cancelled'
          ? '以下客户接待日已取消。'
          : m.change === 'removed'
            ? '您已不在以下客户接待日的参加人名单中。'
            : '请在日历中接受或拒绝以下客户接待日。',
        `时间：${when(e)}（北京时间）`,
        `地点：${zhCN.venue(e.projectName, e.venueKind)}`,
        `主题：${e.topic}`,
        ...(m.note ? [`说明：${m.note}`] : []),
        `预约名单：${e.rosterUrl}`,
      ],
    };
  },

  bookingNotice(n) {
    const moved = n.change === 'moved';
    return {
      subject: moved ? `[一线] 预约改期：${when(n.event)}` : `[一线] 预约已释放：${n.event.date}`,
      lines: [
        `${n.to.name}，您好：`,
        '',
        moved
          ? `您对接住户的接待预约已随接待日改到 ${when(n.event)}。`
          : `接待日（${when(n.event)}）已取消，您对接住户的预约已释放，请为客户另行预约。`,
        `住户：${n.households.join('、')}`,
        `原因：${n.reason}`,
        `详情：${n.link}`,
      ],
    };
  },

  dutyReminder(r) {
    const title = zhCN.dutyTitle(r.duty);
    return {
      subject: `[一线] 提醒：${title} 须于 ${r.dueTo} 前完成`,
      lines: [`${r.to.name}，您好：`, '', `「${title}」须在 ${r.dueTo} 前完成。`, `查看并记录：${r.link}`],
    };
  },

  receptionReminder(r) {
    const e = r.event;
    const venue = zhCN.venue(e.projectName, e.venueKind);
    return {
      subject: `[一线] 明日接待：${when(e)} · ${venue}`,
      lines: [
        `${r.to.name}，您好：`,
        '',
        `明天（${when(e)}）在 ${venue} 有客户接待日，主题「${e.topic}」，已预约 ${r.bookings} 户。`,
        `预约名单：${e.rosterUrl}`,
      ],
    };
  },

  weeklyDigest(d) {
    return {
      subject: `[一线] 每周逾期任务 ${d.week}：${d.total} 项`,
      lines: [
        `${d.to.name}，您好：`,
        '',
        `您负责范围内有 ${d.total} 项逾期未完成的任务${d.total > d.rows.length ? `（以下为前 ${d.rows.length} 项）` : ''}：`,
        ...d.rows.map((r) => `- ${r.employeeName}：${zhCN.dutyTitle(r.duty)}（${r.dueTo}）`),
        `完整名单：${d.link}`,
      ],
    };
  },

  receptionDateNotice(n) {
    return {
      subject: `[一线] 接待日需改期：${n.date} 已为${n.now.zh}`,
      lines: [
        `${n.to.name}，您好：`,
        '',
        `您 ${n.date} 的接待日现为${n.now.zh}，接待日须安排在工作日。`,
        n.proposed
          ? `建议改到 ${n.proposed}，打开接待日一键改期（邀请与预约随之更新）：`
          : '其窗口内没有可用的工作日，请打开接待日处理：',
        n.link,
      ],
    };
  },

  calendarWatch(w) {
    return {
      subject: `[一线] ${w.year} 年节假日安排尚未录入`,
      lines: [
        `${w.to.name}，您好：`,
        '',
        `${w.year} 年的工作日历仍为暂定（只按法定节假日计算）。国务院办公厅发布当年放假安排通知后，请在“工作日历”中粘贴通知原文并应用，已排程的任务会随之调整。`,
        w.link,
      ],
    };
  },

  verificationAssigned(m) {
    return {
      subject: `[一线] 整改回访：${m.planTitle}（${m.dueTo} 前）`,
      lines: [
        `${m.to.name}，您好：`,
        '',
        `提升方案「${m.planTitle}」已完成整改，请在 ${m.dueTo} 前回访指定客户，确认问题是否已解决。`,
        `记录回访：${m.link}`,
      ],
    };
  },

  planReopened(m) {
    return {
      subject: `[一线] 方案重新打开：${m.planTitle}`,
      lines: [
        `${m.to.name}，您好：`,
        '',
        `您负责的提升方案「${m.planTitle}」关闭后，曾受影响的客户再次反映了同一问题（${m.reports} 条），方案已重新打开。`,
        `查看：${m.link}`,
      ],
    };
  },

  ticket(m) {
    const words: Record<TicketMailKind, [string, string]> = {
      assigned: ['新工单', '您有一张新工单需要处理。'],
      reminder: ['工单即将超时', '您处理的工单已用去大部分处理时限，请尽快处理并告知客户进展。'],
      breached: ['工单已超时', '您下属处理的工单已超过处理时限，请跟进。'],
      escalated: ['工单超时升级', '本项目一张工单超时已满一个工作日，现升级至您。'],
      crisis: ['危机工单', '一张工单被评估为危机事件（媒体、人身伤害或群体投诉），请立即处置。'],
      reopened: ['工单重新打开', '客户对处理结果不满意，工单已重新打开。'],
      regional: ['重大工单', '一张工单被评估为重大，已进入区域总经理队列。'],
    };
    const [subject, intro] = words[m.kind];
    const type = TICKET_TYPE_LABELS[m.ticket.type].zh;
    return {
      subject: `[一线] ${subject}：#${m.ticket.id} ${type} ${m.ticket.projectName}`,
      lines: [
        `${m.to.name}，您好：`,
        '',
        intro,
        `工单 #${m.ticket.id}（${type}，${m.ticket.projectName}）：${excerpt(m.ticket.description)}`,
        `处理时限：${instant(m.resolveBy)}（北京时间）`,
        `查看：${m.link}`,
      ],
    };
  },

  revealLimit(a) {
    const minutes = a.policy.windowMs / 60_000;
    return {
      subject: `[一线] 查看客户信息过于频繁：${a.person.name} ${a.person.employeeNo}`,
      lines: [
        `${a.to.name}，您好：`,
        '',
        `${a.person.name}（${a.person.employeeNo}）在 ${minutes} 分钟内查看客户完整信息已达 ${a.policy.max} 次（${instant(a.at)}，北京时间），之后的查看已被暂停，直到最早的一次超过 ${minutes} 分钟。`,
        '如非正常工作需要，请核查审计日志并联系本人。',
        `审计日志：${a.link}`,
      ],
    };
  },

  ics: {
    summary: (e) => `客户接待日 · ${e.topic}`,
    description: (e) => [
      `主题：${e.topic}`,
      `地点：${zhCN.venue(e.projectName, e.venueKind)}`,
      `接待人：${e.executive.name}`,
      ...(e.provisional ? ['', zhCN.ics.provisional(e.date)] : []),
      '',
      `预约名单（登录后查看）：${e.rosterUrl}`,
    ],
    provisional: (date) => `暂定：${date.slice(0, 4)} 年放假安排尚未公布，如遇放假将另行通知改期。`,
    feedName: (name) => `一线 · ${name}`,
    dutySummary: (d) => `${zhCN.dutyTitle(d)}${d.provisional ? '（暂定）' : ''}`,
    dutyDescription: (d) => [
      DUTY_KIND_LABELS[d.kind].zh,
      `${d.dueFrom} – ${d.dueTo}`,
      ...(d.provisional ? ['', zhCN.ics.provisional(d.date)] : []),
    ],
  },
};

const en: MailCatalogue = {
  icsLanguage: 'EN',
  venue: (projectName, kind) => `${projectName} ${VENUE_KIND_LABELS[kind].en}`,
  dutyTitle: (d) => dutyTitle(d.kind, d.projectName, d.eventTitle, 'en'),

  invite(m) {
    const e = m.event;
    const change: Record<InviteChange, string> = {
      new: 'Invitation',
      updated: 'Updated',
      moved: 'Moved',
      cancelled: 'Cancelled',
      removed: 'No longer needed',
    };
    return {
      subject: `[Frontline] ${change[m.change]}: reception day ${when(e)} · ${e.topic}`,
      lines: [
        `Hello ${m.name},`,
        '',
        m.change === 'cancelled'
          ? 'This reception day has been cancelled.'
          : m.change === 'removed'
            ? 'You are no longer an attendee of this reception day.'
            : 'Please accept or decline this reception day in your calendar.',
        `When: ${when(e)} (China Standard Time)`,
        `Where: ${en.venue(e.projectName, e.venueKind)}`,
        `Topic: ${e.topic}`,
        ...(m.note ? [`Note: ${m.note}`] : []),
        `Roster: ${e.rosterUrl}`,
      ],
    };
  },

  bookingNotice(n) {
    const moved = n.change === 'moved';
    return {
      subject: moved ? `[Frontline] Booking moved: ${when(n.event)}` : `[Frontline] Booking released: ${n.event.date}`,
      lines: [
        `Hello ${n.to.name},`,
        '',
        moved
          ? `Your households' bookings moved with the reception day to ${when(n.event)}.`
          : `The reception day on ${when(n.event)} was cancelled; your households' bookings were released. Please book them again.`,
        `Households: ${n.households.join(', ')}`,
        `Reason: ${n.reason}`,
        `Details: ${n.link}`,
      ],
    };
  },

  dutyReminder(r) {
    const title = en.dutyTitle(r.duty);
    return {
      subject: `[Frontline] Reminder: ${title} is due by ${r.dueTo}`,
      lines: [`Hello ${r.to.name},`, '', `"${title}" is due by ${r.dueTo}.`, `Open it: ${r.link}`],
    };
  },

  receptionReminder(r) {
    const e = r.event;
    const venue = en.venue(e.projectName, e.venueKind);
    return {
      subject: `[Frontline] Tomorrow: reception day ${when(e)} · ${venue}`,
      lines: [
        `Hello ${r.to.name},`,
        '',
        `Tomorrow (${when(e)}) there is a reception day at ${venue}, topic "${e.topic}", ${plural(r.bookings, 'household', 'households')} booked.`,
        `Roster: ${e.rosterUrl}`,
      ],
    };
  },

  weeklyDigest(d) {
    return {
      subject: `[Frontline] Weekly overdue duties ${d.week}: ${d.total}`,
      lines: [
        `Hello ${d.to.name},`,
        '',
        `${plural(d.total, 'duty', 'duties')} in your scope ${d.total === 1 ? 'is' : 'are'} overdue${d.total > d.rows.length ? ` (the first ${d.rows.length} below)` : ''}:`,
        ...d.rows.map((r) => `- ${r.employeeName}: ${en.dutyTitle(r.duty)} (${r.dueTo})`),
        `Full list: ${d.link}`,
      ],
    };
  },

  receptionDateNotice(n) {
    return {
      subject: `[Frontline] Reception day to move: ${n.date} is now a ${n.now.en}`,
      lines: [
        `Hello ${n.to.name},`,
        '',
        `Your reception day on ${n.date} now falls on a ${n.now.en}; reception days must be on working days.`,
        n.proposed
          ? `It could move to ${n.proposed}: open the reception day to move it in one step (invites and bookings follow):`
          : 'No working day is left in its window: open the reception day to decide:',
        n.link,
      ],
    };
  },

  calendarWatch(w) {
    return {
      subject: `[Frontline] ${w.year} holiday notice not entered yet`,
      lines: [
        `Hello ${w.to.name},`,
        '',
        `The ${w.year} working-day calendar is still provisional (statutory holidays only). When the State Council's notice is out, paste it on Working-day calendar and apply it; planned duties follow.`,
        w.link,
      ],
    };
  },

  verificationAssigned(m) {
    return {
      subject: `[Frontline] Verification revisit: ${m.planTitle} (by ${m.dueTo})`,
      lines: [
        `Hello ${m.to.name},`,
        '',
        `The improvement plan "${m.planTitle}" reports its fix done. Please revisit the named household by ${m.dueTo} and record whether the problem is solved.`,
        `Record it: ${m.link}`,
      ],
    };
  },

  planReopened(m) {
    return {
      subject: `[Frontline] Plan reopened: ${m.planTitle}`,
      lines: [
        `Hello ${m.to.name},`,
        '',
        `After your improvement plan "${m.planTitle}" closed, households it was meant to fix reported the same problem again (${plural(m.reports, 'report', 'reports')}); the plan is reopened.`,
        `Open it: ${m.link}`,
      ],
    };
  },

  ticket(m) {
    const words: Record<TicketMailKind, [string, string]> = {
      assigned: ['New ticket', 'A ticket has been given to you to handle.'],
      reminder: [
        'Ticket due soon',
        'Most of the time allowed for your ticket is used up. Please handle it and tell the customer how it stands.',
      ],
      breached: [
        'Ticket overdue',
        'A ticket handled by someone you manage is past its time limit. Please follow it up.',
      ],
      escalated: [
        'Overdue ticket escalated',
        'A ticket of your project has been overdue for a working day and is escalated to you.',
      ],
      crisis: [
        'Crisis ticket',
        'A ticket was assessed as a crisis (media, injury or a group complaint). Please act at once.',
      ],
      reopened: ['Ticket reopened', 'The customer was not satisfied with the result; the ticket is reopened.'],
      regional: ['Major ticket', 'A ticket was assessed as major and is in the regional general manager’s queue.'],
    };
    const [subject, intro] = words[m.kind];
    const type = TICKET_TYPE_LABELS[m.ticket.type].en;
    return {
      subject: `[Frontline] ${subject}: #${m.ticket.id} ${type} ${m.ticket.projectName}`,
      lines: [
        `Hello ${m.to.name},`,
        '',
        intro,
        `Ticket #${m.ticket.id} (${type}, ${m.ticket.projectName}): ${excerpt(m.ticket.description)}`,
        `Due by: ${instant(m.resolveBy)} (China Standard Time)`,
        `Open it: ${m.link}`,
      ],
    };
  },

  revealLimit(a) {
    const minutes = a.policy.windowMs / 60_000;
    return {
      subject: `[Frontline] Too many customer-detail views: ${a.person.name} ${a.person.employeeNo}`,
      lines: [
        `Hello ${a.to.name},`,
        '',
        `${a.person.name} (${a.person.employeeNo}) reached ${a.policy.max} views of full customer details within ${minutes} minutes (${instant(a.at)} China Standard Time). Further views are held back until the oldest is ${minutes} minutes old.`,
        'If this is not ordinary work, review the audit log and contact them.',
        `Audit log: ${a.link}`,
      ],
    };
  },

  ics: {
    summary: (e) => `Reception day · ${e.topic}`,
    description: (e) => [
      `Topic: ${e.topic}`,
      `Venue: ${en.venue(e.projectName, e.venueKind)}`,
      `Host: ${e.executive.name}`,
      ...(e.provisional ? ['', en.ics.provisional(e.date)] : []),
      '',
      `Roster (sign-in required): ${e.rosterUrl}`,
    ],
    provisional: (date) =>
      `Provisional: the ${date.slice(0, 4)} holiday notice is not out yet; if this day becomes a holiday you will be told of a new date.`,
    feedName: (name) => `Frontline · ${name}`,
    dutySummary: (d) => `${en.dutyTitle(d)}${d.provisional ? ' (provisional)' : ''}`,
    dutyDescription: (d) => [
      DUTY_KIND_LABELS[d.kind].en,
      `${d.dueFrom} – ${d.dueTo}`,
      ...(d.provisional ? ['', en.ics.provisional(d.date)] : []),
    ],
  },
};

/** The catalogue, by the recipient's language. */
export const MAIL_TEXT: Record<Locale, MailCatalogue> = { 'zh-CN': zhCN, en };
