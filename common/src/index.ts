// First: how zod builds parsers must be settled before any schema below is built.
import './jitless.ts';

export * from './accounts.ts';
export * from './appointments.ts';
export * from './areas.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './compliance.ts';
export * from './coverage.ts';
export * from './dictionaries.ts';
export * from './duties.ts';
export * from './enums.ts';
export * from './excel.ts';
export * from './i18n.ts';
export * from './list.ts';
export * from './members.ts';
export * from './notifications.ts';
export * from './orgs.ts';
export * from './periods.ts';
export * from './residents.ts';
export * from './todos.ts';
export * from './units.ts';
export * from './validators.ts';
export * from './worklogs.ts';
