import type { Role } from '@gongjian/common';
import { and, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { accounts, areas } from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

const columns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  role: accounts.role,
  areaId: accounts.areaId,
  areaName: areas.name,
  areaPath: areas.path,
  unitId: accounts.unitId,
  memberId: accounts.memberId,
  residentId: accounts.residentId,
  disabled: accounts.disabled,
  lastLoginAt: accounts.lastLoginAt,
  createdAt: accounts.createdAt,
};

export async function findAccount(db: Executor, id: number) {
  const [row] = await db
    .select(columns)
    .from(accounts)
    .leftJoin(areas, eq(areas.id, accounts.areaId))
    .where(eq(accounts.id, id));
  return row;
}
export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

export interface AccountFilter {
  scopePath: string | null;
  role?: Role | undefined;
  areaPath?: string | undefined;
  disabled?: boolean | undefined;
  q?: string | undefined;
}

/** The account list's conditions (over `accounts` joined to its node), shared by the list and its figure. */
function accountWhere(f: AccountFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.scopePath) conds.push(sql`${areas.path} like ${`${f.scopePath}%`}`);
  if (f.areaPath) conds.push(sql`${areas.path} like ${`${f.areaPath}%`}`);
  if (f.role) conds.push(eq(accounts.role, f.role));
  if (f.disabled !== undefined) conds.push(eq(accounts.disabled, f.disabled));
  if (f.q)
    conds.push(
      or(ilike(accounts.username, likeContains(f.q)), ilike(accounts.displayName, likeContains(f.q))),
    );
  return and(...conds);
}

export async function listAccounts(db: Executor, f: AccountFilter, page: number, pageSize: number) {
  const w = accountWhere(f);
  const [data, [total]] = await Promise.all([
    db
      .select(columns)
      .from(accounts)
      .leftJoin(areas, eq(areas.id, accounts.areaId))
      .where(w)
      .orderBy(desc(accounts.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    countAccounts(db, f),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** How many accounts match the list's filter: the list's total, and its figure. */
export function countAccounts(db: Executor, f: AccountFilter) {
  return db
    .select({ n: count() })
    .from(accounts)
    .leftJoin(areas, eq(areas.id, accounts.areaId))
    .where(accountWhere(f));
}
