import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { type JobRunner, startJobRunner, wecomChannel } from './jobs/index.ts';
import { loadDemoIfEmpty } from './seed/index.ts';

/**
 * Start Gongjian: the embedded PostgreSQL unless DATABASE_URL is set, migrations, the demo
 * district on first start, then the HTTP server. Ctrl-C closes the server and stops Postgres.
 */
async function main() {
  const t0 = performance.now();
  const config = loadConfig();
  const connection = await connectDatabase(config, console.log);
  const { database } = connection;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let jobs: JobRunner | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: shutting down…`);
    await jobs
      ?.stop()
      .catch((err) => console.error(`Stopping the jobs: ${err instanceof Error ? err.message : err}`));
    await app?.close().catch(() => {});
    await connection.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let address: string;
  let demo: Awaited<ReturnType<typeof loadDemoIfEmpty>> = null;
  try {
    if (config.SEED_ON_FIRST_START) demo = await loadDemoIfEmpty(database.db, { scale: config.SEED_SCALE });
    app = await buildApp(database.db, config);
    address = await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    // Stop the embedded PostgreSQL too: a failed start must not leave a server holding the data dir.
    await app?.close().catch(() => {});
    await connection.close();
    throw err;
  }
  // Jobs start once the app serves: a failed job start is reported but does not stop the app.
  const jobsUrl = config.DATABASE_URL ?? connection.embedded?.url;
  if (config.JOBS_ENABLED && jobsUrl) {
    try {
      jobs = await startJobRunner({
        db: database.db,
        connectionString: jobsUrl,
        channels: config.WECOM_WEBHOOK_URL
          ? [wecomChannel(config.WECOM_WEBHOOK_URL, { publicUrl: config.PUBLIC_URL })]
          : [],
        log: (m) => console.error(m),
      });
    } catch (err) {
      console.error(`Scheduled jobs did not start: ${err instanceof Error ? err.message : err}`);
    }
  }
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  console.log(`\nGongjian 共建 is serving at ${shown}  (ready in ${Math.round(performance.now() - t0)} ms)`);
  console.log(`API docs: ${shown}/api/docs`);
  if (demo) {
    console.log(
      `\nDemo district loaded (${demo.summary}). Sign in with any of these (password: ${demo.password}):`,
    );
    for (const a of demo.accounts) console.log(`  ${a.username.padEnd(20)} ${a.label}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
