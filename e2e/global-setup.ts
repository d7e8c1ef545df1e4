import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../scripts/ensure-web-build.mjs';
import { freePort } from '../server/bench/ports.ts';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/client.ts';
import { startEmbeddedPostgres } from '../server/src/db/embedded.ts';
import { runMigrations } from '../server/src/db/migrate.ts';
import { hashPassword } from '../server/src/modules/system/auth/service.ts';
import { ACCOUNTS, ApiClient, buildFixture, E2E_PASSWORD } from './fixture.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    fixture: { districtId: number; changxingId: number; panyuanId: number };
  }
}

const ms = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/**
 * The real thing, once per run: the web desk built if its sources changed, an embedded
 * PostgreSQL in a temp dir, migrations, the fixture district built through the API, and the
 * app (API + static desk) listening on a free port.
 */
export default async function setup(project: TestProject) {
  let t0 = performance.now();
  const built = ensureWebBuild({ quiet: true });
  console.log(built ? `[e2e] web desk built in ${ms(t0)}` : '[e2e] web desk up to date');

  t0 = performance.now();
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-e2e-'));
  // The cluster runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres(dir, await freePort());
  const database = openDatabase(pg.url, 10);
  await runMigrations(database.pool);
  await database.db.execute(sql`
    insert into accounts (username, display_name, password_hash, role)
    values (${ACCOUNTS.platform_admin.username}, '平台管理员', ${await hashPassword(E2E_PASSWORD)}, 'platform_admin')`);

  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: pg.url });
  const app = await buildApp(database.db, config);
  const baseUrl = (await app.listen({ port: await freePort(), host: '127.0.0.1' })).replace(
    '[::1]',
    '127.0.0.1',
  );

  const api = new ApiClient(baseUrl);
  await api.login(ACCOUNTS.platform_admin.username, E2E_PASSWORD);
  const fixture = await buildFixture(api);
  console.log(`[e2e] server with fixture ready at ${baseUrl} in ${ms(t0)}`);

  project.provide('baseUrl', baseUrl);
  project.provide('fixture', fixture);
  return async () => {
    await app.close();
    await database.close();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
