import { writeFile } from 'node:fs/promises';
import { openDatabase } from '#server/db/client.ts';
import { loadActor } from '#server/http/auth.ts';
import type { Ctx } from '#server/http/context.ts';
import { commitImport, stageImport } from '#server/io/excel/service.ts';

/**
 * The measured part of the import benchmark, run in its own process (started by `run.ts` with
 * `--expose-gc`) so its memory figures hold the import alone, not the data generator. Imports the
 * workbook through the service layer exactly as the HTTP route does: preview (parse and validate
 * every row, stage the outcome), commit, then the same file again (every row unchanged).
 *
 * Environment: BENCH_DATABASE_URL, BENCH_FILE, BENCH_ACCOUNT_ID, BENCH_RESULT.
 */

/** Wall time and memory of one phase. */
export interface PhaseResult {
  ms: number;
  rowsPerSecond: number;
  /** Highest resident set size seen while the phase ran, sampled every 10 ms. */
  peakRssMb: number;
  /** Highest V8 heap in use seen meanwhile. */
  peakHeapMb: number;
}

/** What the measured run reports back to `run.ts`. */
export interface ImportMembersResult {
  baselineRssMb: number;
  preview: PhaseResult & { total: number; valid: number; invalid: number; creates: number };
  commit: PhaseResult & { created: number; updated: number };
  reimport: PhaseResult & { unchanged: number; creates: number; updates: number };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (this script is started by bench/run.ts)`);
  return v;
}

/** Run `fn` while sampling memory; the sampler also runs between awaits of the import itself. */
async function measure<T>(rows: number, fn: () => Promise<T>): Promise<{ value: T } & PhaseResult> {
  globalThis.gc?.();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = Math.round(performance.now() - t0);
    sample();
    return {
      value,
      ms,
      rowsPerSecond: Math.round(rows / (ms / 1000)),
      peakRssMb: mb(peakRss),
      peakHeapMb: mb(peakHeap),
    };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const database = openDatabase(env('BENCH_DATABASE_URL'), 5);
  try {
    const actor = await loadActor(database.db, Number(env('BENCH_ACCOUNT_ID')), 'session');
    if (!actor) throw new Error('benchmark account not found');
    const ctx: Ctx = {
      db: database.db,
      actor,
      locale: 'zh-CN',
      ip: null,
      requestId: 'bench',
      now: new Date(),
    };
    const file = env('BENCH_FILE');
    globalThis.gc?.();
    const baselineRssMb = mb(process.memoryUsage().rss);

    const preview = await measure(0, () => stageImport(ctx, 'members', file, 'members-bench.xlsx'));
    const total = preview.value.total;
    preview.rowsPerSecond = Math.round(total / (preview.ms / 1000));
    const commit = await measure(preview.value.valid, () =>
      commitImport(ctx, preview.value.id, { mode: 'valid_only' }),
    );
    const reimport = await measure(total, () => stageImport(ctx, 'members', file, 'members-bench.xlsx'));

    const { value: p, ...previewFigures } = preview;
    const { value: c, ...commitFigures } = commit;
    const { value: r, ...reimportFigures } = reimport;
    const result: ImportMembersResult = {
      baselineRssMb,
      preview: { ...previewFigures, total: p.total, valid: p.valid, invalid: p.invalid, creates: p.creates },
      commit: { ...commitFigures, created: c.result?.created ?? 0, updated: c.result?.updated ?? 0 },
      reimport: { ...reimportFigures, unchanged: r.unchanged, creates: r.creates, updates: r.updates },
    };
    if (p.errors.length) console.error('first errors:', JSON.stringify(p.errors.slice(0, 5)));
    await writeFile(env('BENCH_RESULT'), JSON.stringify(result));
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
