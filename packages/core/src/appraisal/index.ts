export * from './periods.ts';
export * from './scheme.ts';
export * from './feedback.ts';
export * from './score.ts';
export * from './rank.ts';
export * from './schemas.ts';
