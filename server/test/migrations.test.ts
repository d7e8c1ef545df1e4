import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DrizzleSnapshotJSON, generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import * as schema from '#server/db/schema/index.ts';
import { uid } from './helpers.ts';

// `npm run db:generate` (drizzle-kit generate) diffs the schema against the last snapshot by file
// name and numbers the new migration after the journal's last idx. Snapshots that branch from one
// parent (0012–0015 all once pointed at 0010) or a last snapshot behind the schema make it write a
// migration repeating applied changes, or reuse a number; these keep the next one clean.
const drizzleDir = new URL('../drizzle/', import.meta.url);
const meta = new URL('meta/', drizzleDir);
const readJson = <T>(url: URL): T => JSON.parse(readFileSync(url, 'utf8')) as T;

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}
type Snapshot = DrizzleSnapshotJSON & { id: string; prevId: string };

const journal = readJson<Journal>(new URL('_journal.json', meta));
const prefix = (tag: string) => tag.slice(0, 4);
const snapshot = (tag: string) => readJson<Snapshot>(new URL(`${prefix(tag)}_snapshot.json`, meta));

describe('migrations and their snapshots', () => {
  it('journal lists every SQL file once, in file order, idx = the file number', () => {
    const files = readdirSync(drizzleDir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    expect(journal.entries.map((e) => e.tag)).toEqual(files);
    for (const e of journal.entries) expect(e.idx).toBe(Number(prefix(e.tag)));
  });

  it('snapshots form one chain in journal order', () => {
    const snaps = journal.entries.map((e) => snapshot(e.tag));
    expect(snaps[0]?.prevId).toBe('00000000-0000-0000-0000-000000000000');
    for (let i = 1; i < snaps.length; i++) expect(snaps[i]?.prevId).toBe(snaps[i - 1]?.id);
    expect(new Set(snaps.map((s) => s.id)).size).toBe(snaps.length);
  });

  it('the last snapshot is the current schema: drizzle-kit would generate nothing', async () => {
    const last = journal.entries.at(-1);
    if (!last) throw new Error('empty journal');
    const prev = snapshot(last.tag);
    const cur = generateDrizzleJson(schema, prev.id);
    expect(await generateMigration(prev, cur)).toEqual([]);
  });
});

// The journal once listed 0015 before 0014 (0015 was generated first, on another branch); it now
// lists them by number. drizzle's migrator runs every entry whose `when` is later than the latest
// applied one, so the order of entries never decides what an existing database still needs: these
// migrate real databases with the old order and prove the new journal adds nothing or just the rest.
describe('databases migrated under the old journal order', () => {
  const oldOrder = ['0015_reminder_delivery', '0014_resident_employer'];
  /** A copy of the migrations whose journal lists `tags` only, in that order. */
  function folderWith(tags: string[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongjian-migrations-'));
    cpSync(fileURLToPath(drizzleDir), dir, { recursive: true });
    const byTag = new Map(journal.entries.map((e) => [e.tag, e]));
    const entries = tags.map((t) => byTag.get(t));
    writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
    return dir;
  }
  async function withDatabase(run: (client: pg.Client) => Promise<void>) {
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    const name = `gj_migrations_${uid()}`;
    await admin.query(`create database ${name}`);
    const url = new URL(inject('databaseUrl'));
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await run(client);
    } finally {
      await client.end();
      await admin.query(`drop database ${name}`);
      await admin.end();
    }
  }
  const applied = async (client: pg.Client) =>
    (await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations')).rows[0]?.n;
  // What came before those two: migrations added since (0016…) were never in the old order.
  const tags = journal.entries.map((e) => e.tag);
  const before = tags.slice(0, Math.min(...oldOrder.map((t) => tags.indexOf(t))));

  it('a database fully migrated in the old order runs nothing more', async () => {
    await withDatabase(async (client) => {
      const old = folderWith([...before, ...oldOrder]);
      try {
        await migrate(drizzle(client), { migrationsFolder: old });
        await migrate(drizzle(client), { migrationsFolder: fileURLToPath(drizzleDir) });
        expect(await applied(client)).toBe(String(journal.entries.length));
      } finally {
        rmSync(old, { recursive: true, force: true });
      }
    });
  });

  it('a database that had 0015 but not yet 0014 gets 0014 only', async () => {
    await withDatabase(async (client) => {
      const old = folderWith([...before, '0015_reminder_delivery']);
      try {
        await migrate(drizzle(client), { migrationsFolder: old });
        await migrate(drizzle(client), { migrationsFolder: fileURLToPath(drizzleDir) });
        expect(await applied(client)).toBe(String(journal.entries.length));
        const cols = await client.query(
          "select 1 from information_schema.columns where table_name = 'residents' and column_name = 'unit_id'",
        );
        expect(cols.rowCount).toBe(1);
      } finally {
        rmSync(old, { recursive: true, force: true });
      }
    });
  });
});
