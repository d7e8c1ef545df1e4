import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The JS a phone fetches on its first page load, gzipped: the entry chunk and everything it
 * imports statically, then each lazy step down to the landing page (the shell, then the page) with
 * their static imports, read from Vite's build manifest (`web/dist/.vite/manifest.json`). A chunk
 * a page loads later (`import()` inside it) is not counted: it is not on the way to the first
 * paint. The budget (issue 9 §2) is 150 KB.
 */

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
export const PORTAL_BUDGET_KB = 150;

/** The lazy steps from the entry to each first page; keys are the manifest's (source paths). */
const LANDINGS = {
  /** A member or resident lands on 首页. */
  member: ['src/portal/PhoneShell.tsx', 'src/portal/PortalHome.tsx'],
  /** An appointee lands on 我的任职, its summary of the duties at risk first. */
  appointee: ['src/portal/PhoneShell.tsx', 'src/portal/MyDutyPage.tsx'],
  /** Signed out on a phone: the light login page (a member's or resident's very first load). */
  phoneLogin: ['src/portal/PhoneLogin.tsx'],
  /** Signed out on a wide screen: the desk's login page (antd). Not held to the budget. */
  deskLogin: ['src/layout/SignInScreen.tsx'],
  /**
   * The appointee's page with the antd part under its summary (MyDutyDetails: posts, every duty,
   * exemptions, logs), which loads right after. Not held to the budget; reported so that it shows.
   */
  appointeeWithDetails: [
    'src/portal/PhoneShell.tsx',
    'src/portal/MyDutyPage.tsx',
    'src/layout/AntdProviders.tsx',
    'src/portal/MyDutyDetails.tsx',
  ],
} as const;

interface Chunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

export interface PortalJsResult {
  budgetKb: number;
  /** Per landing: gzipped KB, and how many chunk files it takes (their names change every build). */
  landings: Record<keyof typeof LANDINGS, { kb: number; chunks: number }>;
  /** The worst of the phone's first pages (member, appointee, phone login): held to the budget. */
  phoneKb: number;
  withinBudget: boolean;
}

/** Build the web unless BENCH_WEB_BUILT=1 says web/dist is fresh, then measure. */
export async function portalJs(): Promise<PortalJsResult> {
  if (process.env.BENCH_WEB_BUILT !== '1') {
    const r = spawnSync('npm', ['run', 'build', '-w', 'web'], {
      cwd: path.join(WEB, '..'),
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('web build failed');
  }
  const manifest = JSON.parse(await readFile(path.join(WEB, 'dist/.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const gz = new Map<string, number>();
  const sizeOf = async (file: string) => {
    const known = gz.get(file);
    if (known !== undefined) return known;
    const n = gzipSync(await readFile(path.join(WEB, 'dist', file))).length;
    gz.set(file, n);
    return n;
  };
  // A module imported both statically and lazily (AntdProviders) is keyed by its chunk, not its
  // source: find it by the chunk's name then.
  const lookup = (key: string) =>
    manifest[key] ??
    Object.entries(manifest).find(
      ([k, c]) => k.startsWith('_') && (c as Chunk & { name?: string }).name === path.basename(key, '.tsx'),
    )?.[1];
  /** A chunk and its static imports, transitively. */
  const closure = (key: string, into: Set<string>) => {
    const c = lookup(key);
    if (!c) throw new Error(`${key} is not in the manifest (renamed? update LANDINGS)`);
    if (into.has(c.file)) return;
    into.add(c.file);
    for (const i of c.imports ?? []) closure(i, into);
  };
  const landings = {} as PortalJsResult['landings'];
  for (const [name, steps] of Object.entries(LANDINGS) as [keyof typeof LANDINGS, readonly string[]][]) {
    const files = new Set<string>();
    for (const key of [entry, ...steps]) closure(key, files);
    let bytes = 0;
    for (const f of files) bytes += await sizeOf(f);
    landings[name] = { kb: Math.round((bytes / 1024) * 10) / 10, chunks: files.size };
  }
  const phoneKb = Math.max(landings.member.kb, landings.appointee.kb, landings.phoneLogin.kb);
  return { budgetKb: PORTAL_BUDGET_KB, landings, phoneKb, withinBudget: phoneKb <= PORTAL_BUDGET_KB };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  portalJs().then((r) => {
    for (const [name, l] of Object.entries(r.landings))
      console.log(`${name}: ${l.kb} KB in ${l.chunks} chunks`);
  });
}
