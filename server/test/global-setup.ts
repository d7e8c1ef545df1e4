import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '#server/db/client.ts';
import { startEmbeddedPostgres } from '#server/db/embedded.ts';
import { runMigrations } from '#server/db/migrate.ts';
import { hashPassword } from '#server/modules/system/auth/service.ts';
import { freePort } from '../bench/ports.ts';
import { PLATFORM_ADMIN } from './constants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One database for the whole run: the embedded PostgreSQL in a temp dir, or the server named by
 * TEST_DATABASE_URL (CI runs the suite a second time against a separately started PostgreSQL 15).
 */
export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (!url) {
    dir = await mkdtemp(path.join(tmpdir(), 'gongjian-test-'));
    // The cluster runs as the `postgres` user, which must be able to enter the directory.
    await chmod(dir, 0o755);
    const handle = await startEmbeddedPostgres(dir, await freePort());
    url = handle.url;
    stop = handle.stop;
  }
  const database = openDatabase(url, 2);
  await runMigrations(database.pool);
  const passwordHash = await hashPassword(PLATFORM_ADMIN.password);
  await database.db.execute(sql`
    insert into accounts (username, display_name, password_hash, role)
    values (${PLATFORM_ADMIN.username}, '测试平台管理员', ${passwordHash}, 'platform_admin')
    on conflict (lower(username)) do update set password_hash = excluded.password_hash, disabled = false`);
  await database.close();
  project.provide('databaseUrl', url);
  return async () => {
    await stop?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
