import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { type EmbeddedHandle, startEmbeddedPostgres } from './db/embedded.ts';
import { runMigrations } from './db/migrate.ts';
import { loadDemoIfEmpty } from './seed/index.ts';

/**
 * Start Gongjian: the embedded PostgreSQL unless DATABASE_URL is set, migrations, the demo
 * district on first start, then the HTTP server. Ctrl-C closes the server and stops Postgres.
 */
async function main() {
  const t0 = performance.now();
  const config = loadConfig();
  let embedded: EmbeddedHandle | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    console.log(`Starting embedded PostgreSQL in ${config.dataDir}/pg (port ${config.EMBEDDED_PG_PORT})…`);
    embedded = await startEmbeddedPostgres(config.dataDir, config.EMBEDDED_PG_PORT, (m) => {
      if (/FATAL|PANIC|ERROR/.test(m)) console.error(m);
    });
    url = embedded.url;
  }
  const database = openDatabase(url, config.DB_POOL_SIZE);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: shutting down…`);
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await runMigrations(database.pool);
  const demo = config.SEED_ON_FIRST_START
    ? await loadDemoIfEmpty(database.db, { scale: config.SEED_SCALE })
    : null;
  app = await buildApp(database.db, config);
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  console.log(`\nGongjian 共建 is serving at ${shown}  (ready in ${Math.round(performance.now() - t0)} ms)`);
  console.log(`API docs: ${shown}/api/docs`);
  if (demo) {
    console.log(
      `\nDemo district loaded (${demo.summary}). Sign in with any of these (password: ${demo.password}):`,
    );
    for (const a of demo.accounts) console.log(`  ${a.username.padEnd(18)} ${a.label}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
