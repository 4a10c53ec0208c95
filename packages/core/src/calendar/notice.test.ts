import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage, type ErrorCode } from '../result.ts';
import { CN_HOLIDAY_YEARS } from './cn-holidays.ts';
import { addDaysIso, eachDate, isWeekend, weekdayOf, yearOf, type IsoDate } from './dates.ts';
import { parseHolidayNotice, type NoticeReading } from './notice.ts';
import type { SpecialDay } from './work-calendar.ts';

const notice = (year: number) => readFileSync(new URL(`./notices/${year}.txt`, import.meta.url), 'utf8');
const shipped = (year: number): SpecialDay[] =>
  [...CN_HOLIDAY_YEARS.find((y) => y.year === year)!.days].sort((a, b) => a.date.localeCompare(b.date));
/** The 1-based number of the first line of `text` that holds `part`. */
const lineOf = (text: string, part: string) => text.split('\n').findIndex((l) => l.includes(part)) + 1;
const codes = (reading: NoticeReading) => reading.problems.map((p) => p.code);

/** Replaces `from` with `to` once, failing loudly if the notice no longer holds `from`. */
function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('the published notices', () => {
  it.each([
    { year: 2025, documentNumber: '国办发明电〔2024〕12号', publishedOn: '2024-11-12' },
    { year: 2026, documentNumber: null, publishedOn: '2025-11-04' },
  ])('the $year notice reads as exactly the shipped $year calendar', ({ year, documentNumber, publishedOn }) => {
    const reading = parseHolidayNotice(notice(year));
    expect(reading.problems).toEqual([]);
    expect(reading.days).toEqual(shipped(year));
    expect(reading).toMatchObject({
      year,
      title: `国务院办公厅关于${year}年部分节假日安排的通知`,
      documentNumber,
      publishedOn,
    });
  });

  const variants: Record<string, (text: string) => string> = {
    'half-width punctuation': (t) =>
      t.replace(/：/g, ':').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/。/g, '.'),
    'extra whitespace, blank lines and CRLF': (t) =>
      t
        .split('\n')
        .map((l) => `\u3000\u3000${l.replace(/日（/g, '日 （').replace(/至/g, ' 至 ').replace(/、/g, '、 ')}  `)
        .join('\r\n\r\n\r\n'),
    '星期 for 周 (and 星期天 for Sunday)': (t) => t.replace(/周日/g, '星期天').replace(/周/g, '星期'),
    '1. numbering and full-width digits': (t) =>
      t
        .replace(/^([一二三四五六七])、/gm, (_, n: string) => `${'一二三四五六七'.indexOf(n) + 1}. `)
        .replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    'a long line broken before its make-up days': (t) => t.replace(/共(\d)天。(\d)/g, '共$1天。\n$2'),
  };
  for (const [variant, rewrite] of Object.entries(variants)) {
    it.each([2025, 2026])(`the %i notice with ${variant} reads the same`, (year) => {
      const text = rewrite(notice(year));
      expect(text).not.toBe(notice(year));
      const reading = parseHolidayNotice(text);
      expect(reading.problems).toEqual([]);
      expect(reading.days).toEqual(shipped(year));
      expect(reading).toMatchObject({ year, publishedOn: parseHolidayNotice(notice(year)).publishedOn });
    });
  }

  it('reads the older style, without weekdays on holidays and with remarks, as the shipped 2024 calendar', () => {
    const text = [
      '国务院办公厅关于2024年部分节假日安排的通知',
      '国办发明电〔2023〕7号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
      '经国务院批准，现将2024年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。',
      '一、元旦：1月1日放假，与周末连休。',
      '二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。',
      '三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。',
      '四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。',
      '五、端午节：6月10日放假，与周末连休。',
      '六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。',
      '七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。',
      '节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。',
      '国务院办公厅',
      '2023年10月25日',
    ].join('\n');
    const reading = parseHolidayNotice(text);
    expect(reading.problems).toEqual([]);
    expect(reading.days).toEqual(shipped(2024));
    expect(reading).toMatchObject({ year: 2024, documentNumber: '国办发明电〔2023〕7号', publishedOn: '2023-10-25' });
  });
});

