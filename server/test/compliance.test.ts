import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecords, logsByIds } from '#server/modules/cadres/compliance/queries.ts';
import {
  auditTrail,
  beijingMorning,
  type Client,
  createTenant,
  fakeIdNumber,
  recordLog,
  type Tenant,
  useTestApp,
} from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
/** The `member` client's second-secretary appointment in C1. */
let apA: number;
/** An appointment in C3, outside S1. */
let apB: number;
let e1: number;
let e2: number;
let e1Contact: number;
let orgC1: number;

const AT = '2026-10-15';
const board = (c: Client, query = '') => c.get(`/api/compliance/board?period=quarter&at=${AT}${query}`);
const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
const dutyOf = (row: any, code: string) => row.duties.find((d: any) => d.ruleCode === code);
const rowOf = (body: any, id: number) => body.rows.find((r: any) => r.appointmentId === id);

async function exemptionCount() {
  const r = await t.database.pool.query(
    'select count(*)::int as n from duty_exemptions where appointment_id = $1',
    [apA],
  );
  return r.rows[0].n as number;
}

const log = recordLog;
const at = beijingMorning;

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = async (areaId: number, name: string) =>
    (await d.post('/api/orgs', { areaId, type: 'branch', name })).body.id as number;
  orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  const orgC3 = await org(tn.areas.community3.id, `C3党支部-${tn.tag}`);
  const member = async (areaId: number, name: string, unitId: number) => {
    const res = await d.post('/api/members', {
      areaId,
      name,
      gender: 'male',
      idNumber: fakeIdNumber(),
      category: 'in_service',
      unitId,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  e1 = await member(tn.areas.building.id, '职工甲', tn.inside.unitId);
  e2 = await member(tn.areas.community.id, '职工乙', tn.inside.unitId);
  // Same unit but living in C2: not part of C1's population.
  await member(tn.areas.community2.id, '职工丙', tn.inside.unitId);
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  const a = await tn.clients.community_admin.post('/api/appointments', {
    kindId,
    memberId: tn.inside.memberId,
    sendingUnitId: tn.inside.unitId,
    receivingOrgId: orgC1,
    termStart: '2026-06-01',
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  apA = a.body.id;
  const b = await tn.clients.outsideCommunityAdmin.post('/api/appointments', {
    kindId,
    memberId: tn.outside.memberId,
    sendingUnitId: tn.outside.unitId,
    receivingOrgId: orgC3,
    termStart: '2026-06-01',
  });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  apB = b.body.id;
  // Both were entered when their terms began: a replay of a past day leaves out appointments
  // recorded after it (replay.test.ts), and these are judged from June on.
  await t.database.pool.query(
    `update appointments set created_at = '2026-06-01T09:00:00+08:00' where id = any($1)`,
    [[apA, apB]],
  );

  const m = tn.clients.member;
  const ca = tn.clients.community_admin;
  // A contacts the community every Thursday of the 14 weeks touching Q3 (W27–W40).
  const thursdays = Array.from({ length: 14 }, (_, i) =>
    new Date(Date.UTC(2026, 6, 2 + 7 * i)).toISOString().slice(0, 10),
  );
  await Promise.all(thursdays.map((day) => log(m, apA, { kind: 'contact', occurredAt: at(day) })));
  for (const day of ['2026-07-08', '2026-08-12', '2026-09-09'])
    await log(m, apA, { kind: 'onsite_day', occurredAt: at(day) }, ca);
  // Only one of the two employees living in C1 is contacted.
  e1Contact = await log(m, apA, {
    kind: 'employee_contact',
    subjectMemberId: e1,
    occurredAt: at('2026-08-20'),
  });
  await log(
    m,
    apA,
    { kind: 'activity', activityType: 'theme_party_day', activityRole: 'led', occurredAt: at('2026-09-18') },
    ca,
  );
  await log(m, apA, { kind: 'annual_report', reportYear: 2026, occurredAt: at('2026-09-30') });
});

describe('the compliance board', () => {
  it('shows every duty of every appointee in scope for the quarter, with counts', async () => {
    const res = await board(tn.clients.community_admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ period: 'quarter', at: AT, from: '2026-10-01', to: '2026-12-31' });
    // The quarter holding 2026-10-15 is Q4; Q3 needs periods=2 or at in Q3.
    const q3 = await tn.clients.community_admin.get(
      '/api/compliance/board?period=quarter&at=2026-10-15&periods=2',
    );
    expect(q3.body).toMatchObject({ from: '2026-07-01', to: '2026-12-31' });
    expect(q3.body.periodKeys.map((p: any) => p.key)).toEqual(['2026-Q3', '2026-Q4']);
    const sept = await tn.clients.community_admin.get('/api/compliance/board?period=quarter&at=2026-09-30');
    expect(sept.body.rows.map((r: any) => r.appointmentId)).toEqual([apA]);
  });

  it('judges a closed quarter: met duties, a missed employee contact with who is missing', async () => {
    const res = await tn.clients.community_admin.get(
      '/api/compliance/board?period=quarter&periods=2&at=2026-10-15',
    );
    const row = rowOf(res.body, apA);
    expect(row).toMatchObject({ memberId: tn.inside.memberId, kindCode: 'second_secretary', termEnd: null });
    // The 14 weeks touching Q3 (W27–W40) are met; later weeks of Q4 are missed or still open.
    const weeks = dutyOf(row, 'ss_weekly_contact').evaluations;
    expect(weeks.slice(0, 14).map((e: any) => [e.periodKey, e.status])).toEqual(
      Array.from({ length: 14 }, (_, i) => [`2026-W${27 + i}`, 'met']),
    );
    expect(weeks[14]).toMatchObject({ periodKey: '2026-W41', status: 'missed' });
    const employees = dutyOf(row, 'ss_quarterly_employee_contact').evaluations;
    expect(employees.map((e: any) => [e.periodKey, e.status])).toEqual([
      ['2026-Q3', 'missed'],
      ['2026-Q4', 'not_yet_due'],
    ]);
    expect(employees[0].missing).toEqual([{ id: e2, name: '职工乙' }]);
    expect(employees[0].progress).toEqual({ actual: 1, required: 2 });
    expect(employees[0].explanation['zh-CN']).toContain('职工乙');
    expect(employees[0].explanation.en).toContain('1 of 2');
    const activity = dutyOf(row, 'ss_yearly_joint_activity');
    expect(activity.evaluations.map((e: any) => [e.periodKey, e.status])).toEqual([['2026', 'met']]);
    expect(dutyOf(row, 'ss_annual_report').evaluations[0]).toMatchObject({
      periodKey: '2026',
      status: 'met',
    });
    // Appointee B in C3 has no logs: everything closed is missed.
    const d = await tn.clients.district_admin.get(
      '/api/compliance/board?period=quarter&periods=2&at=2026-10-15',
    );
    const b = rowOf(d.body, apB);
    expect(dutyOf(b, 'ss_monthly_onsite_day').status).toBe('missed');
    expect(b.status).toBe('missed');
    const rule = d.body.rules.find((r: any) => r.ruleCode === 'ss_quarterly_employee_contact');
    expect(rule).toMatchObject({ total: 2, period: 'quarter' });
    expect(d.body.summary.appointees).toBe(2);
    expect(d.body.summary.byStatus.missed).toBe(2);
  });

  it('drills down to the records that counted and what is missing', async () => {
    const res = await tn.clients.street_admin.get(
      `/api/compliance/board/${apA}/ss_quarterly_employee_contact/2026-Q3`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.evaluation).toMatchObject({ status: 'missed', periodKey: '2026-Q3' });
    expect(res.body.records).toEqual([
      expect.objectContaining({
        id: e1Contact,
        kind: 'employee_contact',
        subjectMemberId: e1,
        subjectMemberName: '职工甲',
        href: `/api/work-logs/${e1Contact}`,
      }),
    ]);
    expect(res.body.missing).toEqual([{ id: e2, name: '职工乙' }]);
    const weekly = await tn.clients.community_admin.get(
      `/api/compliance/board/${apA}/ss_weekly_contact/2026-W30`,
    );
    expect(weekly.body.records).toHaveLength(1);
    expect(weekly.body.evaluation.status).toBe('met');
    // A period of another kind than the rule's: 400 on periodKey; no such rule: 404 (board-edges.test.ts).
    expect(
      (await tn.clients.community_admin.get(`/api/compliance/board/${apA}/ss_weekly_contact/2026-Q3`)).status,
    ).toBe(400);
    expect((await tn.clients.community_admin.get(`/api/compliance/board/${apA}/nope/2026-Q3`)).status).toBe(
      404,
    );
    expect((await tn.clients.community_admin.get(`/api/compliance/board/${apA}/nope/not-a-key`)).status).toBe(
      400,
    );
  });

  it('limits the board to the caller’s scope: 404 outside it, 403 for roles without a board', async () => {
    const ids = async (c: Client, q = '') =>
      (await board(c, q)).body.rows.map((r: any) => r.appointmentId).sort();
    expect(await ids(tn.clients.district_admin)).toEqual([apA, apB].sort());
    expect(await ids(tn.clients.street_admin)).toEqual([apA]);
    expect(await ids(tn.clients.community_admin)).toEqual([apA]);
    expect(await ids(tn.clients.outsideCommunityAdmin)).toEqual([apB]);
    expect(await ids(tn.clients.unit_admin)).toEqual([apA]);
    expect(await ids(tn.clients.district_admin, `&within=${tn.areas.street2.id}`)).toEqual([apB]);
    expect(await ids(tn.clients.district_admin, `&sendingUnitId=${tn.inside.unitId}`)).toEqual([apA]);
    expect(await ids(tn.clients.district_admin, '&kind=first_secretary')).toEqual([]);
    const outside = await board(tn.clients.outsideCommunityAdmin, `&within=${tn.areas.community.id}`);
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['within']);
    expect((await board(tn.clients.member)).status).toBe(403);
    expect((await board(tn.clients.resident)).status).toBe(403);
    const cell = `/api/compliance/board/${apA}/ss_weekly_contact/2026-W30`;
    expect((await tn.clients.outsideCommunityAdmin.get(cell)).status).toBe(404);
    expect((await tn.clients.outsideStreetAdmin.get(cell)).status).toBe(404);
    expect((await tn.clients.resident.get(cell)).status).toBe(403);
    expect((await tn.clients.member.get(cell)).status).toBe(200);
    // The sending unit's admin drills into its own employee's duties.
    expect((await tn.clients.unit_admin.get(cell)).status).toBe(200);
  });

  it('judges a district’s own kind that reuses a preset policy by that policy', async () => {
    const kind = await tn.clients.district_admin.post('/api/appointment-kinds', {
      code: 'town_second_secretary',
      nameZh: '镇级第二书记',
      nameEn: 'Town second secretary',
      needsSendingUnit: true,
      dutyPolicyCode: 'second_secretary_five_ones',
    });
    expect(kind.status, JSON.stringify(kind.body)).toBe(201);
    const ap = await tn.clients.community_admin.post('/api/appointments', {
      kindId: kind.body.id,
      memberId: e2,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: '2026-07-01',
    });
    expect(ap.status, JSON.stringify(ap.body)).toBe(201);
    const res = await board(tn.clients.community_admin, '&kind=town_second_secretary');
    expect(res.body.rows.map((r: any) => r.appointmentId)).toEqual([ap.body.id]);
    expect(res.body.rows[0].duties.map((d: any) => d.ruleCode).sort()).toEqual([
      'ss_annual_report',
      'ss_monthly_onsite_day',
      'ss_quarterly_employee_contact',
      'ss_weekly_contact',
      'ss_yearly_joint_activity',
    ]);
    // The employee population is everyone else of the unit in C1: the appointee of A and 职工甲.
    const employees = dutyOf(res.body.rows[0], 'ss_quarterly_employee_contact').evaluations[0];
    expect(employees.missing.map((m: any) => m.id).sort((a: number, b: number) => a - b)).toEqual(
      [tn.inside.memberId, e1].sort((a, b) => a - b),
    );
  });

  it('judges a past period asked for by its last day as closed, with its final verdict', async () => {
    // Sunday of 2026-W42: by the end of that day the week has closed, so it is missed, not at risk.
    const res = await tn.clients.community_admin.get('/api/compliance/board?period=week&at=2026-10-18');
    expect(res.body).toMatchObject({ from: '2026-10-12', to: '2026-10-18' });
    const week = dutyOf(rowOf(res.body, apA), 'ss_weekly_contact');
    expect(week.evaluations.map((e: any) => [e.periodKey, e.status])).toEqual([['2026-W42', 'missed']]);
    // The Saturday before, the same week is still open and at risk.
    const sat = await tn.clients.community_admin.get('/api/compliance/board?period=week&at=2026-10-17');
    expect(dutyOf(rowOf(sat.body, apA), 'ss_weekly_contact').status).toBe('at_risk');
  });

  it('replays a past day from what had been recorded by then, and reads today’s records otherwise', async () => {
    // Every log of this file was recorded after 15 October 2026: the replay had none of them.
    const q = '/api/compliance/board?period=quarter&periods=2&at=2026-10-15';
    const live = await tn.clients.community_admin.get(q);
    const replay = await tn.clients.community_admin.get(`${q}&replay=true`);
    expect(replay.status).toBe(200);
    expect(dutyOf(rowOf(live.body, apA), 'ss_weekly_contact').evaluations[0].status).toBe('met');
    const weeks = dutyOf(rowOf(replay.body, apA), 'ss_weekly_contact').evaluations;
    expect(weeks[0]).toMatchObject({ periodKey: '2026-W27', status: 'missed', recordIds: [] });
    const cell = `/api/compliance/board/${apA}/ss_weekly_contact/2026-W30?at=2026-10-15`;
    expect((await tn.clients.community_admin.get(cell)).body.records).toHaveLength(1);
    const replayed = await tn.clients.community_admin.get(`${cell}&replay=true`);
    expect(replayed.body).toMatchObject({ evaluation: { status: 'missed' }, records: [] });
    expect((await tn.clients.community_admin.get(`${q}&replay=maybe`)).status).toBe(400);
  });

  it('reads each log with the review status it had at the replayed instant', async () => {
    const pause = () => new Promise((r) => setTimeout(r, 60));
    const beforeRecording = new Date();
    await pause();
    const confirmed = await log(tn.clients.member, apA, { kind: 'onsite_day', occurredAt: at('2026-10-14') });
    const rejected = await log(tn.clients.member, apA, { kind: 'onsite_day', occurredAt: at('2026-10-13') });
    await pause();
    const recorded = new Date();
    await pause();
    expect((await tn.clients.community_admin.post(`/api/work-logs/${confirmed}/confirm`, {})).status).toBe(
      200,
    );
    const no = await tn.clients.community_admin.post(`/api/work-logs/${rejected}/reject`, {
      comment: '无佐证',
    });
    expect(no.status).toBe(200);
    const find = (records: Awaited<ReturnType<typeof loadRecords>>, id: number) =>
      records.find((r) => r.id === id);
    // Now: confirmed counts as confirmed, the rejected log does not count at all.
    const now = await loadRecords(t.database.db, [apA]);
    expect(find(now, confirmed)?.attributes?.confirmed).toBe(true);
    expect(find(now, rejected)).toBeUndefined();
    // Between recording and review both were pending: recorded, not confirmed.
    const then = await loadRecords(t.database.db, [apA], recorded);
    expect(find(then, confirmed)?.attributes?.confirmed).toBe(false);
    expect(find(then, rejected)?.attributes?.confirmed).toBe(false);
    // Before they were recorded neither existed.
    const earlier = await loadRecords(t.database.db, [apA], beforeRecording);
    expect(find(earlier, confirmed)).toBeUndefined();
    expect(find(earlier, rejected)).toBeUndefined();
    const shown = await logsByIds(t.database.db, [confirmed], recorded);
    expect(shown[0]?.status).toBe('pending');
    expect((await logsByIds(t.database.db, [confirmed]))[0]?.status).toBe('confirmed');
  });

  it('answers bad board queries with 400', async () => {
    for (const q of ['period=decade', 'at=2026-13-01', 'periods=0', 'periods=abc', 'within=x'])
      expect((await tn.clients.district_admin.get(`/api/compliance/board?${q}`)).status).toBe(400);
  });
});

describe('my duties', () => {
  it('shows the signed-in member its own duties this period and past ones', async () => {
    const res = await tn.clients.member.get('/api/compliance/mine?period=quarter&periods=2&at=2026-10-15');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: any) => r.appointmentId)).toEqual([apA]);
    expect(dutyOf(res.body.rows[0], 'ss_quarterly_employee_contact').evaluations[0].status).toBe('missed');
    const now = await tn.clients.member.get('/api/compliance/mine');
    expect(now.status).toBe(200);
    expect(now.body.period).toBe('quarter');
    for (const role of ['resident', 'community_admin', 'unit_admin'] as const)
      expect((await tn.clients[role].get('/api/compliance/mine')).status).toBe(403);
  });
});

