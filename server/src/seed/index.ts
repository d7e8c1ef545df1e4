import { count } from 'drizzle-orm';
import type { Db, Executor } from '#server/db/client.ts';
import { accounts } from '#server/db/schema/index.ts';
import { hashPassword } from '#server/modules/system/auth/service.ts';
import type { DemoData } from './builder.ts';
import { DEMO_DISTRICT_NAME, generateDemo } from './generate.ts';
import { type DeletedCounts, loadDemo, lockDemo, resetDemo } from './load.ts';

export type { DemoData } from './builder.ts';
export { DEMO_DISTRICT_CODE, generateDemo } from './generate.ts';
export { type LoadedDemo, loadDemo, resetDemo } from './load.ts';

/** The password every demo account shares; printed at startup, so it is not a secret. */
export const DEMO_PASSWORD = 'Gongjian2026';

/** What the startup printout shows after loading the demo. */
export interface DemoResult {
  summary: string;
  password: string;
  accounts: { username: string; label: string }[];
}

/** 3000 → "3,000", without depending on the process locale. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A one-line description of a generated demo and its accounts for the printout; `kept` names
 * accounts that existed before and keep their own password.
 */
export function describeDemo(data: DemoData, kept: readonly string[] = []): DemoResult {
  const level = (l: string) => data.areas.filter((a) => a.level === l).length;
  const summary =
    `${DEMO_DISTRICT_NAME}: ${level('street')} 个街道/镇, ${level('community')} 个社区/村, ` +
    `${grouped(data.members.length)} 名党员, ${grouped(data.residents.length)} 名居民, ` +
    `${grouped(data.units.length)} 家单位, ${grouped(data.orgs.length)} 个党组织`;
  return {
    summary,
    password: DEMO_PASSWORD,
    accounts: data.accounts.map((a) => ({
      username: a.username,
      label: kept.includes(a.username) ? `${a.label}（已存在，保留原密码）` : a.label,
    })),
  };
}

/**
 * Load the demo district when the database has no accounts yet; otherwise do nothing and
 * return null. Safe when several instances start together: the check repeats under a lock.
 */
export async function loadDemoIfEmpty(db: Db, opts: { scale: number }): Promise<DemoResult | null> {
  if (await hasAccounts(db)) return null;
  const data = generateDemo(opts.scale);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const loaded = await db.transaction(async (tx) => {
    await lockDemo(tx);
    if (await hasAccounts(tx)) return null;
    return loadDemo(tx, data, passwordHash);
  });
  return loaded ? describeDemo(data, loaded.keptUsernames) : null;
}

async function hasAccounts(db: Executor): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(accounts);
  return (row?.n ?? 0) > 0;
}

/** Timings (ms) and counts of a rebuild, for the seed command's report. */
export interface RebuildReport {
  deleted: DeletedCounts | null;
  result: DemoResult;
  data: DemoData;
  ms: { generate: number; hash: number; reset: number; load: number };
}

/**
 * Replace the demo district: delete it with everything under it, then load a fresh one at
 * `scale`, in one transaction — a failure leaves the previous demo in place.
 */
export async function rebuildDemo(db: Db, opts: { scale: number }): Promise<RebuildReport> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const data = generateDemo(opts.scale);
  const generate = lap();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const hash = lap();
  const { deleted, loaded, reset, load } = await db.transaction(async (tx) => {
    lap();
    await lockDemo(tx);
    const deleted = await resetDemo(tx);
    const reset = lap();
    const loaded = await loadDemo(tx, data, passwordHash);
    return { deleted, loaded, reset, load: lap() };
  });
  return {
    deleted,
    result: describeDemo(data, loaded.keptUsernames),
    data,
    ms: { generate, hash, reset, load: load + lap() },
  };
}
