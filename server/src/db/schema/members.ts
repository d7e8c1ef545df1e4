import type { Gender } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { units } from './units.ts';

/**
 * Party members. `areaId` is the residence node (community, compound or building) and decides
 * data scope; `unitId`/`orgId` tie the member to the work unit and branch. The work unit is a
 * reference, not a scope: any unit of the district, wherever in the tree it sits.
 */
export const members = pgTable(
  'members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    name: text('name').notNull(),
    gender: text('gender').$type<Gender>().notNull(),
    birthDate: date('birth_date'),
    phone: text('phone'),
    idNumber: text('id_number').notNull(),
    joinDate: date('join_date'),
    unitId: integer('unit_id').references(() => units.id),
    /** Branch the member belongs to (party_orgs.id); no FK to keep the aggregates acyclic. */
    orgId: integer('org_id'),
    /** A code of the `member_category` dictionary (the seven management categories). */
    category: text('category').notNull(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_id_number_key').on(t.idNumber),
    index('members_area_idx').on(t.areaId),
    index('members_unit_idx').on(t.unitId),
    index('members_org_idx').on(t.orgId),
    index('members_name_idx').on(t.name),
    // The list's search: names by substring (gj_chars, migration 0013), phone numbers whole.
    index('members_name_chars_idx').using('gin', sql`gj_chars(${t.name})`),
    index('members_phone_idx').on(t.phone),
    check('members_gender_check', sql`${t.gender} in ('male','female')`),
  ],
);

/** Residents who are not (registered) party members: they raise demands and rate service. */
export const residents = pgTable(
  'residents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    name: text('name').notNull(),
    gender: text('gender').$type<Gender>(),
    phone: text('phone'),
    idNumber: text('id_number'),
    address: text('address'),
    /**
     * Employer: any unit of the district, whatever subtree it sits in — a reference, not a scope
     * (the SOE in the town employs people living in its villages). Decides nothing about who sees
     * the resident; it makes the resident one of the unit's employees.
     */
    unitId: integer('unit_id').references(() => units.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('residents_id_number_key').on(t.idNumber),
    index('residents_area_idx').on(t.areaId),
    index('residents_name_idx').on(t.name),
    index('residents_phone_idx').on(t.phone),
    index('residents_name_chars_idx').using('gin', sql`gj_chars(${t.name})`),
    index('residents_unit_idx').on(t.unitId),
    check('residents_gender_check', sql`${t.gender} is null or ${t.gender} in ('male','female')`),
  ],
);
