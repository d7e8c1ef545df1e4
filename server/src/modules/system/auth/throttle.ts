import { sql } from 'drizzle-orm';
import type { Db, Executor } from '#server/db/client.ts';

/** One guessing budget: at most `limit` checked attempts per window for `key`. */
export interface Budget {
  key: string;
  limit: number;
}

export type Reservation = { ok: true } | { ok: false; key: string; retryAfter: number };

/** The budget keys: an account's (sign-in and password change share it) and an address's. */
export const accountKey = (username: string) => `account:${username.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

class Blocked extends Error {
  constructor(
    readonly key: string,
    readonly retryAfter: number,
  ) {
    super(`throttled: ${key}`);
  }
}

/**
 * Take one attempt from every budget before a password is checked, all or none. Each take is a
 * single `insert … on conflict do update … where attempts < limit`: PostgreSQL locks the row and
 * re-evaluates the condition on its latest version, so of N parallel requests (from any number of
 * app instances) exactly `limit` get a place and the others find none. A window that has run out
 * starts again at the first attempt after it. The takes share one transaction, so an attempt
 * refused by the second budget gives back its place in the first; the budgets are always taken in
 * the same order (account, then address), so two transactions cannot wait on each other.
 */
export async function reserveAttempt(db: Db, windowMinutes: number, budgets: Budget[]): Promise<Reservation> {
  const window = sql`make_interval(mins => ${windowMinutes})`;
  try {
    await db.transaction(async (tx) => {
      for (const { key, limit } of budgets) {
        const taken = await tx.execute(sql`
          insert into auth_throttle as t (key, attempts, window_started_at) values (${key}, 1, now())
          on conflict (key) do update set
            attempts = case when t.window_started_at <= now() - ${window} then 1 else t.attempts + 1 end,
            window_started_at = case when t.window_started_at <= now() - ${window} then now() else t.window_started_at end
          where t.window_started_at <= now() - ${window} or t.attempts < ${limit}
          returning attempts`);
        if (taken.rows.length > 0) continue;
        const left = await tx.execute<{ s: number | string }>(sql`
          select ceil(extract(epoch from window_started_at + ${window} - now())) as s
          from auth_throttle where key = ${key}`);
        throw new Blocked(key, Math.max(1, Number(left.rows[0]?.s ?? windowMinutes * 60)));
      }
    });
  } catch (e) {
    if (e instanceof Blocked) return { ok: false, key: e.key, retryAfter: e.retryAfter };
    throw e;
  }
  return { ok: true };
}

/** A correct password clears its account's budget: only consecutive failures count against it. */
export async function clearBudget(tx: Executor, key: string) {
  await tx.execute(sql`delete from auth_throttle where key = ${key}`);
}

/** A correct password gives its place back to a shared budget (an office behind one address). */
export async function giveBack(tx: Executor, key: string) {
  await tx.execute(sql`update auth_throttle set attempts = greatest(attempts - 1, 0) where key = ${key}`);
}

/** Budgets whose window has run out (the next attempt would start afresh anyway); rides on sign-in. */
export async function dropStaleBudgets(tx: Executor, windowMinutes: number) {
  await tx.execute(
    sql`delete from auth_throttle where window_started_at < now() - make_interval(mins => ${windowMinutes})`,
  );
}
