export * from './lifecycle.ts';
export * from './schemas.ts';
export * from './indicators.ts';
export * from './mail.ts';
