import { randomBytes } from 'node:crypto';
import { isValidIdNumber, SYSTEM_DICTIONARIES } from '@gongjian/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { runMigrations } from '#server/db/migrate.ts';
import { scanReminders } from '#server/jobs/reminders.ts';
import {
  DEMO_DISTRICT_CODE,
  DEMO_PASSWORD,
  type DemoResult,
  generateDemo,
  loadDemoIfEmpty,
  rebuildDemo,
} from '#server/seed/index.ts';
import { Client } from './helpers.ts';

const SCALE = 0.2;
const SEVEN = SYSTEM_DICTIONARIES.member_category.items.map(([code]) => code);

// The demo's codes, ID numbers and usernames are fixed, so it gets a database of its own
// instead of sharing the run's database with the tenant-per-file tests.
const dbName = `seed_${randomBytes(4).toString('hex')}`;
let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
let baseUrl: string;
let loaded: DemoResult | null;

async function adminQuery(text: string) {
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  await adminQuery(`create database ${dbName}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${dbName}`;
  database = openDatabase(url.toString(), 5);
  await runMigrations(database.pool);
  loaded = await loadDemoIfEmpty(database.db, { scale: SCALE });
  app = await buildApp(
    database.db,
    loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: url.toString() }),
  );
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await adminQuery(`drop database if exists ${dbName} with (force)`);
});

async function q<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await database.pool.query(text, params)).rows as T[];
}
async function one<T = any>(text: string, params: unknown[] = []): Promise<T> {
  const [row] = await q<T>(text, params);
  if (!row) throw new Error(`no row for: ${text}`);
  return row;
}
const n = async (text: string, params: unknown[] = []) => Number((await one<{ n: string }>(text, params)).n);

/** Row counts of every table the demo fills, restricted to the demo district's subtree. */
async function demoCounts() {
  const tree = `(select id from areas where path like (select path from areas where code = '${DEMO_DISTRICT_CODE}') || '%')`;
  const out: Record<string, number> = {};
  for (const table of [
    'areas',
    'units',
    'party_orgs',
    'party_org_seats',
    'members',
    'residents',
    'dict_items',
    'accounts',
    'appointment_kinds',
    'work_programmes',
    'selection_batches',
    'appointments',
    'work_logs',
    'duty_exemptions',
  ])
    out[table] = await n(
      `select count(*) as n from ${table} where ${table === 'areas' ? 'id' : 'area_id'} in ${tree}`,
    );
  return out;
}

