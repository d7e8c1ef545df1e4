export * from './accounts.ts';
export * from './areas.ts';
export * from './audit.ts';
export * from './dictionaries.ts';
export * from './members.ts';
export * from './orgs.ts';
export * from './units.ts';
