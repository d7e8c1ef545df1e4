import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * `npm run bench` is a deliverable, not a test: its figures are measured by hand. This only runs
 * it small (300 members, 200 appointees, a 3,000-member city for the lists, a 300-appointee board), so a change to the demo or the import that breaks the
 * benchmarks shows here rather than the next time someone measures. No figure is asserted.
 */

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
      cwd: SERVER,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench', () => {
  it('runs every benchmark end to end at a small size and records their figures', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-smoke-'));
    try {
      const file = path.join(dir, 'results.json');
      const { code, output } = await run({
        BENCH_ROWS: '300',
        BENCH_APPOINTEES: '200',
        BENCH_RUNS: '1',
        BENCH_LIST_MEMBERS: '3000',
        BENCH_LIST_RUNS: '2',
        BENCH_BOARD_APPOINTEES: '300',
        BENCH_BOARD_RUNS: '1',
        BENCH_RESULTS_FILE: file,
      });
      expect(code, output.slice(-2000)).toBe(0);
      const results = JSON.parse(await readFile(file, 'utf8'));
      expect(results).toMatchObject({
        rows: 300,
        duties: expect.objectContaining({
          appointees: 200,
          check: expect.objectContaining({ mismatches: 0 }),
        }),
        lists: expect.objectContaining({ scale: expect.objectContaining({ members: 3000 }) }),
        // The phone's first-load JS, read from the web build's manifest.
        portalJs: expect.objectContaining({ budgetKb: 150, phoneKb: expect.any(Number) }),
      });
      // Four lists × first page, page 500, a search; the first pages are full.
      expect(results.lists.cases).toHaveLength(12);
      for (const c of results.lists.cases.filter((x: { case: string }) => x.case === 'first page'))
        expect(c.rows, c.list).toBe(20);
      // The board: first, middle and last page of a 300-appointee district (plus the demo's own).
      expect(results.board).toMatchObject({ appointees: 300, pageSize: 50 });
      expect(results.board.cases.map((c: { case: string }) => c.case)).toEqual([
        'first page',
        'middle page',
        'last page',
      ]);
      expect(results.board.cases[0].rows).toBe(50);
      expect(results.board.total).toBeGreaterThanOrEqual(300);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
