// First: how zod builds parsers must be settled before any schema below is built.
import './jitless.ts';

export * from './cadres/appointments.ts';
export * from './cadres/compliance.ts';
export * from './cadres/coverage.ts';
export * from './cadres/duties.ts';
export * from './cadres/reminders.ts';
export * from './cadres/work-logs.ts';
export * from './enums.ts';
export * from './excel.ts';
export * from './i18n.ts';
export * from './insight/todos.ts';
export * from './list.ts';
export * from './periods.ts';
export * from './registry/accounts.ts';
export * from './registry/areas.ts';
export * from './registry/dictionaries.ts';
export * from './registry/member-rules.ts';
export * from './registry/members.ts';
export * from './registry/orgs.ts';
export * from './registry/residents.ts';
export * from './registry/units.ts';
export * from './system/audit.ts';
export * from './system/auth.ts';
export * from './system/notifications.ts';
export * from './validators.ts';
