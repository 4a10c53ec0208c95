import type { CalendarYear, SpecialDay, SpecialDayKind } from './work-calendar.ts';

/**
 * China's public holidays and make-up working days (调休), as the State
 * Council's General Office publishes them each year in its notice on holiday
 * arrangements (国务院办公厅关于 YYYY 年部分节假日安排的通知, www.gov.cn).
 * Shipped for 2024–2026; later years are added by a system admin (form or
 * file import) until a release ships them. Weekend days inside a holiday span
 * are listed as holidays, as the notices count them.
 */

function span(from: string, days: number, kind: SpecialDayKind, name: string): SpecialDay[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    kind,
    name,
  }));
}
const makeup = (date: string, name: string): SpecialDay => ({ date, kind: 'makeup', name });
const source = (year: number, published: string) =>
  `国务院办公厅关于${year}年部分节假日安排的通知（${published}发布，www.gov.cn）`;

export const CN_HOLIDAY_YEARS: readonly CalendarYear[] = [
  {
    year: 2024,
    source: source(2024, '2023-10-25'),
    days: [
      ...span('2024-01-01', 1, 'holiday', '元旦'),
      makeup('2024-02-04', '春节'),
      ...span('2024-02-10', 8, 'holiday', '春节'),
      makeup('2024-02-18', '春节'),
      ...span('2024-04-04', 3, 'holiday', '清明节'),
      makeup('2024-04-07', '清明节'),
      makeup('2024-04-28', '劳动节'),
      ...span('2024-05-01', 5, 'holiday', '劳动节'),
      makeup('2024-05-11', '劳动节'),
      ...span('2024-06-10', 1, 'holiday', '端午节'),
      makeup('2024-09-14', '中秋节'),
      ...span('2024-09-15', 3, 'holiday', '中秋节'),
      makeup('2024-09-29', '国庆节'),
      ...span('2024-10-01', 7, 'holiday', '国庆节'),
      makeup('2024-10-12', '国庆节'),
    ],
  },
  {
    year: 2025,
    source: source(2025, '2024-11-12'),
    days: [
      ...span('2025-01-01', 1, 'holiday', '元旦'),
      makeup('2025-01-26', '春节'),
      ...span('2025-01-28', 8, 'holiday', '春节'),
      makeup('2025-02-08', '春节'),
      ...span('2025-04-04', 3, 'holiday', '清明节'),
      makeup('2025-04-27', '劳动节'),
      ...span('2025-05-01', 5, 'holiday', '劳动节'),
      ...span('2025-05-31', 3, 'holiday', '端午节'),
      makeup('2025-09-28', '国庆节、中秋节'),
      ...span('2025-10-01', 8, 'holiday', '国庆节、中秋节'),
      makeup('2025-10-11', '国庆节、中秋节'),
    ],
  },
  {
    year: 2026,
    source: source(2026, '2025-11-04'),
    days: [
      ...span('2026-01-01', 3, 'holiday', '元旦'),
      makeup('2026-01-04', '元旦'),
      makeup('2026-02-14', '春节'),
      ...span('2026-02-15', 9, 'holiday', '春节'),
      makeup('2026-02-28', '春节'),
      ...span('2026-04-04', 3, 'holiday', '清明节'),
      ...span('2026-05-01', 5, 'holiday', '劳动节'),
      makeup('2026-05-09', '劳动节'),
      ...span('2026-06-19', 3, 'holiday', '端午节'),
      makeup('2026-09-20', '国庆节'),
      ...span('2026-09-25', 3, 'holiday', '中秋节'),
      ...span('2026-10-01', 7, 'holiday', '国庆节'),
      makeup('2026-10-10', '国庆节'),
    ],
  },
];