describe('what the notice gets wrong', () => {
  const text = notice(2026);

  it('a weekday that does not match its date names the date, the weekday written and the real one', () => {
    const reading = parseHolidayNotice(edit(text, '1月1日（周四）', '1月1日（周五）'));
    expect(reading.problems).toEqual([
      {
        line: lineOf(text, '一、元旦'),
        text: '一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
        code: 'NOTICE_WEEKDAY_MISMATCH',
        params: { date: '2026-01-01', written: { zh: '周五', en: 'Friday' }, actual: { zh: '周四', en: 'Thursday' } },
      },
    ]);
    expect(reading.days).toEqual(shipped(2026));
    expect(formatMessage('NOTICE_WEEKDAY_MISMATCH', 'zh-CN', reading.problems[0]!.params)).toBe(
      '2026-01-01 写的是周五，但那天是周四。',
    );
    expect(formatMessage('NOTICE_WEEKDAY_MISMATCH', 'en', reading.problems[0]!.params)).toBe(
      '2026-01-01 is given as a Friday, but it is a Thursday.',
    );
  });

  it.each([
    ['共8天', 8],
    ['共十二天', 12],
  ])('a stated count (%s) that does not match the range', (written, stated) => {
    const reading = parseHolidayNotice(edit(text, '共9天', written));
    expect(reading.problems).toMatchObject([
      {
        line: lineOf(text, '二、春节'),
        code: 'NOTICE_COUNT_MISMATCH',
        params: { from: '2026-02-15', to: '2026-02-23', stated, actual: 9 },
      },
    ]);
    expect(reading.days).toEqual(shipped(2026));
  });

  it('a make-up day on a weekday', () => {
    const reading = parseHolidayNotice(edit(text, '5月9日（周六）上班', '5月8日（周五）上班'));
    expect(reading.problems).toMatchObject([
      {
        line: lineOf(text, '四、劳动节'),
        code: 'NOTICE_MAKEUP_NOT_WEEKEND',
        params: { date: '2026-05-08', weekday: { zh: '周五', en: 'Friday' } },
      },
    ]);
    expect(reading.days).toEqual(
      shipped(2026)
        .map((d) => (d.date === '2026-05-09' ? { ...d, date: '2026-05-08' } : d))
        .sort((a, b) => a.date.localeCompare(b.date)),
    );
  });

  it('a date stated twice is kept at its first line and reported at the second', () => {
    const reading = parseHolidayNotice(edit(text, '9月20日（周日）', '9月26日（周六）'));
    expect(reading.problems).toMatchObject([
      {
        line: lineOf(text, '七、国庆节'),
        code: 'NOTICE_DATE_TWICE',
        params: { date: '2026-09-26', firstLine: lineOf(text, '六、中秋节') },
      },
    ]);
    expect(reading.days.filter((d) => d.date === '2026-09-26')).toEqual([
      { date: '2026-09-26', kind: 'holiday', name: '中秋节' },
    ]);
    expect(reading.days).toEqual(shipped(2026).filter((d) => d.date !== '2026-09-20'));
  });

  it('a holiday line it cannot read is a problem on its line, and the other lines still read', () => {
    const garbled = edit(text, '4月4日（周六）至6日（周一）放假', '四月四日至六日放假');
    const reading = parseHolidayNotice(garbled);
    expect(reading.problems).toEqual([
      {
        line: lineOf(text, '三、清明节'),
        text: '三、清明节：四月四日至六日放假，共3天。',
        code: 'NOTICE_LINE_UNREADABLE',
        params: {},
      },
    ]);
    expect(reading.days).toEqual(shipped(2026).filter((d) => d.name !== '清明节'));
  });

  it.each([
    ['a make-up list it cannot read', '5月9日（周六）上班', '5月9日（周六）上斑'],
    ['a weekday written wrong', '4月4日（周六）', '4月4日（周八）'],
    ['a numbered line without a holiday name', '五、端午节：', '五、'],
    ['a count it cannot read', '共3天。1月4日', '共3.5天。1月4日'],
    ['a count in Chinese numerals that is not a number', '共3天。1月4日', '共三三天。1月4日'],
  ])('%s is unreadable, not dropped', (_, from, to) => {
    const changed = edit(text, from, to);
    const reading = parseHolidayNotice(changed);
    expect(reading.problems).toMatchObject([{ line: lineOf(changed, to), code: 'NOTICE_LINE_UNREADABLE' }]);
    expect(reading.days.length).toBeLessThan(shipped(2026).length);
  });

  it('dates that are not real, ranges that end before they start, dates outside the year', () => {
    const changed = [
      '国务院办公厅关于2026年部分节假日安排的通知',
      '一、元旦：2月30日放假1天。',
      '二、劳动节：5月5日（周二）至1日放假。',
      '三、跨年：12月31日（周四）至1月2日（周六）放假，共3天。2025年12月28日（周日）上班。',
    ].join('\n');
    const reading = parseHolidayNotice(changed);
    expect(reading.problems).toMatchObject([
      { line: 2, code: 'NOTICE_DATE_INVALID', params: { written: '2月30日' } },
      { line: 3, code: 'NOTICE_RANGE_INVERTED', params: { from: '2026-05-05', to: '2026-05-01' } },
      { line: 4, code: 'NOTICE_DATE_OUTSIDE_YEAR', params: { date: '2027-01-01', year: 2026 } },
      { line: 4, code: 'NOTICE_DATE_OUTSIDE_YEAR', params: { date: '2025-12-28', year: 2026 } },
    ]);
    expect(reading.days.map((d) => d.date)).toEqual(['2025-12-28', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('a text with no year says so on its first line, and still reads the lines it can', () => {
    const changed = edit(
      edit(edit(text, '关于2026年', '关于'), '现将2026年', '现将'),
      '4月4日（周六）至6日（周一）放假',
      '四月四日放假',
    );
    const reading = parseHolidayNotice(changed);
    expect(reading.problems).toMatchObject([
      { line: 1, text: '国务院办公厅关于部分节假日安排的通知', code: 'NOTICE_NO_YEAR' },
      { line: lineOf(changed, '三、清明节'), code: 'NOTICE_LINE_UNREADABLE' },
    ]);
    expect(reading).toMatchObject({ year: null, title: null, publishedOn: '2025-11-04', days: [] });
  });

  it('a year read from the body alone, and a body that contradicts the title', () => {
    expect(parseHolidayNotice(text.split('\n').slice(2).join('\n'))).toMatchObject({
      year: 2026,
      title: null,
      problems: [],
      days: shipped(2026),
    });
    const reading = parseHolidayNotice(edit(text, '现将2026年', '现将2027年'));
    expect(reading.problems).toMatchObject([
      { line: lineOf(text, '现将'), code: 'NOTICE_YEAR_CONFLICT', params: { titleYear: 2026, bodyYear: 2027 } },
    ]);
    expect(reading.year).toBe(2026);
  });

  it('a text without holiday lines, or an empty one, is a problem; the closing paragraph and salutation are not', () => {
    const opening = text.split('\n').slice(0, 5).join('\n');
    expect(codes(parseHolidayNotice(opening))).toEqual(['NOTICE_NO_HOLIDAYS']);
    expect(parseHolidayNotice('')).toMatchObject({
      year: null,
      days: [],
      problems: [{ line: 1, text: '', code: 'NOTICE_NO_YEAR' }, { code: 'NOTICE_NO_HOLIDAYS' }],
    });
    const closing = text.split('\n').slice(-6).join('\n');
    expect(
      codes(
        parseHolidayNotice(`国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）放假1天。\n${closing}`),
      ),
    ).toEqual([]);
  });

  it('a make-up line with no holiday before it, and a year outside the product, are problems', () => {
    const stray = parseHolidayNotice(
      '国务院办公厅关于2026年部分节假日安排的通知\n\n1月4日（周日）上班。\n一、元旦：1月1日（周四）放假1天。',
    );
    expect(stray.problems).toMatchObject([{ line: 3, code: 'NOTICE_LINE_UNREADABLE' }]);
    expect(stray.days).toEqual([{ date: '2026-01-01', kind: 'holiday', name: '元旦' }]);
    expect(
      codes(parseHolidayNotice('国务院办公厅关于1999年部分节假日安排的通知\n一、元旦：1月1日（周五）放假1天。')),
    ).toEqual(['YEAR_OUT_OF_RANGE']);
  });

  it('reads a comma inside the lunar note of a half-width repost, and counts written in Chinese numerals', () => {
    const reading = parseHolidayNotice(
      '国务院办公厅关于2025年部分节假日安排的通知\n二、春节:1月28日(农历除夕,周二)至2月4日(农历正月初七,周二)放假调休,共八天.1月26日(周日),2月8日(周六)上班.',
    );
    expect(reading.problems).toEqual([]);
    expect(reading.days).toEqual(shipped(2025).filter((d) => d.name === '春节'));
  });

  it('every problem code has a zh and an en message that fills in its parameters', () => {
    const broken = [
      edit(text, '1月1日（周四）', '1月1日（周五）'),
      edit(text, '共9天', '共8天'),
      edit(text, '5月9日（周六）', '5月8日（周五）'),
      edit(text, '9月20日（周日）', '9月26日（周六）'),
      edit(text, '现将2026年', '现将2027年'),
      '国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：2月30日放假。\n二、劳动节：5月5日至1日放假。\n三、跨年：12月31日至1月2日放假。',
    ];
    const problems = broken.flatMap((t) => parseHolidayNotice(t).problems);
    const seen = new Set<ErrorCode>(problems.map((p) => p.code));
    expect(seen.size).toBe(8);
    for (const p of problems) {
      for (const locale of ['zh-CN', 'en'] as const)
        expect(formatMessage(p.code, locale, p.params)).not.toMatch(/\{\w+\}/);
    }
  });
});

/* Arrangements written the way the General Office writes them, to read back. */

const NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节', '国庆节、中秋节'];
const NUMERALS = '一二三四五六七八九十';
type Arrangement = { name: string; from: IsoDate; length: number; makeups: IsoDate[] };
type Style = { halfWidth: boolean; weekdayWord: '周' | '星期'; sunday: '日' | '天' };

const monthDay = (date: IsoDate) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function writeNotice(
  year: number,
  arrangements: readonly Arrangement[],
  style: Style,
  wrongWeekday?: { line: number; by: number },
): string {
  const weekday = (date: IsoDate, shift = 0) => {
    const day = (weekdayOf(date) + shift) % 7;
    return `（${style.weekdayWord}${day === 0 ? style.sunday : NUMERALS[day - 1]}）`;
  };
  const lines = arrangements.map((a, i) => {
    const to = addDaysIso(a.from, a.length - 1);
    const shift = wrongWeekday?.line === i ? wrongWeekday.by : 0;
    const range =
      a.length === 1
        ? `${monthDay(a.from)}${weekday(a.from, shift)}放假${a.makeups.length ? '调休，共1天' : '1天，不调休'}。`
        : `${monthDay(a.from)}${weekday(a.from, shift)}至${to.slice(5, 7) === a.from.slice(5, 7) ? `${Number(to.slice(8))}日` : monthDay(to)}${weekday(to)}放假${a.makeups.length ? '调休' : ''}，共${a.length}天。`;
    const makeups = a.makeups.length ? `${a.makeups.map((d) => `${monthDay(d)}${weekday(d)}`).join('、')}上班。` : '';
    return `${NUMERALS[i]}、${a.name}：${range}${makeups}`;
  });
  const text = [
    `国务院办公厅关于${year}年部分节假日安排的通知`,
    '',
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    '',
    `经国务院批准，现将${year}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。`,
    '',
    ...lines.flatMap((l) => [l, '']),
    '节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。',
    '',
    '国务院办公厅',
    `${year - 1}年11月4日`,
  ].join('\n');
  return style.halfWidth ? text.replace(/：/g, ':').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',') : text;
}

const HEADER_LINES = 6;

/** Holiday ranges in order through the year, each with make-up weekend days taken from the gap before it. */
const arrangementsArb = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    spans: fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 50 }),
        length: fc.integer({ min: 1, max: 9 }),
        name: fc.constantFrom(...NAMES),
        picks: fc.array(fc.nat(), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    style: fc.record({
      halfWidth: fc.boolean(),
      weekdayWord: fc.constantFrom('周' as const, '星期' as const),
      sunday: fc.constantFrom('日' as const, '天' as const),
    }),
  })
  .map(({ year, spans, style }) => {
    const arrangements: Arrangement[] = [];
    let free = `${year}-01-01`;
    for (const span of spans) {
      const from = addDaysIso(free, span.gap);
      const to = addDaysIso(from, span.length - 1);
      if (yearOf(to) !== year) break;
      const weekends = span.gap ? eachDate(free, addDaysIso(from, -1)).filter(isWeekend) : [];
      const makeups = weekends.length ? [...new Set(span.picks.map((p) => weekends[p % weekends.length]!))].sort() : [];
      arrangements.push({ name: span.name, from, length: span.length, makeups });
      free = addDaysIso(to, 1);
    }
    return { year, arrangements, style };
  })
  .filter(({ arrangements }) => arrangements.length > 0);

