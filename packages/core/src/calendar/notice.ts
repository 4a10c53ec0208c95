import { isProductYear, YEARS } from '../bounds.ts';
import type { ErrorCode, MessageParams } from '../result.ts';
import { daysBetween, eachDate, isIsoDate, isWeekend, weekdayOf, yearOf, type IsoDate } from './dates.ts';
import type { SpecialDay } from './work-calendar.ts';

/**
 * Reads the State Council General Office's annual notice on holiday
 * arrangements (国务院办公厅关于…年部分节假日安排的通知) as an admin pastes it:
 * the year, title, document number and date of the notice, and the days each
 * numbered line states. The notice is the authority, so nothing is guessed:
 * every line that looks like an arrangement but cannot be read, and every
 * statement that contradicts itself (a weekday, a day count, a make-up day on
 * a weekday), comes back as a problem on its line for the admin to fix.
 */

/** A line the parser could not read or found contradictory: 1-based line number, the line as pasted (trimmed), a message code. */
export type NoticeProblem = { line: number; text: string; code: ErrorCode; params: MessageParams };

export type NoticeReading = {
  year: number | null;
  title: string | null;
  /** E.g. 国办发明电〔2025〕7号; reposts often leave it out. */
  documentNumber: string | null;
  /** The date line that closes the notice. */
  publishedOn: IsoDate | null;
  /**
   * What the text states, sorted by date; a holiday range is every day from
   * its first to its last (weekends included, as the notices count them). A
   * date stated twice is kept once, at its first line; without a year there
   * are no dates, so no days. The days are only fit to save when `problems`
   * is empty.
   */
  days: SpecialDay[];
  /** In line order. Problems that concern the whole text sit on the title line (or the first line). */
  problems: NoticeProblem[];
};

