import { periodText } from '@gongjian/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { members, units } from '#server/db/schema/index.ts';
import {
  type ChannelMessage,
  channelDeliveryJob,
  drillDownLink,
  type JobContext,
  type JobRunner,
  queueOptions,
  type ReminderScanResult,
  scanReminders,
  startJobRunner,
} from '#server/jobs/index.ts';
import { type Client, createTenant, fakeIdNumber, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
let kindId: number;
let orgC3: number;
/** The `member` client's second-secretary appointment in C1. */
let apA: number;

const cn = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);
/** Saturday of 2026-W42: the weekly contact is at risk (the last two days of the week). */
const SATURDAY = cn('2026-10-17');
/** Monday of 2026-W43: W42 has closed. */
const MONDAY = cn('2026-10-19');

const enqueued: { name: string; data: any }[] = [];
const wecom = { name: 'wecom', send: async (_m: ChannelMessage) => {} };
const ctxAt = (now: Date): JobContext => ({
  db: t.database.db,
  now,
  channels: [wecom],
  enqueue: async (name, data) => {
    enqueued.push({ name, data });
  },
  log: () => {},
});

async function reminders(appointmentId: number) {
  const r = await t.database.pool.query(
    `select rule_code, period_key, kind from reminders_sent where appointment_id = $1
      order by rule_code, period_key, kind`,
    [appointmentId],
  );
  return r.rows as { rule_code: string; period_key: string; kind: string }[];
}

/** Who one reminder reached, as recorded with it. */
async function delivery(appointmentId: number, ruleCode: string, periodKey: string, kind: string) {
  const r = await t.database.pool.query(
    `select delivery, recipients from reminders_sent
      where appointment_id = $1 and rule_code = $2 and period_key = $3 and kind = $4`,
    [appointmentId, ruleCode, periodKey, kind],
  );
  return r.rows as { delivery: string; recipients: number }[];
}

async function inbox(appointmentId: number, ruleCode: string, periodKey: string, kind: string) {
  const r = await t.database.pool.query(
    `select n.recipient_account_id as account, a.role, n.kind, n.title_zh, n.body_zh, n.body_en, n.link
       from notifications n join reminders_sent s on s.id = n.reminder_id
       join accounts a on a.id = n.recipient_account_id
      where s.appointment_id = $1 and s.rule_code = $2 and s.period_key = $3 and s.kind = $4
      order by a.role`,
    [appointmentId, ruleCode, periodKey, kind],
  );
  return r.rows as {
    account: number;
    role: string;
    kind: string;
    title_zh: string;
    body_zh: string;
    body_en: string;
    link: string;
  }[];
}

const accountId = async (c: Client) => (await c.get('/api/auth/me')).body.id as number;

