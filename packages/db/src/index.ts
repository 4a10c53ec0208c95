export { openDatabase, openMigratedDatabase, migrateToLatest, ping, type Db } from './open.ts';
export type { Database } from './schema.ts';
export * from './org.ts';
export * from './households.ts';
export * from './sessions.ts';
export * from './audit.ts';
export * from './imports.ts';
