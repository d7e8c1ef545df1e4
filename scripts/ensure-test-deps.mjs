#!/usr/bin/env node
// What `npm test` needs beyond npm packages: Debian's chromium (the browser tests drive it with
// playwright-core, which never downloads a browser of its own) and a font with Chinese glyphs
// (without one every screenshot shows boxes and text-width assertions lie). Checked before any
// suite starts, so a fresh machine fails in one second with the command to run, not after the API
// suite with 14 launch errors. As root on Debian the packages are installed here; otherwise the
// one command is printed and the run stops.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const PACKAGES = ['chromium', 'fonts-wqy-microhei'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Where Debian puts the font files of the packages that carry Chinese glyphs.
const CJK_FONT_DIRS = [
  '/usr/share/fonts/truetype/wqy',
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/truetype/arphic',
  '/usr/share/fonts/opentype/source-han-sans',
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasCjkFont() {
  if (process.env.GONGJIAN_SKIP_FONT_CHECK === '1') return true;
  for (const dir of CJK_FONT_DIRS) {
    try {
      if (readdirSync(dir).some((f) => /\.(tt[cf]|otf)$/i.test(f) && /wqy|cjk|han|ukai|uming/i.test(f)))
        return true;
    } catch {
      // not there: try the next
    }
  }
  return false;
}

/** What is missing, as Debian package names. */
function missing() {
  const out = [];
  if (!executable(CHROMIUM)) out.push('chromium');
  if (!hasCjkFont()) out.push('fonts-wqy-microhei');
  return out;
}

const lack = missing();
if (lack.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
const command = `apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;
const customPath = process.env.CHROMIUM_PATH !== undefined && lack.includes('chromium');

if (isRoot && hasApt && !customPath) {
  console.log(`[test] installing what the browser tests need: ${lack.join(', ')} (apt-get, as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      console.error(
        `[test] apt-get ${args[0]} failed (exit ${r.status ?? r.signal}); run it yourself: ${command}`,
      );
      process.exit(1);
    }
  }
  const still = missing();
  if (still.length === 0) process.exit(0);
  console.error(`[test] still missing after apt-get: ${still.join(', ')}`);
  process.exit(1);
}

const where = customPath ? `CHROMIUM_PATH=${CHROMIUM} is not an executable; ` : '';
const how = hasApt ? `sudo ${command}` : `install Chromium and a Chinese font, then set CHROMIUM_PATH`;
console.error(
  `[test] browser tests need ${lack.join(' and ')}: ${where}run \`${how}\` (missing: ${lack
    .map((p) => (p === 'chromium' ? CHROMIUM : `a Chinese font under ${path.dirname(CJK_FONT_DIRS[0])}`))
    .join(', ')})`,
);
process.exit(1);
