export * from './accounts.ts';
export * from './areas.ts';
export * from './auth.ts';
export * from './enums.ts';
export * from './i18n.ts';
export * from './list.ts';
export * from './validators.ts';
