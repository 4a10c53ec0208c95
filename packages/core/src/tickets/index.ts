export * from './lifecycle.ts';
export * from './schemas.ts';
export * from './indicators.ts';
export * from './mail.ts';
export * from './working-time.ts';
export * from './sla.ts';
export * from './warranty.ts';
export * from './settings.ts';
