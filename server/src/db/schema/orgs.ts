import type { JointMemberKind, OrgType } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { members } from './members.ts';
import { units } from './units.ts';

/** Party organisations, from committee down to party group, plus the joint bodies. */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    parentId: integer('parent_id').references((): AnyPgColumn => partyOrgs.id),
    unitId: integer('unit_id').references(() => units.id),
    type: text('type').$type<OrgType>().notNull(),
    code: text('code'),
    name: text('name').notNull(),
    secretaryName: text('secretary_name'),
    foundedOn: date('founded_on'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('party_orgs_code_key').on(t.code),
    index('party_orgs_area_idx').on(t.areaId),
    index('party_orgs_parent_idx').on(t.parentId),
    index('party_orgs_unit_idx').on(t.unitId),
    check(
      'party_orgs_type_check',
      sql`${t.type} in ('committee','street_working_committee','general_branch','branch','party_group','joint_street_committee','joint_community_committee','building_joint_branch','functional_branch')`,
    ),
  ],
);

/**
 * Seats on a joint body (大工委/大党委): a member unit, or a person serving concurrently
 * (兼职委员) — a registered party member or, for outside heads, just a name.
 */
export const partyOrgSeats = pgTable(
  'party_org_seats',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => partyOrgs.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    kind: text('kind').$type<JointMemberKind>().notNull(),
    unitId: integer('unit_id').references(() => units.id),
    memberId: integer('member_id').references(() => members.id),
    personName: text('person_name'),
    post: text('post'),
    startOn: date('start_on'),
    endOn: date('end_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('party_org_seats_org_idx').on(t.orgId),
    index('party_org_seats_unit_idx').on(t.unitId),
    index('party_org_seats_member_idx').on(t.memberId),
    check('party_org_seats_kind_check', sql`${t.kind} in ('member_unit','concurrent_member')`),
  ],
);
