import {
  type AccountCreate,
  type AccountUpdate,
  passwordIssue,
  ROLE_AREA_LEVEL,
  type Role,
} from '@gongjian/common';
import { verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields } from '#server/audit/audit.ts';
import type { Config } from '#server/config.ts';
import type { Executor } from '#server/db/client.ts';
import { accounts, areas, members, residents, sessions, units } from '#server/db/schema/index.ts';
import { AppError, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { hashPassword, tooManyAttempts } from '#server/modules/system/auth/service.ts';
import { accountKey, clearBudget, reserveAttempt } from '#server/modules/system/auth/throttle.ts';
import { pathInScope } from '#server/policies/actor.ts';
import { canGrantRole, canListAccounts, canManageAccount, canReadAccount } from './policy.ts';
import { type AccountFilter, findAccount, listAccounts } from './queries.ts';

export async function getVisibleAccount(ctx: Ctx, id: number) {
  const row = await findAccount(ctx.db, id);
  if (!row || !canReadAccount(ctx.actor, row)) throw notFound();
  return row;
}

export async function searchAccounts(
  ctx: Ctx,
  q: {
    page: number;
    pageSize: number;
    q?: string | undefined;
    role?: Role | undefined;
    areaId?: number | undefined;
    disabled?: 'true' | 'false' | undefined;
  },
) {
  return listAccounts(ctx.db, await accountFilterOf(ctx, q), q.page, q.pageSize);
}

/** The account list's filter for the caller (the list and its figure share it). */
export async function accountFilterOf(
  ctx: Ctx,
  q: {
    q?: string | undefined;
    role?: Role | undefined;
    areaId?: number | undefined;
    disabled?: 'true' | 'false' | undefined;
  },
) {
  if (!canListAccounts(ctx.actor)) throw forbidden();
  const filter: AccountFilter = { scopePath: ctx.actor.scopePath, role: q.role, q: q.q };
  if (q.disabled) filter.disabled = q.disabled === 'true';
  if (q.areaId) {
    const [area] = await ctx.db.select({ path: areas.path }).from(areas).where(eq(areas.id, q.areaId));
    if (!area || !pathInScope(ctx.actor, area.path)) throw fieldError('areaId', 'v.notFoundRef');
    filter.areaPath = area.path;
  }
  return filter;
}

/** Resolve the node an account is bound to from the role and the record it points at. */
async function resolveBinding(db: Executor, ctx: Ctx, input: AccountCreate) {
  const inScope = async (areaId: number) => {
    const [a] = await db
      .select({ path: areas.path, level: areas.level })
      .from(areas)
      .where(eq(areas.id, areaId));
    return a && pathInScope(ctx.actor, a.path) ? a : undefined;
  };
  const binding = {
    areaId: null as number | null,
    unitId: null as number | null,
    memberId: null as number | null,
    residentId: null as number | null,
  };
  switch (input.role) {
    case 'platform_admin':
      return binding;
    case 'unit_admin': {
      if (!input.unitId) throw fieldError('unitId', 'v.required');
      const [u] = await db.select({ areaId: units.areaId }).from(units).where(eq(units.id, input.unitId));
      if (!u || !(await inScope(u.areaId))) throw fieldError('unitId', 'v.notFoundRef');
      return { ...binding, areaId: u.areaId, unitId: input.unitId };
    }
    case 'member': {
      if (!input.memberId) throw fieldError('memberId', 'v.required');
      const [m] = await db
        .select({ areaId: members.areaId })
        .from(members)
        .where(eq(members.id, input.memberId));
      if (!m || !(await inScope(m.areaId))) throw fieldError('memberId', 'v.notFoundRef');
      return { ...binding, areaId: m.areaId, memberId: input.memberId };
    }
    case 'resident': {
      if (!input.residentId) throw fieldError('residentId', 'v.required');
      const [r] = await db
        .select({ areaId: residents.areaId })
        .from(residents)
        .where(eq(residents.id, input.residentId));
      if (!r || !(await inScope(r.areaId))) throw fieldError('residentId', 'v.notFoundRef');
      return { ...binding, areaId: r.areaId, residentId: input.residentId };
    }
    default: {
      if (!input.areaId) throw fieldError('areaId', 'v.required');
      const area = await inScope(input.areaId);
      if (!area) throw fieldError('areaId', 'v.notFoundRef');
      if (area.level !== ROLE_AREA_LEVEL[input.role]) throw fieldError('areaId', 'v.levelParent');
      return { ...binding, areaId: input.areaId };
    }
  }
}

export async function createAccount(ctx: Ctx, input: AccountCreate) {
  if (!canGrantRole(ctx.actor, input.role)) throw forbidden();
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const binding = await resolveBinding(tx, ctx, input);
    const [row] = await tx
      .insert(accounts)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        ...binding,
      })
      .returning({ id: accounts.id });
    if (!row) throw new Error('insert returned nothing');
    const created = await findAccount(tx, row.id);
    if (!created) throw notFound();
    const { areaPath: _p, areaName: _n, ...after } = created;
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'account',
      entityId: row.id,
      areaId: binding.areaId,
      after,
    });
    return created;
  });
}

