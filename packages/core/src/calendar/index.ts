export * from './dates.ts';
export * from './periods.ts';
export * from './work-calendar.ts';
export * from './calendar-rows.ts';
export * from './cn-holidays.ts';
export * from './statutory.ts';
export * from './notice.ts';
