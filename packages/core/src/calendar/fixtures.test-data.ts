import type { CalendarYear } from './work-calendar.ts';

/** The 2026 notice (国办发明电〔2025〕7号), for tests of core; the shipped data lives in packages/db. */
export const YEAR_2026: CalendarYear = {
  year: 2026,
  source: 'test fixture',
  days: [
    ...range('2026-01-01', 3, 'holiday', '元旦'),
    { date: '2026-01-04', kind: 'makeup', name: '元旦' },
    { date: '2026-02-14', kind: 'makeup', name: '春节' },
    ...range('2026-02-15', 9, 'holiday', '春节'),
    { date: '2026-02-28', kind: 'makeup', name: '春节' },
    ...range('2026-04-04', 3, 'holiday', '清明节'),
    ...range('2026-05-01', 5, 'holiday', '劳动节'),
    { date: '2026-05-09', kind: 'makeup', name: '劳动节' },
    ...range('2026-06-19', 3, 'holiday', '端午节'),
    { date: '2026-09-20', kind: 'makeup', name: '国庆节' },
    ...range('2026-09-25', 3, 'holiday', '中秋节'),
    ...range('2026-10-01', 7, 'holiday', '国庆节'),
    { date: '2026-10-10', kind: 'makeup', name: '国庆节' },
  ],
};

function range(from: string, days: number, kind: 'holiday' | 'makeup', name: string) {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    kind,
    name,
  }));
}