export async function updateAccount(ctx: Ctx, id: number, input: AccountUpdate) {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    const before = await findAccount(tx, id);
    if (!before || !canReadAccount(ctx.actor, before)) throw notFound();
    if (!canManageAccount(ctx.actor, before)) throw forbidden();
    if (input.password) {
      const issue = passwordIssue(input.password, before.username);
      if (issue) throw fieldError('password', issue);
    }
    await tx
      .update(accounts)
      .set({
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(accounts.id, id));
    // A reset password or a disabled account ends the sessions already open.
    if (passwordHash || input.disabled) await tx.delete(sessions).where(eq(sessions.accountId, id));
    const after = await findAccount(tx, id);
    if (!after) throw notFound();
    const diff = changedFields(before, after);
    if (passwordHash) {
      diff.before.password = '***';
      diff.after.password = '(reset)';
    }
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'account',
      entityId: id,
      areaId: after.areaId,
      ...diff,
    });
    return after;
  });
}

export async function deleteAccount(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await findAccount(tx, id);
    if (!before || !canReadAccount(ctx.actor, before)) throw notFound();
    if (!canManageAccount(ctx.actor, before)) throw forbidden();
    await tx.delete(accounts).where(eq(accounts.id, id));
    const { areaPath: _p, areaName: _n, ...snap } = before;
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'account',
      entityId: id,
      areaId: before.areaId,
      before: snap,
    });
  });
}

/**
 * Change one's own password (the current one is required); other sessions are closed. Guessing the
 * current password here draws on the account's sign-in budget (a stolen session must not be a
 * side door for guessing), and failures and refusals are audited like failed sign-ins.
 */
export async function changeOwnPassword(
  ctx: Ctx,
  config: Config,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string | null,
) {
  const issue = passwordIssue(newPassword, ctx.actor.username);
  if (issue) throw fieldError('newPassword', issue);
  const [acc] = await ctx.db.select().from(accounts).where(eq(accounts.id, ctx.actor.accountId));
  if (!acc) throw notFound();
  const event = (action: string) => ({
    action,
    entityType: 'account',
    entityId: acc.id,
    areaId: acc.areaId,
    summary: acc.username,
  });
  const key = accountKey(acc.username);
  const place = await reserveAttempt(ctx.db, config.LOGIN_WINDOW_MINUTES, [
    { key, limit: config.LOGIN_MAX_FAILURES },
  ]);
  if (!place.ok) {
    await ctx.db.transaction((tx) => audit(tx, ctx, event('password_change_throttled')));
    throw tooManyAttempts(place.retryAfter, 'e.throttledPassword');
  }
  if (!(await verify(acc.passwordHash, currentPassword))) {
    await ctx.db.transaction((tx) => audit(tx, ctx, event('password_change_failed')));
    throw new AppError(400, 'VALIDATION_FAILED', 'e.validation', [
      { path: 'currentPassword', code: 'invalid', message: 'e.badCredentials' },
    ]);
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, updatedAt: sql`now()` }).where(eq(accounts.id, acc.id));
    await tx
      .delete(sessions)
      .where(
        keepSessionId
          ? sql`${sessions.accountId} = ${acc.id} and ${sessions.id} <> ${keepSessionId}`
          : eq(sessions.accountId, acc.id),
      );
    await clearBudget(tx, key);
    await audit(tx, ctx, {
      ...event('update'),
      before: { password: '***' },
      after: { password: '(changed)' },
    });
  });
}
