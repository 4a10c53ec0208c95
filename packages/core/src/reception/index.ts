export * from './slots.ts';
export * from './ics.ts';
export * from './mail.ts';
export * from './schemas.ts';
export * from './messages.ts';
