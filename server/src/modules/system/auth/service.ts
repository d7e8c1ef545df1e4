import { type Locale, ROLE_LABELS } from '@gongjian/common';
import { hash, verify } from '@node-rs/argon2';
import { and, desc, eq, sql } from 'drizzle-orm';
import { audit } from '#server/audit/audit.ts';
import type { Config } from '#server/config.ts';
import type { Db } from '#server/db/client.ts';
import { accounts, apiTokens, areas, sessions, units } from '#server/db/schema/index.ts';
import { AppError, forbidden, notFound } from '#server/errors.ts';
import { loadActor, randomToken, sha256, TOKEN_PREFIX } from '#server/http/auth.ts';
import type { Ctx } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';
import {
  accountKey,
  type Budget,
  clearBudget,
  dropStaleBudgets,
  giveBack,
  ipKey,
  reserveAttempt,
} from './throttle.ts';

/** argon2id (the library default) with OWASP's minimum parameters: 19 MiB, 2 passes. */
export const hashPassword = (password: string) => hash(password, { memoryCost: 19_456, timeCost: 2 });

// Verified against when the username is unknown, so timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  previousToken: string | undefined;
}

export const tooManyAttempts = (
  retryAfter: number,
  key: 'e.throttled' | 'e.throttledPassword' = 'e.throttled',
) => new AppError(429, 'TOO_MANY_ATTEMPTS', key, { retryAfter });

/** What a sign-in event says about the client beyond its address (kept short: it is free text). */
const clientOf = (userAgent: string | null) => ({ userAgent: userAgent?.slice(0, 300) ?? null });

/**
 * Check a password and open a session. Each attempt first takes a place in the account's and the
 * address's guessing budgets (429 with Retry-After when either is spent, even for the right
 * password); a correct password clears the account's budget and gives the address its place back,
 * so only failures count. Rotates the session id on every sign-in; audits success, failure and
 * refusal alike with the client's address and user agent.
 */
export async function login(db: Db, config: Config, input: LoginInput) {
  const request = { actor: null, ip: input.ip, requestId: input.requestId };
  const [account] = await db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.username}) = lower(${input.username})`);
  const event = (action: string) => ({
    action,
    entityType: 'account',
    entityId: account?.id ?? null,
    areaId: account?.areaId ?? null,
    summary: input.username,
  });

  const userKey = accountKey(input.username);
  const budgets: Budget[] = [{ key: userKey, limit: config.LOGIN_MAX_FAILURES }];
  if (input.ip) budgets.push({ key: ipKey(input.ip), limit: config.LOGIN_MAX_FAILURES_PER_IP });
  const place = await reserveAttempt(db, config.LOGIN_WINDOW_MINUTES, budgets);
  if (!place.ok) {
    await db.transaction((tx) =>
      audit(tx, request, {
        ...event('login_throttled'),
        after: { ...clientOf(input.userAgent), limit: place.key === userKey ? 'account' : 'ip' },
      }),
    );
    throw tooManyAttempts(place.retryAfter);
  }

  dummyHash ??= hashPassword(randomToken());
  let ok = false;
  if (account && !account.disabled) ok = await verify(account.passwordHash, input.password);
  else await verify(await dummyHash, input.password);
  const actor = ok && account ? await loadActor(db, account.id, 'session') : null;

  if (!actor || !account) {
    await db.transaction((tx) =>
      audit(tx, request, { ...event('login_failed'), after: clientOf(input.userAgent) }),
    );
    throw new AppError(401, 'BAD_CREDENTIALS', 'e.badCredentials');
  }

  const token = randomToken();
  const csrfToken = randomToken(24);
  await db.transaction(async (tx) => {
    if (input.previousToken) await tx.delete(sessions).where(eq(sessions.id, sha256(input.previousToken)));
    // Housekeeping rides on sign-in (both deletes use an index): expired sessions and budgets.
    await tx.delete(sessions).where(sql`${sessions.expiresAt} < now()`);
    await dropStaleBudgets(tx, config.LOGIN_WINDOW_MINUTES);
    await tx.insert(sessions).values({
      id: sha256(token),
      accountId: account.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt: sql`now() + make_interval(hours => ${config.SESSION_TTL_HOURS})`,
    });
    await clearBudget(tx, userKey);
    if (input.ip) await giveBack(tx, ipKey(input.ip));
    await tx.update(accounts).set({ lastLoginAt: sql`now()` }).where(eq(accounts.id, account.id));
    await audit(
      tx,
      { ...request, actor },
      { ...event('login'), summary: account.username, after: clientOf(input.userAgent) },
    );
  });
  return { token, csrfToken, actor };
}

/** End the current session. */
export async function logout(ctx: Ctx, token: string | undefined) {
  await ctx.db.transaction(async (tx) => {
    if (token) await tx.delete(sessions).where(eq(sessions.id, sha256(token)));
    await audit(tx, ctx, {
      action: 'logout',
      entityType: 'account',
      entityId: ctx.actor.accountId,
      areaId: ctx.actor.areaId,
    });
  });
}

/** The signed-in account as the UI needs it, with a human scope label. */
export async function describeMe(db: Db, actor: Actor, csrfToken: string | null, locale: Locale) {
  // A request's actor is an account's; the jobs' system actor has no "me" to describe.
  if (actor.role === 'system') throw forbidden();
  const [area] = actor.areaId
    ? await db.select({ name: areas.name, level: areas.level }).from(areas).where(eq(areas.id, actor.areaId))
    : [];
  const [unit] = actor.unitId
    ? await db.select({ name: units.name }).from(units).where(eq(units.id, actor.unitId))
    : [];
  const place = unit?.name ?? area?.name ?? (locale === 'en' ? 'All districts' : '全平台');
  return {
    id: actor.accountId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    areaId: actor.areaId,
    areaName: area?.name ?? null,
    areaLevel: area?.level ?? null,
    unitId: actor.unitId,
    unitName: unit?.name ?? null,
    memberId: actor.memberId,
    residentId: actor.residentId,
    scopeLabel: `${place} · ${ROLE_LABELS[actor.role][locale]}`,
    csrfToken,
  };
}

const presentToken = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/**
 * Issue an API token for the caller's own account; the secret is shown once. Only a signed-in
 * session may issue one: a token minting tokens would leave copies of itself that outlive its own
 * revocation, so whoever revokes a leaked token would have to find its offspring too.
 */
export async function createToken(
  ctx: Ctx,
  input: { name: string; expiresInDays?: number | null | undefined },
) {
  if (ctx.actor.via !== 'session') throw forbidden('e.tokenNeedsSession');
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        accountId: ctx.actor.accountId,
        name: input.name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 10),
        expiresAt: input.expiresInDays ? sql`now() + make_interval(days => ${input.expiresInDays})` : null,
      })
      .returning();
    if (!row) throw new Error('token insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'api_token',
      entityId: row.id,
      areaId: ctx.actor.areaId,
      after: { name: row.name, prefix: row.prefix },
    });
    return { ...presentToken(row), token: secret };
  });
}

export async function listTokens(ctx: Ctx) {
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.accountId, ctx.actor.accountId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(presentToken);
}

export async function revokeToken(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.id, id),
          eq(apiTokens.accountId, ctx.actor.accountId),
          sql`${apiTokens.revokedAt} is null`,
        ),
      )
      .returning();
    if (!row) throw notFound();
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'api_token',
      entityId: id,
      areaId: ctx.actor.areaId,
      before: { name: row.name, prefix: row.prefix },
    });
  });
}
