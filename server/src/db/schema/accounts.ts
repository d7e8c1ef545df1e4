import type { Role } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { members, residents } from './members.ts';
import { units } from './units.ts';

/**
 * Sign-in accounts. An account is bound to a tree node (`areaId`) that bounds everything it
 * sees; unit admins are also bound to a unit, members and residents to their own record.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    areaId: integer('area_id').references(() => areas.id),
    unitId: integer('unit_id').references(() => units.id),
    memberId: integer('member_id').references(() => members.id),
    residentId: integer('resident_id').references(() => residents.id),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('accounts_username_key').on(sql`lower(${t.username})`),
    index('accounts_area_idx').on(t.areaId),
    // Deleting a unit, member or resident checks these references; without indexes that is a scan per row.
    index('accounts_unit_idx').on(t.unitId),
    index('accounts_member_idx').on(t.memberId),
    index('accounts_resident_idx').on(t.residentId),
    check(
      'accounts_role_check',
      sql`${t.role} in ('platform_admin','district_admin','street_admin','community_admin','unit_admin','member','resident')`,
    ),
    check('accounts_scope_check', sql`${t.role} = 'platform_admin' or ${t.areaId} is not null`),
  ],
);

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Bearer tokens for machine clients; only the hash is stored, the prefix identifies it in lists. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    index('api_tokens_account_idx').on(t.accountId),
  ],
);

/**
 * Guessing budgets: one row per thing whose passwords can be guessed (`account:<username>`, for
 * sign-in and for changing one's password alike, and `ip:<address>` for sign-in), counting the
 * attempts checked in a fixed window. An attempt takes its place here in one statement before the
 * password is verified, so parallel requests and several app instances cannot overshoot the limit.
 */
export const authThrottle = pgTable(
  'auth_throttle',
  {
    key: text('key').primaryKey(),
    attempts: integer('attempts').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_throttle_window_idx').on(t.windowStartedAt)],
);
