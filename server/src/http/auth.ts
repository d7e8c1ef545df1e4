import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { pickLocale, ROLES } from '@gongjian/common';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '#server/config.ts';
import type { Db } from '#server/db/client.ts';
import { accounts, apiTokens, areas, sessions } from '#server/db/schema/index.ts';
import { AppError, unauthenticated } from '#server/errors.ts';
import type { Actor } from '#server/policies/actor.ts';
import type { Ctx } from './context.ts';

export const SESSION_COOKIE = 'gj_session';
export const CSRF_HEADER = 'x-csrf-token';
export const TOKEN_PREFIX = 'gjt_';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** When the request arrived, by the app's clock: the `now` of its `Ctx`. */
    receivedAt: Date;
    /** The current session's CSRF token (cookie-authenticated requests only). */
    csrfToken: string | null;
    /** The service context; throws 401 when nobody is signed in. */
    ctx(): Ctx;
  }
  interface FastifyContextConfig {
    /** Route needs no signed-in caller (login, health, docs). */
    public?: boolean;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const actorColumns = {
  accountId: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  role: accounts.role,
  areaId: accounts.areaId,
  unitId: accounts.unitId,
  memberId: accounts.memberId,
  residentId: accounts.residentId,
  scopePath: areas.path,
};

type ActorRow = { [K in keyof typeof actorColumns]: unknown };

/**
 * The actor of a request, from its account row. Only the seven account roles come this way (the
 * database's check holds the column to them; anything else fails closed): the system actor of
 * the jobs is never a request's.
 */
function toActor(row: ActorRow, via: 'session' | 'token'): Actor | null {
  if (!(ROLES as readonly unknown[]).includes(row.role)) return null;
  const scopePath = (row.scopePath as string | null) ?? null;
  const districtId = scopePath ? Number(scopePath.split('/')[1]) : null;
  return {
    accountId: row.accountId as number,
    username: row.username as string,
    displayName: row.displayName as string,
    role: row.role as Actor['role'],
    areaId: (row.areaId as number | null) ?? null,
    scopePath: row.role === 'platform_admin' ? null : scopePath,
    districtId,
    unitId: (row.unitId as number | null) ?? null,
    memberId: (row.memberId as number | null) ?? null,
    residentId: (row.residentId as number | null) ?? null,
    via,
  };
}

/** Load the actor for an account id (used after login and by the session lookup). */
export async function loadActor(db: Db, accountId: number, via: 'session' | 'token'): Promise<Actor | null> {
  const [row] = await db
    .select(actorColumns)
    .from(accounts)
    .leftJoin(areas, eq(areas.id, accounts.areaId))
    .where(and(eq(accounts.id, accountId), eq(accounts.disabled, false)));
  return row ? toActor(row, via) : null;
}

const SLIDE_AFTER_MS = 5 * 60_000;

async function actorFromSession(db: Db, config: Config, token: string) {
  const id = sha256(token);
  const [row] = await db
    .select({ ...actorColumns, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(areas, eq(areas.id, accounts.areaId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, sql`now()`), eq(accounts.disabled, false)));
  if (!row) return null;
  // Sliding expiry, written at most every few minutes to keep reads cheap.
  if (Date.now() - row.lastSeenAt.getTime() > SLIDE_AFTER_MS) {
    await db
      .update(sessions)
      .set({
        lastSeenAt: sql`now()`,
        expiresAt: sql`now() + make_interval(hours => ${config.SESSION_TTL_HOURS})`,
      })
      .where(eq(sessions.id, id));
  }
  return { actor: toActor(row, 'session'), csrfToken: row.csrfToken };
}

async function actorFromToken(db: Db, token: string) {
  const hash = sha256(token);
  const [row] = await db
    .select({ ...actorColumns, tokenId: apiTokens.id })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .leftJoin(areas, eq(areas.id, accounts.areaId))
    .where(
      and(
        eq(apiTokens.tokenHash, hash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
        eq(accounts.disabled, false),
      ),
    );
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.tokenId));
  return toActor(row, 'token');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolve the caller on every request (session cookie or bearer token), enforce sign-in on
 * non-public routes, and require the CSRF header on cookie-authenticated writes.
 */
export function registerAuth(app: FastifyInstance, db: Db, config: Config, clock?: () => Date) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('receivedAt', null as unknown as Date);
  // First of all hooks: one instant for the whole request, however often `ctx()` is called.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.receivedAt = clock ? clock() : new Date();
  });
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    if (!this.actor) throw unauthenticated();
    return {
      db,
      actor: this.actor,
      locale: pickLocale(this.headers['accept-language']),
      ip: this.ip ?? null,
      requestId: String(this.id),
      now: this.receivedAt,
    };
  });

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    // Static web assets and the interactive API docs need nobody signed in.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const token = auth.slice(7).trim();
      req.actor = token.startsWith(TOKEN_PREFIX) ? await actorFromToken(db, token) : null;
      if (!req.actor) throw unauthenticated();
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) {
        const found = await actorFromSession(db, config, cookie);
        if (found) {
          req.actor = found.actor;
          req.csrfToken = found.csrfToken;
        }
      }
    }
    if (req.routeOptions.config?.public) return;
    if (!req.actor) throw unauthenticated();
    if (req.actor.via === 'session' && UNSAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.csrfToken || !safeEqual(sent, req.csrfToken)) {
        throw new AppError(403, 'CSRF_FAILED', 'e.csrf');
      }
    }
  });
}