describe('demo district', () => {
  it('loads into an empty database and returns the accounts to print', () => {
    expect(loaded).not.toBeNull();
    expect(loaded?.summary).toMatch(/^共建区: 5 个街道\/镇, 60 个社区\/村, [\d,]+ 名党员/);
    expect(loaded?.password).toBe(DEMO_PASSWORD);
    expect(loaded?.accounts.map((a) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'district', 'changxing', 'huangpi-community', 'member', 'resident']),
    );
  });

  it('is not loaded again once the database has accounts', async () => {
    expect(await loadDemoIfEmpty(database.db, { scale: SCALE })).toBeNull();
    expect(await n(`select count(*) as n from areas where code = $1`, [DEMO_DISTRICT_CODE])).toBe(1);
  });

  it('gives the district its system dictionaries and an audit event for the load', async () => {
    const district = await one(`select id from areas where code = $1`, [DEMO_DISTRICT_CODE]);
    const items = await n(`select count(*) as n from dict_items where area_id = $1 and system`, [
      district.id,
    ]);
    const expected = Object.values(SYSTEM_DICTIONARIES).reduce((s, d) => s + d.items.length, 0);
    expect(items).toBe(expected);
    expect(
      await n(
        `select count(*) as n from audit_events where entity_type = 'demo_district' and action = 'import'`,
      ),
    ).toBe(1);
  });

  it('stores paths and depths that match the parent chain', async () => {
    const broken = await n(`
      select count(*) as n from areas c join areas p on p.id = c.parent_id
       where c.code like 'demo-%' and (c.path <> p.path || c.id || '/' or c.depth <> p.depth + 1)`);
    expect(broken).toBe(0);
  });

  it('models Changxing: a town with exactly 4 SOEs and 11 villages and communities', async () => {
    const town = await one(`select id, path, level from areas where code = 'demo-cx'`);
    expect(town.level).toBe('street');
    expect(
      await n(`select count(*) as n from areas where parent_id = $1 and level = 'community'`, [town.id]),
    ).toBe(11);
    const soes = await q(
      `select u.id from units u join areas a on a.id = u.area_id where u.type = 'soe' and a.path like $1`,
      [`${town.path}%`],
    );
    expect(soes).toHaveLength(4);
    // SOE employees are party members living in the town's communities.
    const living = await n(
      `select count(distinct m.area_id) as n from members m join areas a on a.id = m.area_id
        where m.unit_id = any($1) and a.path like $2`,
      [soes.map((s) => s.id), `${town.path}%`],
    );
    expect(living).toBeGreaterThan(5);
  });

  it('models Huangpi: 4 zones, 24 compounds and 98 buildings, and the bureau’s 12 branches', async () => {
    const community = await one(`select id, path from areas where name = '向荣社区' and code like 'demo-%'`);
    const levels = await q<{ level: string; n: string }>(
      `select level, count(*) as n from areas where path like $1 group by level`,
      [`${community.path}%`],
    );
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    expect(byLevel).toMatchObject({ zone: 4, compound: 24, building: 98 });
    const bureau = await one(`select id, type from units where name = '共建区教育局'`);
    expect(bureau.type).toBe('agency');
    expect(
      await n(`select count(*) as n from party_orgs where unit_id = $1 and type = 'branch'`, [bureau.id]),
    ).toBe(12);
    // Every building of 向荣 has its 楼栋长 living there.
    const headed = await n(
      `select count(distinct m.area_id) as n from members m join areas a on a.id = m.area_id
        where a.level = 'building' and a.path like $1 and 'building_head' = any(m.roles)`,
      [`${community.path}%`],
    );
    expect(headed).toBe(98);
  });

  it('models Luliang: agencies report to all 27 communities of the street', async () => {
    const street = await one(`select id, path from areas where code = 'demo-ll'`);
    expect(await n(`select count(*) as n from areas where parent_id = $1`, [street.id])).toBe(27);
    const covered = await n(
      `select count(distinct u.area_id) as n from units u join areas a on a.id = u.area_id
        where u.type = 'agency' and a.level = 'community' and a.parent_id = $1`,
      [street.id],
    );
    expect(covered).toBe(27);
  });

  it('models Hongqiao: a building joint branch whose members work for several firms', async () => {
    const branch = await one(`select id, area_id from party_orgs where type = 'building_joint_branch'`);
    const tower = await one(`select level, name from areas where id = $1`, [branch.area_id]);
    expect(tower.level).toBe('building');
    const employers = await q<{ type: string }>(
      `select distinct u.id, u.type from members m join units u on u.id = m.unit_id where m.org_id = $1`,
      [branch.id],
    );
    expect(employers.length).toBeGreaterThanOrEqual(2);
    expect(employers.every((e) => e.type.startsWith('two_new_'))).toBe(true);
  });

  it('models Yungang: a 大党委 with member units and concurrent members, a 大工委 with member units', async () => {
    const seats = await q<{
      type: string;
      kind: string;
      member_id: number | null;
      person_name: string | null;
    }>(
      `select o.type, s.kind, s.member_id, s.person_name from party_org_seats s join party_orgs o on o.id = s.org_id`,
    );
    const big = seats.filter((s) => s.type === 'joint_community_committee');
    expect(big.some((s) => s.kind === 'member_unit')).toBe(true);
    expect(big.some((s) => s.kind === 'concurrent_member' && s.member_id !== null)).toBe(true);
    expect(big.some((s) => s.kind === 'concurrent_member' && s.person_name !== null)).toBe(true);
    const street = seats.filter((s) => s.type === 'joint_street_committee');
    expect(street.length).toBeGreaterThan(3);
    expect(street.every((s) => s.kind === 'member_unit')).toBe(true);
  });

  it('gives every member a valid ID number matching birth date and sex, and one of the seven categories', async () => {
    const rows = await q<{
      id_number: string;
      birth_date: string;
      gender: string;
      category: string;
      join_date: string;
    }>(`select id_number, birth_date, gender, category, join_date from members`);
    expect(rows.length).toBeGreaterThan(400);
    for (const m of rows) {
      expect(isValidIdNumber(m.id_number), m.id_number).toBe(true);
      expect(m.birth_date).toBe(
        `${m.id_number.slice(6, 10)}-${m.id_number.slice(10, 12)}-${m.id_number.slice(12, 14)}`,
      );
      expect(Number(m.id_number[16]) % 2 === 1 ? 'male' : 'female').toBe(m.gender);
      expect(SEVEN).toContain(m.category);
      expect(m.join_date > m.birth_date).toBe(true);
    }
    expect(new Set(rows.map((m) => m.category)).size).toBe(7);
    expect(await n(`select count(*) as n from members where phone !~ '^1[3-9][0-9]{9}$'`)).toBe(0);
  });

  it('signs in with every printed account through the real app, each with its role', async () => {
    for (const a of loaded?.accounts ?? []) {
      const c = new Client(baseUrl);
      const res = await c.login(a.username, DEMO_PASSWORD);
      expect(res.status, a.username).toBe(200);
      expect(res.body.username).toBe(a.username);
    }
    const roles = await q<{ role: string }>(`select distinct role from accounts`);
    expect(roles.map((r) => r.role).sort()).toEqual([
      'community_admin',
      'district_admin',
      'member',
      'platform_admin',
      'resident',
      'street_admin',
      'unit_admin',
    ]);
  });

  it('appoints Changxing’s 15 second secretaries from one programme in two appointed batches', async () => {
    const town = await one(`select path from areas where code = 'demo-cx'`);
    const rows = await q<{ batch: string; status: string; unit_type: string; level: string; lives: boolean }>(
      `select b.title as batch, b.status, u.type as unit_type, ra.level,
              ma.path like ra.path || '%' as lives
         from appointments a
         join appointment_kinds k on k.id = a.kind_id and k.code = 'second_secretary'
         join selection_batches b on b.id = a.batch_id
         join units u on u.id = a.sending_unit_id
         join areas ra on ra.id = a.area_id
         join members m on m.id = a.member_id
         join areas ma on ma.id = m.area_id
        where ra.path like $1 and a.status = 'active'`,
      [`${town.path}%`],
    );
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.batch)).size).toBe(2);
    expect(
      rows.every((r) => r.status === 'appointed' && r.unit_type === 'soe' && r.level === 'community'),
    ).toBe(true);
    // Each is an SOE employee living in the community they serve.
    expect(rows.every((r) => r.lives)).toBe(true);
    expect(await n(`select count(distinct programme_id) as n from selection_batches`)).toBe(1);
    expect(await n(`select count(*) as n from batch_candidates where status = 'appointed'`)).toBe(15);
  });

  it('records every step each seeded candidate passed through: checked, reviewed, appointed', async () => {
    // What the desk reads (the batch workbench), for every seeded batch, as the town's admin.
    const c = new Client(baseUrl);
    expect((await c.login('changxing', DEMO_PASSWORD)).status).toBe(200);
    const list = await c.get('/api/batches?pageSize=100');
    expect(list.status).toBe(200);
    const total = await n(`select count(*) as n from selection_batches`);
    expect(total).toBeGreaterThan(0);
    expect(list.body.total).toBe(total);
    const programmes = new Map(
      (
        await q<{ id: number; conditions: { type: string }[] }>(`select id, conditions from work_programmes`)
      ).map((p) => [p.id, p.conditions.map((x) => x.type)]),
    );
    let candidates = 0;
    for (const summary of list.body.data) {
      const b = (await c.get(`/api/batches/${summary.id}`)).body;
      expect(b.status).toBe('appointed');
      const conditions = programmes.get(b.programmeId) ?? [];
      // The programme's structured conditions are what the check evaluated.
      expect(conditions.length).toBeGreaterThan(0);
      for (const cand of b.candidates) {
        candidates += 1;
        const who = `${b.title} / ${cand.memberName}`;
        expect(cand.status, who).toBe('appointed');
        // Past the check: one passed result per condition, in the programme's order, with its reason.
        expect(
          cand.checkResults?.map((r: { type: string }) => r.type),
          who,
        ).toEqual(conditions);
        for (const r of cand.checkResults ?? []) {
          expect(r.passed, `${who}: ${r.reasonZh}`).toBe(true);
          expect(r.reasonZh.length).toBeGreaterThan(0);
        }
        // In the order the machine allows: nominated, checked, reviewed, noticed, appointed.
        expect(cand.checkedAt, who).not.toBeNull();
        expect(cand.reviewedAt, who).not.toBeNull();
        expect(cand.appointmentId, who).not.toBeNull();
        const day = (iso: string) => iso.slice(0, 10);
        expect(Date.parse(cand.createdAt)).toBeLessThan(Date.parse(cand.checkedAt));
        expect(Date.parse(cand.checkedAt)).toBeLessThan(Date.parse(cand.reviewedAt));
        expect(day(new Date(Date.parse(cand.reviewedAt) + 8 * 3600_000).toISOString()) < b.noticeStart).toBe(
          true,
        );
        expect(b.noticeEnd < b.termStart).toBe(true);
        expect(Date.parse(cand.reviewedAt)).toBeLessThan(Date.parse(b.appointedAt));
      }
    }
    expect(candidates).toBe(await n(`select count(*) as n from batch_candidates`));
    // And the tables directly: no candidate past nomination without the check's results, no
    // decided one without its reviewer, no appointed one without its appointment.
    expect(
      await n(`select count(*) as n from batch_candidates
                where status <> 'nominated' and (check_results is null or checked_at is null)`),
    ).toBe(0);
    expect(
      await n(`select count(*) as n from batch_candidates
                where status in ('approved','rejected','appointed') and (reviewed_by is null or reviewed_at is null)`),
    ).toBe(0);
    expect(
      await n(
        `select count(*) as n from batch_candidates where status = 'appointed' and appointment_id is null`,
      ),
    ).toBe(0);
  });

  it('shows every candidate of a batch past review with a check and review matching its status', async () => {
    // The desk's workbench reads 资格审查结果 from checkResults and the status, and prints
    // 尚未审查 (not checked yet) for a candidate without results that is still nominated: a
    // seeded batch past review must never show that, nor an appointed or approved candidate
    // without a passed check and a review, nor a rejected one without its reason.
    const c = new Client(baseUrl);
    expect((await c.login('district', DEMO_PASSWORD)).status).toBe(200);
    const list = await c.get('/api/batches?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(await n(`select count(*) as n from selection_batches`));
    /** Candidate statuses a batch may still hold once it reached each status after review. */
    const allowed: Record<string, string[]> = {
      review: ['qualified', 'disqualified', 'approved', 'rejected'],
      notice: ['disqualified', 'approved', 'rejected'],
      appointed: ['disqualified', 'rejected', 'appointed'],
    };
    let pastReview = 0;
    for (const summary of list.body.data) {
      const b = (await c.get(`/api/batches/${summary.id}`)).body;
      const statuses = allowed[b.status];
      if (!statuses) continue;
      pastReview += 1;
      expect(b.candidates.length, b.title).toBeGreaterThan(0);
      for (const cand of b.candidates) {
        const who = `${b.title} (${b.status}) / ${cand.memberName}: ${cand.status}`;
        expect(statuses, who).toContain(cand.status);
        // Checked: results stored, and they agree with the status.
        expect(cand.checkedAt, who).not.toBeNull();
        expect(cand.checkResults, who).not.toBeNull();
        const passed = (cand.checkResults as { passed: boolean }[]).every((r) => r.passed);
        expect(passed, who).toBe(cand.status !== 'disqualified');
        // Reviewed exactly when a review decided it; a rejection says why.
        const reviewed = ['approved', 'rejected', 'appointed'].includes(cand.status);
        expect(cand.reviewedAt !== null, who).toBe(reviewed);
        if (cand.status === 'rejected') expect(cand.reviewComment?.trim(), who).toBeTruthy();
        expect(cand.appointmentId !== null, who).toBe(cand.status === 'appointed');
      }
      if (b.status === 'appointed') {
        expect(
          b.candidates.some((x: { status: string }) => x.status === 'appointed'),
          b.title,
        ).toBe(true);
      }
    }
    expect(pastReview).toBeGreaterThan(0);
  });

  it('keeps every work log within its term, in the past, with one rejected', async () => {
    expect(await n(`select count(*) as n from work_logs`)).toBeGreaterThan(300);
    expect(
      await n(
        `select count(*) as n from work_logs w join appointments a on a.id = w.appointment_id
          where w.occurred_at > now() or (w.occurred_at at time zone 'Asia/Shanghai')::date < a.term_start
             or (a.term_end is not null and (w.occurred_at at time zone 'Asia/Shanghai')::date > a.term_end)`,
      ),
    ).toBe(0);
    expect(await n(`select count(*) as n from work_logs where status = 'rejected'`)).toBe(1);
    expect(await n(`select count(*) as n from work_logs where status = 'pending'`)).toBeGreaterThan(0);
    const kinds = await q<{ kind: string }>(`select distinct kind from work_logs order by kind`);
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['action', 'activity', 'contact', 'employee_contact', 'onsite_day', 'visit']),
    );
  });

  it('shows the Changxing board with duties met, at risk and missed', async () => {
    const c = new Client(baseUrl);
    expect((await c.login('changxing', DEMO_PASSWORD)).status).toBe(200);
    const at = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const statuses = new Set<string>();
    for (const periods of [1, 2]) {
      const res = await c.get(`/api/compliance/board?periods=${periods}&at=${at}`);
      expect(res.status).toBe(200);
      expect(res.body.rows).toHaveLength(15);
      for (const row of res.body.rows) for (const d of row.duties) statuses.add(d.status);
    }
    expect([...statuses]).toEqual(expect.arrayContaining(['met', 'at_risk', 'missed']));
    // The appointments date from their terms, so a replay of last week still has all 15.
    const lastWeek = new Date(Date.now() + 8 * 3_600_000 - 7 * 86_400_000).toISOString().slice(0, 10);
    const replay = await c.get(`/api/compliance/board?at=${lastWeek}&replay=true`);
    expect(replay.status).toBe(200);
    expect(replay.body.rows).toHaveLength(15);
  });

  it('keeps 请假免责 alive: one exemption approved (its week exempt), one rejected, one waiting', async () => {
    const c = new Client(baseUrl);
    expect((await c.login('changxing', DEMO_PASSWORD)).status).toBe(200);
    const res = await c.get('/api/duty-exemptions?pageSize=50');
    expect(res.status).toBe(200);
    const byStatus = Object.fromEntries(res.body.data.map((e: any) => [e.status, e]));
    expect(res.body.data.map((e: any) => `${e.status}:${e.reasonKind}`).sort()).toEqual([
      'approved:illness',
      'pending:leave',
      'rejected:other',
    ]);
    const approved = byStatus.approved;
    const cell = await c.get(
      `/api/compliance/board/${approved.appointmentId}/${approved.ruleCode}/${approved.periodKey}`,
    );
    expect(cell.status).toBe(200);
    expect(cell.body.evaluation).toMatchObject({
      status: 'exempt',
      exemptionReason: { 'zh-CN': '病假：住院治疗一周' },
    });
    expect(byStatus.rejected.reviewComment).toBeTruthy();
    // The waiting request is the demo member's own, for this month.
    const member = new Client(baseUrl);
    expect((await member.login('member', DEMO_PASSWORD)).status).toBe(200);
    const mine = await member.get(`/api/duty-exemptions?appointmentId=${byStatus.pending.appointmentId}`);
    expect(mine.body.data.map((e: any) => e.status)).toEqual(['pending']);
    expect(byStatus.pending.requestedByName).toBe(
      (await one(`select display_name from accounts where username = 'member'`)).display_name,
    );
  });

  it('gives the demo member (a second secretary) duties of their own', async () => {
    const c = new Client(baseUrl);
    expect((await c.login('member', DEMO_PASSWORD)).status).toBe(200);
    const res = await c.get('/api/compliance/mine');
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0].duties.length).toBeGreaterThanOrEqual(4);
  });

  it('reports visits to Hongqiao’s two-new organisations with demands by category', async () => {
    const c = new Client(baseUrl);
    expect((await c.login('hongqiao', DEMO_PASSWORD)).status).toBe(200);
    const area = await one(`select id from areas where code = 'demo-hq-c02'`);
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
    const res = await c.get(`/api/coverage/visits?areaId=${area.id}&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body.visited).toBeGreaterThan(0);
    expect(res.body.visits).toBeGreaterThan(0);
    expect(res.body.byTargetType.some((t: any) => t.targetType === 'two_new_org' && t.visits > 0)).toBe(true);
    expect(res.body.demands).toBeGreaterThan(0);
    expect(res.body.demandsByCategory.filter((d: any) => d.visits > 0).length).toBeGreaterThan(1);
  });

  it('lets every duty reminder reach someone, also of the appointees without an account', async () => {
    const said: string[] = [];
    const result = await scanReminders({
      db: database.db,
      now: new Date(),
      channels: [],
      enqueue: async () => {},
      log: (m) => said.push(m),
    });
    const rows = await q<{ delivery: string; recipients: number; own: boolean; roles: string[] }>(
      `select s.delivery, s.recipients,
              exists (select 1 from accounts a where a.member_id = ap.member_id and a.role = 'member') as own,
              array(select distinct a.role from notifications n join accounts a on a.id = n.recipient_account_id
                     where n.reminder_id = s.id order by a.role) as roles
         from reminders_sent s join appointments ap on ap.id = s.appointment_id`,
    );
    expect(rows.length).toBe(result.atRisk + result.missed);
    const withoutAccount = rows.filter((r) => !r.own);
    // Most of the demo's appointees are cadres without an account, in villages without a community
    // admin, sent by SOEs without a unit admin (a scan once recorded such reminders as sent, then as
    // reaching nobody): each must reach the people responsible, here Changxing's street admin.
    expect(withoutAccount.length, JSON.stringify(rows)).toBeGreaterThan(0);
    expect(result.undeliverable, said.join('\n')).toBe(0);
    for (const r of withoutAccount) {
      expect(r.delivery).toBe('responsible');
      expect(r.recipients).toBeGreaterThan(0);
      expect(r.roles).not.toContain('member');
    }
    expect(result.toResponsible).toBe(withoutAccount.length);
  });

  it('rebuilds: delete and load again leaves the same counts, and the accounts still sign in', async () => {
    const before = await demoCounts();
    const auditBefore = await n(`select count(*) as n from audit_events`);
    const oldDistrict = await one(`select id from areas where code = $1`, [DEMO_DISTRICT_CODE]);
    const report = await rebuildDemo(database.db, { scale: SCALE });
    expect(report.deleted?.members).toBe(before.members);
    expect(report.deleted?.areas).toBe(before.areas);
    expect(await demoCounts()).toEqual(before);
    expect(await n(`select count(*) as n from areas where id = $1`, [oldDistrict.id])).toBe(0);
    // The audit trail is append-only: the rebuild adds its own events and removes none.
    expect(await n(`select count(*) as n from audit_events`)).toBe(auditBefore + 2);
    const c = new Client(baseUrl);
    expect((await c.login('huangpi-community', DEMO_PASSWORD)).status).toBe(200);
    expect((await c.login('admin', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('demo generator', () => {
  it('is deterministic: the same scale gives deep-equal output', () => {
    expect(generateDemo(SCALE)).toEqual(generateDemo(SCALE));
  });

  it('keeps the tree fixed and grows members, residents and units linearly with the scale', () => {
    const small = generateDemo(1);
    const big = generateDemo(4);
    expect(big.areas).toEqual(small.areas);
    expect(small.members.length).toBeGreaterThan(2_800);
    expect(small.members.length).toBeLessThan(3_200);
    expect(small.residents.length).toBeGreaterThan(1_400);
    expect(small.residents.length).toBeLessThan(1_600);
    const ratio = (k: 'members' | 'residents' | 'units') => big[k].length / small[k].length;
    expect(ratio('members')).toBeGreaterThan(3.7);
    expect(ratio('residents')).toBeGreaterThan(3.9);
    expect(ratio('units')).toBeGreaterThan(3);
    const ids = new Set([
      ...big.members.map((m) => m.idNumber),
      ...big.residents.flatMap((r) => r.idNumber ?? []),
    ]);
    expect(ids.size).toBe(big.members.length + big.residents.filter((r) => r.idNumber).length);
  });
});