describe('exemptions', () => {
  const body = { ruleCode: 'ss_quarterly_employee_contact', periodKey: '2026-Q3', reason: '病假' };
  const q3Status = async () => {
    const res = await tn.clients.community_admin.get(
      `/api/compliance/board/${apA}/ss_quarterly_employee_contact/2026-Q3`,
    );
    return res.body.evaluation;
  };

  it('refuses bad requests with field errors and writes nothing', async () => {
    const before = await exemptionCount();
    const wrongRule = await tn.clients.member.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
      ruleCode: 'fs_ledgers',
    });
    expect(wrongRule.status).toBe(400);
    expect(paths(wrongRule)).toEqual(['ruleCode']);
    const wrongPeriod = await tn.clients.member.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
      periodKey: '2026-07',
    });
    expect(paths(wrongPeriod)).toEqual(['periodKey']);
    const beforeTerm = await tn.clients.member.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
      periodKey: '2026-Q1',
    });
    expect(paths(beforeTerm)).toEqual(['periodKey']);
    const noReason = await tn.clients.member.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
      reason: '',
    });
    expect(paths(noReason)).toEqual(['reason']);
    const notMine = await tn.clients.member.post('/api/duty-exemptions', { ...body, appointmentId: apB });
    expect(paths(notMine)).toEqual(['appointmentId']);
    expect(
      (await tn.clients.unit_admin.post('/api/duty-exemptions', { ...body, appointmentId: apA })).status,
    ).toBe(403);
    expect(
      (await tn.clients.resident.post('/api/duty-exemptions', { ...body, appointmentId: apA })).status,
    ).toBe(403);
    expect(await exemptionCount()).toBe(before);
  });

  it('ignores pending and rejected requests; an approved one makes the duty exempt', async () => {
    const asked = await tn.clients.member.post('/api/duty-exemptions', { ...body, appointmentId: apA });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', actions: [] });
    expect((await q3Status()).status).toBe('missed');
    const twice = await tn.clients.community_admin.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
    });
    expect(twice.status).toBe(409);
    expect(paths(twice)).toEqual(['periodKey']);

    const seen = await tn.clients.community_admin.get(`/api/duty-exemptions?appointmentId=${apA}`);
    expect(seen.body.total).toBe(1);
    expect(seen.body.data[0].actions).toEqual(['approve', 'reject']);
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/duty-exemptions/${asked.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await tn.clients.outsideCommunityAdmin.post(`/api/duty-exemptions/${asked.body.id}/approve`, {}))
        .status,
    ).toBe(404);
    expect((await tn.clients.member.post(`/api/duty-exemptions/${asked.body.id}/approve`, {})).status).toBe(
      403,
    );
    expect(
      (await tn.clients.unit_admin.post(`/api/duty-exemptions/${asked.body.id}/approve`, {})).status,
    ).toBe(403);
    const noWhy = await tn.clients.community_admin.post(`/api/duty-exemptions/${asked.body.id}/reject`, {});
    expect(noWhy.status).toBe(400);
    const rejected = await tn.clients.community_admin.post(`/api/duty-exemptions/${asked.body.id}/reject`, {
      comment: '无病假证明',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewComment: '无病假证明', actions: [] });
    expect((await q3Status()).status).toBe('missed');
    expect(
      (await tn.clients.community_admin.post(`/api/duty-exemptions/${asked.body.id}/approve`, {})).status,
    ).toBe(409);

    const again = await tn.clients.community_admin.post('/api/duty-exemptions', {
      ...body,
      appointmentId: apA,
      reasonKind: 'illness',
      reason: '已补证明',
    });
    expect(again.status).toBe(201);
    const approved = await tn.clients.street_admin.post(`/api/duty-exemptions/${again.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const evaluation = await q3Status();
    expect(evaluation).toMatchObject({
      status: 'exempt',
      exemptionReason: { 'zh-CN': '病假：已补证明', en: 'Illness: 已补证明' },
    });
    expect(evaluation.explanation['zh-CN']).toContain('已豁免（病假：已补证明）');
    expect(evaluation.explanation.en).toContain('exempt (Illness: 已补证明)');
    // Replayed as at 15 October, before it was approved, the quarter was missed.
    const replayed = await tn.clients.community_admin.get(
      `/api/compliance/board/${apA}/ss_quarterly_employee_contact/2026-Q3?at=2026-10-15&replay=true`,
    );
    expect(replayed.body.evaluation.status).toBe('missed');

    expect((await auditTrail(t, 'duty_exemption', asked.body.id)).map((e) => e.action)).toEqual([
      'create',
      'reject',
    ]);
    const trail = await auditTrail(t, 'duty_exemption', again.body.id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'approve']);
    expect(trail[1]!.after).toEqual({ status: 'approved', reviewComment: null });
  });
});