const daysOf = (arrangements: readonly Arrangement[]): SpecialDay[] =>
  arrangements
    .flatMap((a) => [
      ...eachDate(a.from, addDaysIso(a.from, a.length - 1)).map((date) => ({
        date,
        kind: 'holiday' as const,
        name: a.name,
      })),
      ...a.makeups.map((date) => ({ date, kind: 'makeup' as const, name: a.name })),
    ])
    .sort((a, b) => a.date.localeCompare(b.date));

describe('notices written from arrangements', () => {
  it('read back to the same days', () => {
    fc.assert(
      fc.property(arrangementsArb, ({ year, arrangements, style }) => {
        const reading = parseHolidayNotice(writeNotice(year, arrangements, style));
        expect(reading.problems).toEqual([]);
        expect(reading).toMatchObject({ year, publishedOn: `${year - 1}-11-04` });
        expect(reading.days).toEqual(daysOf(arrangements));
      }),
    );
  });

  it('a wrong weekday on any line is found on that line, and the days still read', () => {
    fc.assert(
      fc.property(
        arrangementsArb,
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        ({ year, arrangements, style }, pick, by) => {
          const line = pick % arrangements.length;
          const reading = parseHolidayNotice(writeNotice(year, arrangements, style, { line, by }));
          expect(reading.problems).toMatchObject([
            {
              line: HEADER_LINES + 1 + line * 2,
              code: 'NOTICE_WEEKDAY_MISMATCH',
              params: { date: arrangements[line]!.from },
            },
          ]);
          expect(reading.days).toEqual(daysOf(arrangements));
        },
      ),
    );
  });
});
