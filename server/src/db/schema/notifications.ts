import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { appointments } from './appointments.ts';
import { areas } from './areas.ts';

/**
 * Who a reminder reached: the appointee's own account; the people responsible for them (the
 * receiving community's and the sending unit's admins), told that the appointee has no account;
 * or nobody, because none of them has an account either.
 */
export type ReminderDelivery = 'appointee' | 'responsible' | 'undeliverable';

/**
 * One row per duty reminder ever decided, whoever decided it. The unique key is what makes a
 * reminder fire exactly once per appointee × rule × period × kind even when several app
 * instances scan at the same time: only the run whose insert succeeds notifies. `delivery` and
 * `recipients` say who was told, so a reminder that reached nobody is recorded as such.
 */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    ruleCode: text('rule_code').notNull(),
    periodKey: text('period_key').notNull(),
    kind: text('kind').$type<'at_risk' | 'missed'>().notNull(),
    delivery: text('delivery').$type<ReminderDelivery>().notNull(),
    /** Inbox notifications written for it. */
    recipients: integer('recipients').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reminders_sent_key').on(t.appointmentId, t.ruleCode, t.periodKey, t.kind),
    check('reminders_sent_kind_check', sql`${t.kind} in ('at_risk','missed')`),
    check('reminders_sent_delivery_check', sql`${t.delivery} in ('appointee','responsible','undeliverable')`),
  ],
);

/**
 * The in-app inbox: one row per recipient account. Texts are stored in both languages when the
 * event happens, so a later rule edit does not rewrite what was said. `readAt` is the
 * recipient's own state.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    recipientAccountId: integer('recipient_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The area the event concerns (the appointment's receiving area). */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    reminderId: integer('reminder_id').references(() => remindersSent.id, { onDelete: 'set null' }),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    /** Where the event is explained: the compliance board drill-down. */
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientAccountId, t.createdAt),
    index('notifications_area_idx').on(t.areaId),
    uniqueIndex('notifications_reminder_recipient_key').on(t.reminderId, t.recipientAccountId),
  ],
);
