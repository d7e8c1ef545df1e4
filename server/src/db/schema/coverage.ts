import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { partyOrgs } from './orgs.ts';

/**
 * Coverage assignments (包保): a party organisation (usually a branch of a resident unit) takes
 * responsibility for a zone, compound or building of a community for a period. `areaId` is the
 * covered node and decides scope; an assignment is active on a day between `startOn` and
 * `endOn` (open-ended when null), both included. Ending an assignment keeps the row as history.
 */
export const coverageAssignments = pgTable(
  'coverage_assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => partyOrgs.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    startOn: date('start_on').notNull(),
    endOn: date('end_on'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coverage_assignments_org_idx').on(t.orgId),
    index('coverage_assignments_area_idx').on(t.areaId),
    check('coverage_assignments_dates_check', sql`${t.endOn} is null or ${t.endOn} >= ${t.startOn}`),
  ],
);
