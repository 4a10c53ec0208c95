export * from './definition.ts';
export * from './answers.ts';
export * from './versions.ts';
export * from './defaults.ts';
export * from './visits.ts';
export * from './schemas.ts';
