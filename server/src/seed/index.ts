import { count } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts } from '../db/schema/index.ts';
import { hashPassword } from '../modules/auth/service.ts';

export const DEMO_PASSWORD = 'Gongjian2026';

export interface DemoResult {
  summary: string;
  password: string;
  accounts: { username: string; label: string }[];
}

/** Load the demo district when the database has no accounts yet; otherwise do nothing. */
export async function loadDemoIfEmpty(db: Db, _opts: { scale: number }): Promise<DemoResult | null> {
  const [row] = await db.select({ n: count() }).from(accounts);
  if ((row?.n ?? 0) > 0) return null;
  await db.insert(accounts).values({
    username: 'admin',
    displayName: '平台管理员',
    role: 'platform_admin',
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  return {
    summary: 'platform admin only',
    password: DEMO_PASSWORD,
    accounts: [{ username: 'admin', label: '平台管理员' }],
  };
}