async function appoint(c: Client, memberId: number, unitId: number, orgId: number, kind = kindId) {
  const res = await c.post('/api/appointments', {
    kindId: kind,
    memberId,
    sendingUnitId: unitId,
    receivingOrgId: orgId,
    termStart: '2026-06-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = async (areaId: number, name: string) =>
    (await d.post('/api/orgs', { areaId, type: 'branch', name })).body.id as number;
  const orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  orgC3 = await org(tn.areas.community3.id, `C3党支部-${tn.tag}`);
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  kindId = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  apA = await appoint(tn.clients.community_admin, tn.inside.memberId, tn.inside.unitId, orgC1);
  // A contacted the community in W41 (closed within the lookback, met) but not yet in W42.
  const res = await tn.clients.member.post('/api/work-logs', {
    appointmentId: apA,
    kind: 'contact',
    content: '联系社区',
    occurredAt: '2026-10-08T10:00:00+08:00',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});

describe('the duty reminder scan', () => {
  it('reminds the appointee and the community admins once when a weekly contact is at risk', async () => {
    const result = await scanReminders(ctxAt(SATURDAY));
    expect(result.atRisk).toBeGreaterThanOrEqual(1);
    const rows = await reminders(apA);
    expect(rows).toContainEqual({ rule_code: 'ss_weekly_contact', period_key: '2026-W42', kind: 'at_risk' });
    // W41 was met: no notice for it.
    expect(rows.filter((r) => r.period_key === '2026-W41')).toEqual([]);
    const sent = await inbox(apA, 'ss_weekly_contact', '2026-W42', 'at_risk');
    expect(sent.map((n) => n.role)).toEqual(['community_admin', 'member']);
    expect(await delivery(apA, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([
      { delivery: 'appointee', recipients: 2 },
    ]);
    // The appointee reads it: nobody is asked to pass it on.
    expect(sent[0]!.body_zh).not.toContain('请转告');
    expect(sent[0]).toMatchObject({ kind: 'duty_at_risk' });
    expect(sent[0]!.title_zh).toContain(periodText('2026-W42')['zh-CN']);
    // Each opens the cell in the web desk: the board's drawer for the admin, the appointee's own page.
    expect(sent[0]!.link).toBe(`/compliance?appointmentId=${apA}&rule=ss_weekly_contact&period=2026-W42`);
    expect(sent[1]!.link).toBe(`/my-duty?appointmentId=${apA}&rule=ss_weekly_contact&period=2026-W42`);
    // The channel message is queued for delivery (pg-boss retries it), not sent inline.
    const queued = enqueued.filter(
      (e) => e.name === 'channel-delivery' && e.data.message.link === sent[0]!.link,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data).toMatchObject({ channel: 'wecom', message: { title: sent[0]!.title_zh } });
  });

  it('does not remind again on a later run in the same period', async () => {
    const before = await reminders(apA);
    const queuedBefore = enqueued.length;
    await scanReminders(ctxAt(cn('2026-10-17', '11:00')));
    await scanReminders(ctxAt(cn('2026-10-18', '21:00')));
    expect(await reminders(apA)).toEqual(before);
    expect(await inbox(apA, 'ss_weekly_contact', '2026-W42', 'at_risk')).toHaveLength(2);
    expect(
      enqueued.slice(queuedBefore).filter((e) => e.data.message.link.includes(`appointmentId=${apA}&`)),
    ).toEqual([]);
  });

  it('gives one notification per recipient when two instances scan at the same moment', async () => {
    const apB = await appoint(
      tn.clients.outsideCommunityAdmin,
      tn.outside.memberId,
      tn.outside.unitId,
      orgC3,
    );
    const [r1, r2] = await Promise.all([scanReminders(ctxAt(SATURDAY)), scanReminders(ctxAt(SATURDAY))]);
    const rows = await reminders(apB);
    expect(rows).toContainEqual({ rule_code: 'ss_weekly_contact', period_key: '2026-W42', kind: 'at_risk' });
    // No contact in W41 either: that week closed within the lookback, so it is a missed notice.
    expect(rows).toContainEqual({ rule_code: 'ss_weekly_contact', period_key: '2026-W41', kind: 'missed' });
    // The outside member has no account (nor has their unit an admin): only C3's admin is told,
    // once per reminder, with the appointee named and a request to pass it on.
    const atRisk = await inbox(apB, 'ss_weekly_contact', '2026-W42', 'at_risk');
    expect(atRisk.map((n) => n.role)).toEqual(['community_admin']);
    expect(atRisk[0]!.body_zh).toContain('党员B没有账号，本人收不到此提醒，请转告。');
    expect(atRisk[0]!.body_en).toContain(
      '党员B has no account and cannot receive this reminder: please pass it on.',
    );
    expect(await delivery(apB, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([
      { delivery: 'responsible', recipients: 1 },
    ]);
    expect(await inbox(apB, 'ss_weekly_contact', '2026-W41', 'missed')).toHaveLength(1);
    const counts = await t.database.pool.query(
      `select count(*)::int as n, count(distinct (n.reminder_id, n.recipient_account_id))::int as d
         from notifications n join reminders_sent s on s.id = n.reminder_id where s.appointment_id = $1`,
      [apB],
    );
    expect(counts.rows[0]).toEqual({ n: rows.length, d: rows.length });
    // Both runs judged B; the unique key let only one of them record each reminder.
    expect(r1.evaluated).toBeGreaterThan(0);
    expect(r2.evaluated).toBeGreaterThan(0);
  });

  it('sends a missed notice once the period has closed unmet, once', async () => {
    await scanReminders(ctxAt(MONDAY));
    await scanReminders(ctxAt(cn('2026-10-19', '12:00')));
    const missed = await inbox(apA, 'ss_weekly_contact', '2026-W42', 'missed');
    expect(missed.map((n) => [n.role, n.kind])).toEqual([
      ['community_admin', 'duty_missed'],
      ['member', 'duty_missed'],
    ]);
    expect(missed[0]!.title_zh).toMatch(/^职责未完成/);
  });

  it('does not announce periods that closed long before the scan', async () => {
    // W40 closed on 2026-10-05, 12 days before Saturday of W42: beyond the 7-day lookback.
    const rows = await reminders(apA);
    expect(rows.filter((r) => r.period_key <= '2026-W40' && r.period_key.includes('-W'))).toEqual([]);
  });
});

describe('reminders the appointee has no account for', () => {
  /** In C2, which has no admin account, sent by the unit that has one (`unit_admin`). */
  let apUnitTold: number;
  /** In C2, sent by the outside unit, which has no admin account either: street S1's admin is told. */
  let apStreetTold: number;
  /** In C4 of street S4, neither with an admin account, sent by the outside unit: the district's admin. */
  let apDistrictTold: number;
  /** In a district of its own without a single account: nobody can be told. */
  let apNobody: number;
  const said: string[] = [];
  const loggingCtx = (): JobContext => ({ ...ctxAt(SATURDAY), log: (m: string) => said.push(m) });
  let scans: ReminderScanResult[];

  beforeAll(async () => {
    const d = tn.clients.district_admin;
    const p = await t.platform();
    const area = async (parentId: number | null, level: string, name: string) => {
      const res = await p.post('/api/areas', { parentId, level, code: `${level}-${tn.tag}-${name}`, name });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    const orgIn = async (areaId: number, name: string) => {
      const res = await p.post('/api/orgs', { areaId, type: 'branch', name: `${name}党支部-${tn.tag}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    const member = async (areaId: number, name: string, unitId: number) => {
      const [row] = await t.database.db
        .insert(members)
        .values({
          areaId,
          name,
          gender: 'male',
          idNumber: fakeIdNumber(),
          phone: '13700137000',
          category: 'in_service',
          unitId,
        })
        .returning({ id: members.id });
      return row!.id;
    };
    const orgC2 = await orgIn(tn.areas.community2.id, 'C2');
    const c4 = await area(
      await area(tn.areas.district.id, 'street', `S4-${tn.tag}`),
      'community',
      `C4-${tn.tag}`,
    );
    const orgC4 = await orgIn(c4, 'C4');
    // The empty district's unit is its own, so no unit admin of the tenant can answer for it.
    const lone = await area(
      await area(await area(null, 'district', `D9-${tn.tag}`), 'street', `S9-${tn.tag}`),
      'community',
      `C9-${tn.tag}`,
    );
    const [loneUnit] = await t.database.db
      .insert(units)
      .values({ areaId: lone, name: `无管理员单位-${tn.tag}`, type: 'soe' })
      .returning({ id: units.id });
    const orgC9 = await orgIn(lone, 'C9');
    const loneDistrict = (await p.get(`/api/areas/${lone}`)).body.path.split('/')[1];
    const loneKinds = await p.get(`/api/appointment-kinds?pageSize=100&districtId=${loneDistrict}`);
    const loneKind = loneKinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
    const c2 = tn.areas.community2.id;
    apUnitTold = await appoint(d, await member(c2, '无账号甲', tn.inside.unitId), tn.inside.unitId, orgC2);
    apStreetTold = await appoint(
      d,
      await member(c2, '无账号乙', tn.outside.unitId),
      tn.outside.unitId,
      orgC2,
    );
    apDistrictTold = await appoint(
      d,
      await member(c4, '无账号丙', tn.outside.unitId),
      tn.outside.unitId,
      orgC4,
    );
    apNobody = await appoint(p, await member(lone, '无账号丁', loneUnit!.id), loneUnit!.id, orgC9, loneKind);
    // Two instances at once: each reminder is still recorded, counted and logged by one of them.
    scans = await Promise.all([scanReminders(loggingCtx()), scanReminders(loggingCtx())]);
  });

  it("tells the sending unit's admins, naming the appointee, when the community has nobody to tell either", async () => {
    const sent = await inbox(apUnitTold, 'ss_weekly_contact', '2026-W42', 'at_risk');
    expect(sent.map((n) => n.role)).toEqual(['unit_admin']);
    expect(sent[0]!.body_zh).toMatch(/^无账号甲（.*）：.*无账号甲没有账号，本人收不到此提醒，请转告。$/);
    expect(sent[0]!.link).toBe(drillDownLink(apUnitTold, 'ss_weekly_contact', '2026-W42'));
    expect(await delivery(apUnitTold, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([
      { delivery: 'responsible', recipients: 1 },
    ]);
    // The channel message asks the group to pass it on too.
    const queued = enqueued.filter((e) => e.data.message.link === sent[0]!.link);
    expect(queued.map((e) => e.data.message.text)).toEqual([sent[0]!.body_zh]);
  });

  it("goes up to the street's admins when neither the community nor the unit has an admin account", async () => {
    const sent = await inbox(apStreetTold, 'ss_weekly_contact', '2026-W42', 'at_risk');
    expect(sent.map((n) => [n.account, n.role])).toEqual([
      [await accountId(tn.clients.street_admin), 'street_admin'],
    ]);
    expect(sent[0]!.body_zh).toMatch(
      /无账号乙没有账号，本人收不到此提醒；所在社区和派出单位也没有管理员账号，请转告。$/,
    );
    expect(sent[0]!.body_en).toMatch(
      /nor have the community or the sending unit an admin account: please pass it on\.$/,
    );
    expect(sent[0]!.link).toBe(drillDownLink(apStreetTold, 'ss_weekly_contact', '2026-W42'));
    expect(await delivery(apStreetTold, 'ss_weekly_contact', '2026-W41', 'missed')).toEqual([
      { delivery: 'responsible', recipients: 1 },
    ]);
    // The district is not told while the street has someone.
    expect(await inbox(apStreetTold, 'ss_weekly_contact', '2026-W41', 'missed')).toHaveLength(1);
  });

  it("goes up to the district's admins when the street has no admin account either", async () => {
    const sent = await inbox(apDistrictTold, 'ss_weekly_contact', '2026-W42', 'at_risk');
    expect(sent.map((n) => [n.account, n.role])).toEqual([
      [await accountId(tn.clients.district_admin), 'district_admin'],
    ]);
    expect(sent[0]!.body_zh).toContain(
      '无账号丙没有账号，本人收不到此提醒；所在社区和派出单位也没有管理员账号，请转告。',
    );
    expect(await delivery(apDistrictTold, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([
      { delivery: 'responsible', recipients: 1 },
    ]);
    // Counted, and the log names the appointments whose community and unit need an admin account.
    expect(scans[0]!.escalated + scans[1]!.escalated).toBeGreaterThanOrEqual(4);
    for (const ap of [apStreetTold, apDistrictTold]) {
      const line = said.find(
        (m) =>
          m.includes("went to the street's or district's admins") &&
          new RegExp(`appointments [0-9, ]*\\b${ap}\\b`).test(m),
      );
      expect(line, said.join('\n')).toBeDefined();
    }
    expect(said.filter((m) => new RegExp(`appointments [0-9, ]*\\b${apUnitTold}\\b`).test(m))).toEqual([]);
  });

  it('records a reminder nobody can receive as undeliverable, once, counts it and says so', async () => {
    const names = (id: number) => (m: string) => new RegExp(`appointments [0-9, ]*\\b${id}\\b`).test(m);
    const lines = said.filter(names(apNobody));
    // A later run records nothing more and says nothing more about it.
    await scanReminders(loggingCtx());
    expect(said.filter(names(apNobody))).toEqual(lines);
    expect(await delivery(apNobody, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([
      { delivery: 'undeliverable', recipients: 0 },
    ]);
    expect(await delivery(apNobody, 'ss_weekly_contact', '2026-W41', 'missed')).toEqual([
      { delivery: 'undeliverable', recipients: 0 },
    ]);
    const rows = await reminders(apNobody);
    expect(await inbox(apNobody, 'ss_weekly_contact', '2026-W42', 'at_risk')).toEqual([]);
    // Counted by the run that recorded them — exactly one of the two — and named in its log line.
    expect(scans[0]!.undeliverable + scans[1]!.undeliverable).toBeGreaterThanOrEqual(rows.length);
    expect(scans[0]!.toResponsible + scans[1]!.toResponsible).toBeGreaterThanOrEqual(6);
    // Each run names it once if it recorded any of its reminders: the two runs may have split them.
    expect(lines.length, said.join('\n')).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.min(2, rows.length));
    for (const line of lines)
      expect(line).toMatch(/reminder\(s\) reached nobody — no account for the appointee/);
  });
});

describe('queueing the channel messages with pg-boss', () => {
  /** Saturday of 2026-W44: W44 is at risk and W43 has closed unmet for both appointments. */
  const SATURDAY_W44 = cn('2026-10-31');
  // A channel of its own: another test file's delivery worker sharing the queue drops its messages.
  const probe = { name: 'reminder-probe', send: async (_m: ChannelMessage) => {} };
  let runner: JobRunner;

  /** The probe's delivery jobs for one drill-down link, wherever pg-boss keeps them. */
  async function jobsFor(link: string) {
    const r = await t.database.pool.query(
      `select id from pgboss.job where name = $1 and data->>'channel' = $2 and data->'message'->>'link' = $3
       union all
       select id from pgboss.archive where name = $1 and data->>'channel' = $2 and data->'message'->>'link' = $3`,
      [channelDeliveryJob.name, probe.name, link],
    );
    return r.rows;
  }

  const linkOf = (r: { appointment_id: number; rule_code: string; period_key: string }) =>
    drillDownLink(r.appointment_id, r.rule_code, r.period_key);

  beforeAll(async () => {
    // Queues only, no workers: the jobs stay where the test can see them.
    runner = await startJobRunner({
      db: t.database.db,
      connectionString: inject('databaseUrl'),
      channels: [],
      jobs: [],
    });
    await runner.boss.createQueue(channelDeliveryJob.name, queueOptions(channelDeliveryJob));
  }, 60_000);
  afterAll(async () => runner?.stop());

  const runnerCtx = (now: Date, enqueue: JobContext['enqueue']): JobContext => ({
    db: t.database.db,
    now,
    channels: [probe],
    enqueue,
    log: () => {},
  });

  it('leaves no queued job when the reminder transaction rolls back after queueing', async () => {
    const attempted: string[] = [];
    let seenInside = 0;
    const dying: JobContext['enqueue'] = async (name, data, within) => {
      await runner.enqueue(name, data, within);
      const link = (data as { message: ChannelMessage }).message.link ?? '';
      attempted.push(link);
      // Inside the transaction the job is there…
      const inside = await within!.executeSql(
        `select count(*)::int as n from pgboss.job where name = $1 and data->'message'->>'link' = $2`,
        [name, link],
      );
      seenInside = inside.rows[0].n;
      // …then the process "dies" before the reminder commits.
      throw new Error('process died before commit');
    };
    await expect(scanReminders(runnerCtx(SATURDAY_W44, dying))).rejects.toThrow(/process died/);
    expect(attempted).toHaveLength(1);
    expect(seenInside).toBe(1);
    const cell = new URL(attempted[0]!, 'http://desk').searchParams;
    const sent = await t.database.pool.query(
      `select count(*)::int as n from reminders_sent where appointment_id = $1 and rule_code = $2 and period_key = $3`,
      [Number(cell.get('appointmentId')), cell.get('rule'), cell.get('period')],
    );
    expect(sent.rows[0].n).toBe(0);
    expect(await jobsFor(attempted[0]!)).toEqual([]);
  });

  it('gives every committed reminder its queued job, once, and the reminder rolled back before is sent now', async () => {
    const before = await t.database.pool.query('select coalesce(max(id), 0)::int as id from reminders_sent');
    const result = await scanReminders(runnerCtx(SATURDAY_W44, runner.enqueue));
    expect(result.atRisk + result.missed).toBeGreaterThan(0);
    const rows = await t.database.pool.query(
      'select appointment_id, rule_code, period_key from reminders_sent where id > $1',
      [before.rows[0].id],
    );
    expect(rows.rows.length).toBe(result.atRisk + result.missed);
    for (const r of rows.rows) expect(await jobsFor(linkOf(r)), linkOf(r)).toHaveLength(1);
    expect(rows.rows.map(linkOf)).toContain(drillDownLink(apA, 'ss_weekly_contact', '2026-W44'));
    // A second scan records nothing new and queues nothing more.
    await scanReminders(runnerCtx(SATURDAY_W44, runner.enqueue));
    for (const r of rows.rows) expect(await jobsFor(linkOf(r))).toHaveLength(1);
  });
});
