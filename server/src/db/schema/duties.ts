import type { DutyRule } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { appointments } from './appointments.ts';
import { areas } from './areas.ts';
import { transitionsTable } from './helpers.ts';

/**
 * Duty rules as data, one row per version, owned by a district. The columns are authoritative
 * for the code, version and validity; `rule` holds the rest of the rule (common/src/cadres/duties.ts)
 * and is validated on every write. Versions are never edited except to close them (`effective_to`).
 * The preset policies are copied in on a district's first use; `created_by` is null for those.
 */
export const dutyRuleVersions = pgTable(
  'duty_rule_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The district (tree root) whose rule this is. */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    policyCode: text('policy_code').notNull(),
    ruleCode: text('rule_code').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    /** Last day (inclusive) this version can start a period; null = open-ended. */
    effectiveTo: date('effective_to'),
    /** When `effective_to` was last set: a replay of an earlier day sees the version still open. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    rule: jsonb('rule').$type<DutyRule>().notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duty_rule_versions_area_rule_version_key').on(t.areaId, t.ruleCode, t.version),
    index('duty_rule_versions_area_policy_idx').on(t.areaId, t.policyCode),
    check('duty_rule_versions_version_check', sql`${t.version} >= 1`),
    check(
      'duty_rule_versions_dates_check',
      sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`,
    ),
  ],
);

/**
 * Exemptions from one duty for one period (leave, illness…): requested by the appointee or the
 * receiving community, decided by the receiving community. Only approved ones reach the engine.
 */
export const dutyExemptions = pgTable(
  'duty_exemptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id),
    /** The appointment's receiving area, copied for set-based scope. */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    ruleCode: text('rule_code').notNull(),
    periodKey: text('period_key').notNull(),
    /** leave / illness / other (EXEMPTION_REASON_KINDS): counted apart on 请假免责. */
    reasonKind: text('reason_kind').$type<'leave' | 'illness' | 'other'>().notNull().default('other'),
    /** The appointee's note; may be empty for leave or illness. */
    reason: text('reason').notNull(),
    status: text('status').$type<'pending' | 'approved' | 'rejected'>().notNull().default('pending'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => accounts.id),
    requestedByName: text('requested_by_name').notNull(),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('duty_exemptions_appointment_idx').on(t.appointmentId),
    index('duty_exemptions_area_idx').on(t.areaId),
    // One standing request per duty and period; a rejected one may be asked again.
    uniqueIndex('duty_exemptions_standing_key')
      .on(t.appointmentId, t.ruleCode, t.periodKey)
      .where(sql`${t.status} <> 'rejected'`),
    check('duty_exemptions_status_check', sql`${t.status} in ('pending','approved','rejected')`),
  ],
);

/** The history of each exemption request: asked, then approved or rejected. */
export const exemptionTransitions = transitionsTable<'pending' | 'approved' | 'rejected'>(
  'exemption_transitions',
  { column: 'exemption_id', references: () => dutyExemptions.id },
);