const WEEKDAYS = [
  { zh: '周日', en: 'Sunday' },
  { zh: '周一', en: 'Monday' },
  { zh: '周二', en: 'Tuesday' },
  { zh: '周三', en: 'Wednesday' },
  { zh: '周四', en: 'Thursday' },
  { zh: '周五', en: 'Friday' },
  { zh: '周六', en: 'Saturday' },
] as const;
const WEEKDAY_DIGITS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/* The grammar, over a line made compact: NFKC (full-width ：（），～ become : ( ) , ~) and no whitespace. */
/** 8, 八, 十二: a count as digits or as a well-formed Chinese numeral below 100. */
const NUM = String.raw`\d+|[一二两三四五六七八九]?十[一二两三四五六七八九]?|[一二两三四五六七八九]`;
const DATE = String.raw`(?:\d{4}年)?\d{1,2}月\d{1,2}日`;
/** The last day of a range may leave out the month: 4月4日（周六）至6日（周一）. */
const END_DATE = String.raw`(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日`;
/** What follows a date in brackets: the weekday, the lunar date (农历除夕、周二). */
const NOTE = String.raw`(?:\([^()]*\))?`;
const HOLIDAY = new RegExp(
  `(${DATE}${NOTE})(?:(?:至|到|~|-|—|–)(${END_DATE}${NOTE}))?,?放假(?:调休)?(?:(${NUM})天)?(?:,?共(${NUM})天)?(?:,?不调休)?`,
  'y',
);
const MAKEUP = new RegExp(`(${DATE}${NOTE}(?:[、,和及]${DATE}${NOTE})*),?(?:调休)?(?:上班|补班)`, 'y');
const COUNT = new RegExp(`共(${NUM})天`, 'y');
const DATE_IN_LIST = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\(([^()]*)\))?/g;
const ONE_DATE = /^(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?$/;
const WEEKDAY = /^(?:周|星期|礼拜)([一二三四五六日天])$/;
const STARTS_WITH_DATE = new RegExp(`^${DATE}`);
/**
 * What makes a phrase an arrangement rather than a remark (与周末连休,
 * 安排职工在除夕（2月9日）休息): a phrase with these that did not read is a
 * garbled arrangement (上斑, 共3.5天), never one to pass over.
 */
const ARRANGEMENT_WORDS = /放假|上班|补班|共[\d零一二两三四五六七八九十]|\d天/;

/** 一、 二、 … or 1. 1、 or （一） at the start of a line. */
const NUMBERING = /^(?:[一二三四五六七八九十]+[、.,]|\d{1,2}[、.](?!\d)|\((?:[一二三四五六七八九十]+|\d{1,2})\))/;
/** 元旦: or 国庆节、中秋节: before the arrangement. */
const LABEL = /^([^:().。]{1,20}?):(.+)$/;
const TITLE = /(\d{4})年[^,.。:]*?节假日安排/;
const BODY_YEAR = /现将(\d{4})年/;
const DOCUMENT_NUMBER = /(国办发(?:明电)?)[〔[(【](\d{4})[〕\])】](\d+)号/;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

type Weekday = { written: string; index: number };
type WrittenDate = { written: string; year: number | null; month: number | null; day: number; weekday: Weekday | null };
type Clause =
  | { kind: 'holiday'; from: WrittenDate; to: WrittenDate | null; counts: number[] }
  | { kind: 'makeup'; dates: WrittenDate[] };
/** One pasted line of arrangements, with the holiday name it belongs to. */
type ArrangementLine = { line: number; text: string; name: string; clauses: Clause[] };

export function parseHolidayNotice(text: string): NoticeReading {
  const lines = text.split(/\r\n|\r|\n/).map((raw, i) => ({ line: i + 1, text: raw.trim(), compact: compact(raw) }));
  const problems: NoticeProblem[] = [];
  const problem = (at: { line: number; text: string }, code: ErrorCode, params: MessageParams = {}) =>
    problems.push({ line: at.line, text: at.text, code, params });

  const arrangements: ArrangementLine[] = [];
  let titleLine: (typeof lines)[number] | undefined;
  let titleYear: number | null = null;
  let bodyYear: { year: number; at: (typeof lines)[number] } | null = null;
  let documentNumber: string | null = null;
  let dateLine: (typeof lines)[number] | undefined;
  let holidayLines = 0;
  /** The arrangement a following line continues, when a long line was broken in pasting. */
  let continues: ArrangementLine | null = null;

  for (const at of lines) {
    const c = at.compact;
    if (!c) continue;
    const numbering = NUMBERING.exec(c);
    const rest = numbering ? c.slice(numbering[0].length) : c;
    const label = LABEL.exec(rest);
    if (numbering || (label && STARTS_WITH_DATE.test(label[2]!))) {
      holidayLines += 1;
      const clauses = label ? readClauses(label[2]!) : null;
      if (!label || !clauses || !clauses.some((cl) => cl.kind === 'holiday')) {
        problem(at, 'NOTICE_LINE_UNREADABLE');
        continues = null;
        continue;
      }
      continues = { line: at.line, text: at.text, name: label[1]!.replace(/,/g, '、'), clauses };
      arrangements.push(continues);
      continue;
    }
    if (STARTS_WITH_DATE.test(c) && ARRANGEMENT_WORDS.test(c)) {
      const clauses = readClauses(c);
      if (!continues || !clauses) problem(at, 'NOTICE_LINE_UNREADABLE');
      else arrangements.push({ line: at.line, text: at.text, name: continues.name, clauses });
      continue;
    }
    continues = null;
    // The first title, body year and document number count; the last date line is the notice's own.
    const title: RegExpExecArray | null = titleLine ? null : TITLE.exec(c);
    if (title) {
      titleLine = at;
      titleYear = Number(title[1]);
    }
    const body: RegExpExecArray | null = bodyYear ? null : BODY_YEAR.exec(c);
    if (body) bodyYear = { year: Number(body[1]), at };
    const number: RegExpExecArray | null = documentNumber ? null : DOCUMENT_NUMBER.exec(c);
    if (number) documentNumber = `${number[1]}〔${number[2]}〕${number[3]}号`;
    if (DATE_LINE.test(c)) dateLine = at;
  }

  const head = titleLine ?? lines.find((l) => l.compact) ?? lines[0]!;
  const year = titleYear ?? bodyYear?.year ?? null;
  if (year === null) problem(head, 'NOTICE_NO_YEAR');
  else if (!isProductYear(year)) problem(head, 'YEAR_OUT_OF_RANGE', { min: YEARS.min, max: YEARS.max });
  if (titleYear !== null && bodyYear && bodyYear.year !== titleYear) {
    problem(bodyYear.at, 'NOTICE_YEAR_CONFLICT', { titleYear, bodyYear: bodyYear.year });
  }
  if (holidayLines === 0) problem(head, 'NOTICE_NO_HOLIDAYS');

  let publishedOn: IsoDate | null = null;
  if (dateLine) {
    const [, y, m, d] = DATE_LINE.exec(dateLine.compact)!;
    const date = isoOf(Number(y), Number(m), Number(d));
    if (isIsoDate(date)) publishedOn = date;
    else problem(dateLine, 'NOTICE_DATE_INVALID', { written: dateLine.compact });
  }

  const days = year === null ? [] : resolveDays(arrangements, year, problem);
  problems.sort((a, b) => a.line - b.line);
  return { year, title: titleLine?.text ?? null, documentNumber, publishedOn, days, problems };
}

/** Turns the written dates into days, in the notice's year, checking each statement against the calendar. */
function resolveDays(
  arrangements: readonly ArrangementLine[],
  year: number,
  problem: (at: ArrangementLine, code: ErrorCode, params?: MessageParams) => void,
): SpecialDay[] {
  const days: SpecialDay[] = [];
  const firstLine = new Map<IsoDate, number>();

  for (const at of arrangements) {
    const checkWeekday = (date: IsoDate, written: WrittenDate) => {
      const actual = weekdayOf(date);
      if (written.weekday && written.weekday.index !== actual) {
        const stated = WEEKDAYS[written.weekday.index]!;
        problem(at, 'NOTICE_WEEKDAY_MISMATCH', {
          date,
          written: { zh: written.weekday.written, en: stated.en },
          actual: WEEKDAYS[actual]!,
        });
      }
    };
    const checkYear = (dates: readonly IsoDate[]) => {
      const outside = dates.find((d) => yearOf(d) !== year);
      if (outside) problem(at, 'NOTICE_DATE_OUTSIDE_YEAR', { date: outside, year });
    };
    const add = (date: IsoDate, kind: SpecialDay['kind']) => {
      const first = firstLine.get(date);
      if (first !== undefined) {
        problem(at, 'NOTICE_DATE_TWICE', { date, firstLine: first });
        return;
      }
      firstLine.set(date, at.line);
      days.push({ date, kind, name: at.name });
    };
    const real = (written: WrittenDate, date: IsoDate) => {
      if (isIsoDate(date)) return true;
      problem(at, 'NOTICE_DATE_INVALID', { written: written.written });
      return false;
    };

    for (const clause of at.clauses) {
      if (clause.kind === 'holiday') {
        const fromYear = clause.from.year ?? year;
        const fromMonth = clause.from.month!;
        const from = isoOf(fromYear, fromMonth, clause.from.day);
        const to = clause.to ? endOf(clause.to, fromYear, fromMonth) : from;
        if (!real(clause.from, from) || (clause.to && !real(clause.to, to))) continue;
        if (to < from) {
          problem(at, 'NOTICE_RANGE_INVERTED', { from, to });
          continue;
        }
        checkWeekday(from, clause.from);
        if (clause.to) checkWeekday(to, clause.to);
        const actual = daysBetween(from, to) + 1;
        for (const stated of clause.counts)
          if (stated !== actual) problem(at, 'NOTICE_COUNT_MISMATCH', { from, to, stated, actual });
        const span = eachDate(from, to);
        checkYear(span);
        for (const date of span) add(date, 'holiday');
      } else {
        for (const written of clause.dates) {
          const date = isoOf(written.year ?? year, written.month!, written.day);
          if (!real(written, date)) continue;
          checkWeekday(date, written);
          if (!isWeekend(date)) problem(at, 'NOTICE_MAKEUP_NOT_WEEKEND', { date, weekday: WEEKDAYS[weekdayOf(date)]! });
          checkYear([date]);
          add(date, 'makeup');
        }
      }
    }
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A range's last day takes the first day's month when it leaves it out; an earlier month means the next year. */
function endOf(to: WrittenDate, fromYear: number, fromMonth: number): IsoDate {
  const month = to.month ?? fromMonth;
  const year = to.year ?? (month < fromMonth ? fromYear + 1 : fromYear);
  return isoOf(year, month, to.day);
}

/**
 * The arrangements of one line: holiday ranges with their stated counts and
 * lists of make-up days. Null when a phrase that states an arrangement cannot
 * be read; remarks (与周末连休) are passed over.
 */
function readClauses(body: string): Clause[] | null {
  const clauses: Clause[] = [];
  for (const sentence of splitOutsideNotes(body, '。.;')) {
    let holiday: Extract<Clause, { kind: 'holiday' }> | null = null;
    let at = 0;
    while (at < sentence.length) {
      if (sentence[at] === ',') {
        at += 1;
        continue;
      }
      const range = matchAt(HOLIDAY, sentence, at);
      if (range) {
        const from = readDate(range[1]!);
        const to = range[2] ? readDate(range[2]) : null;
        if (!from || from.month === null || (range[2] && !to)) return null;
        holiday = {
          kind: 'holiday',
          from,
          to,
          counts: [range[3], range[4]].filter((n) => n !== undefined).map(readNumber),
        };
        clauses.push(holiday);
        at += range[0].length;
        continue;
      }
      const makeup = matchAt(MAKEUP, sentence, at);
      if (makeup) {
        const dates: WrittenDate[] = [];
        for (const m of makeup[1]!.matchAll(DATE_IN_LIST)) {
          const date = readDate(m[0]);
          if (!date) return null;
          dates.push(date);
        }
        clauses.push({ kind: 'makeup', dates });
        holiday = null;
        at += makeup[0].length;
        continue;
      }
      const count = matchAt(COUNT, sentence, at);
      if (count && holiday) {
        holiday.counts.push(readNumber(count[1]!));
        at += count[0].length;
        continue;
      }
      const end = phraseEnd(sentence, at);
      const remark = sentence.slice(at, end);
      if (STARTS_WITH_DATE.test(remark) || ARRANGEMENT_WORDS.test(remark)) return null;
      at = end;
    }
  }
  return clauses;
}

function readDate(written: string): WrittenDate | null {
  const m = ONE_DATE.exec(written);
  if (!m) return null;
  const weekdays: Weekday[] = [];
  for (const word of (m[4] ?? '').split(/[、,]/)) {
    const weekday = WEEKDAY.exec(word);
    if (weekday) weekdays.push({ written: word, index: WEEKDAY_DIGITS[weekday[1]!]! });
    // 周八 or 星期 alone is a weekday written wrong, not a lunar note to pass over.
    else if (/^(?:周|星期|礼拜)/.test(word)) return null;
  }
  if (weekdays.length > 1) return null;
  return {
    written: written.replace(/\(.*$/, ''),
    year: m[1] ? Number(m[1]) : null,
    month: m[2] ? Number(m[2]) : null,
    day: Number(m[3]),
    weekday: weekdays[0] ?? null,
  };
}

function readNumber(written: string): number {
  if (/^\d+$/.test(written)) return Number(written);
  const digit = (ch: string | undefined) => (ch ? '零一二三四五六七八九'.indexOf(ch.replace('两', '二')) : 0);
  const [tens, ones] = written.split('十');
  if (ones === undefined) return digit(tens);
  return (tens ? digit(tens) : 1) * 10 + digit(ones);
}

/** Splits at any of `separators` outside brackets: the note （农历除夕,周二） may hold a comma in half-width reposts. */
function splitOutsideNotes(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(ch)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p);
}

/** Where the phrase starting at `at` ends: the next comma outside brackets, or the end. */
function phraseEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) return i;
  }
  return text.length;
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** Full-width punctuation and digits to half-width (NFKC), and no whitespace: 1 月 1 日（周三） reads as 1月1日(周三). */
function compact(line: string): string {
  return line.normalize('NFKC').replace(/[\s\u200b]+/g, '');
}

function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
