export * from './words.ts';
export * from './detect.ts';
export * from './plans.ts';
export * from './analysis.ts';
export * from './schemas.ts';
export * from './mail.ts';
export * from './plan-history.ts';
