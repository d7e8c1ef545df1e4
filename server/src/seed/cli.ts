import { parseArgs } from 'node:util';
import { loadConfig } from '#server/config.ts';
import { connectDatabase } from '#server/db/connect.ts';
import { DEMO_DISTRICT_CODE, rebuildDemo } from './index.ts';

/**
 * `npm run seed [-- --scale N]`: rebuild the demo district from scratch on the configured
 * database (embedded PostgreSQL under DATA_DIR unless DATABASE_URL), then report counts and
 * timings. Other districts, the platform admin and the audit trail are left alone.
 */
const USAGE = `Usage: npm run seed -- [--scale N]

Deletes the demo district (${DEMO_DISTRICT_CODE}) and everything under it, then loads it again.
  --scale N   size multiplier (default SEED_SCALE, 1 ≈ 3,000 members and 1,500 residents)`;

function parseScale(argv: string[], fallback: number): number {
  const { values } = parseArgs({
    args: argv,
    options: { scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.scale === undefined) return fallback;
  const scale = Number(values.scale);
  // Same bounds as SEED_SCALE in the config.
  if (!Number.isFinite(scale) || scale < 0.01 || scale > 100) {
    throw new Error(`--scale must be a number from 0.01 to 100, got "${values.scale}"\n\n${USAGE}`);
  }
  return scale;
}

async function main() {
  const config = loadConfig();
  const scale = parseScale(process.argv.slice(2), config.SEED_SCALE);
  const t0 = performance.now();
  const connection = await connectDatabase(config, console.log);
  const connected = Math.round(performance.now() - t0);
  try {
    console.log(`Rebuilding the demo district at scale ${scale}…`);
    const report = await rebuildDemo(connection.database.db, { scale });
    const { data, ms } = report;
    if (report.deleted) {
      const parts = Object.entries(report.deleted).map(([table, n]) => `${table} ${n}`);
      console.log(`Deleted the previous demo district: ${parts.join(', ')}`);
    } else {
      console.log('No previous demo district found.');
    }
    console.log(
      `Loaded: ${data.areas.length} areas, ${data.units.length} units, ${data.orgs.length} organisations, ` +
        `${data.seats.length} seats, ${data.members.length} members, ${data.residents.length} residents, ` +
        `${data.accounts.length} accounts`,
    );
    console.log(
      `Timings: connect+migrate ${connected} ms, generate ${ms.generate} ms, password hash ${ms.hash} ms, ` +
        `delete ${ms.reset} ms, insert ${ms.load} ms, total ${Math.round(performance.now() - t0)} ms`,
    );
    console.log(`\n${report.result.summary}. Accounts (password: ${report.result.password}):`);
    for (const a of report.result.accounts) console.log(`  ${a.username.padEnd(20)} ${a.label}`);
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
