export * from './channels.ts';
export * from './cleanup.ts';
export * from './deliver.ts';
export * from './reminders.ts';
export * from './runner.ts';
export * from './transaction.ts';
export * from './types.ts';
