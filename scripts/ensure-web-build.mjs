#!/usr/bin/env node
// Build the web desk only when its sources are newer than web/dist, so `npm start` stays fast
// after the first run and never serves a stale desk. The desk bundles common/ too, so shared
// schema changes trigger a rebuild as well.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'web/tsconfig.json',
  'common/src',
  'package-lock.json',
];
const OUTPUT = path.join(root, 'web/dist/index.html');

/** Newest modification time under a file or folder (0 when it does not exist). */
function newest(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

/** Why a build is needed, or null when web/dist is up to date. */
export function staleReason() {
  const built = newest(OUTPUT);
  if (!built) return 'web/dist is missing';
  for (const s of SOURCES) if (newest(path.join(root, s)) > built) return `${s} changed since the last build`;
  return null;
}

/** Build when needed; returns the build time in ms, or 0 when nothing had to be done. */
export function ensureWebBuild({ quiet = false } = {}) {
  const reason = staleReason();
  if (!reason) return 0;
  if (!quiet) console.log(`Building the web desk (${reason})…`);
  const t0 = performance.now();
  const res = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], {
    cwd: root,
    // A test runner's NODE_ENV=test would give a development React/antd build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (res.status !== 0) throw new Error(`web build failed (exit ${res.status ?? res.signal})`);
  const ms = Math.round(performance.now() - t0);
  if (!quiet) console.log(`Web desk built in ${(ms / 1000).toFixed(1)} s.`);
  return ms;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureWebBuild();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
