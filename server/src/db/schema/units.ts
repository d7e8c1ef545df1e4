import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';

/** Resident units (驻区单位): agencies, SOEs, firms, two-new organisations, schools, hospitals. */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    name: text('name').notNull(),
    creditCode: text('credit_code'),
    /** A code of the district's `unit_type` dictionary. */
    type: text('type').notNull(),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    memberCount: integer('member_count'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_credit_code_key').on(t.creditCode),
    index('units_area_idx').on(t.areaId),
    index('units_name_idx').on(t.name),
    // The list's search over name, credit code and contact (units/queries.ts `unitSearchText`).
    index('units_search_chars_idx').using(
      'gin',
      sql`gj_chars(${t.name} || ' ' || coalesce(${t.creditCode}, '') || ' ' || coalesce(${t.contactName}, ''))`,
    ),
  ],
);
