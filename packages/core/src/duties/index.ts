export * from './rules.ts';
export * from './participation.ts';
export * from './ownership.ts';
export * from './lifecycle.ts';
export * from './date-rules.ts';
export * from './schedule.ts';
export * from './compliance.ts';
export * from './my-duties.ts';
