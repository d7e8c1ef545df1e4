import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_PASSWORD } from './constants.ts';
import { auditTrail, type Client, fakeIdNumber, uid, useTestApp } from './helpers.ts';

/**
 * The Changxing story (长兴镇 "第二书记", seeds/changxing-second-secretary.txt) end to end over
 * HTTP: a town with 4 SOEs and 11 communities, a work programme, two batches appointed "as
 * candidates mature" (成熟一批、任命一批: 8, then 7), a quarter of work logs kept by the 15
 * second secretaries and confirmed by the communities, and the board saying exactly who met
 * each of the five ones (五个一).
 */

const t = useTestApp();

const SOES = ['江南造船', '沪东中华', '振华重工', '中远海运'];
const COMMUNITIES = [
  '凤滨村',
  '圆东村',
  '潘石村',
  '先进村',
  '跃进村',
  '建新村',
  '前卫村',
  '马家港村',
  '长明村',
  '鸿田村',
  '石沙村',
];
const NAMES = [
  '陈建国',
  '李海峰',
  '王志强',
  '张伟',
  '刘洋',
  '赵磊',
  '孙杰',
  '周斌',
  '吴刚',
  '郑涛',
  '冯军',
  '褚明',
  '卫东',
  '蒋华',
  '沈亮',
];

/** Secretary i lives in community i % 11 and works for SOE i % 4. */
interface Secretary {
  i: number;
  name: string;
  memberId: number;
  soe: number;
  community: number;
  employees: { id: number; name: string }[];
  client: Client;
  appointmentId: number;
}

let p: Client;
let town: { id: number; path: string };
let townAdmin: Client;
let districtAdmin: Client;
const communityAreas: { id: number; name: string }[] = [];
const communityAdmins: Client[] = [];
const orgs: number[] = [];
const soeIds: number[] = [];
const secretaries: Secretary[] = [];
const batchIds: number[] = [];

const YEAR_RULES = ['ss_yearly_joint_activity', 'ss_annual_report'] as const;
const FIVE_ONES = [
  'ss_weekly_contact',
  'ss_monthly_onsite_day',
  'ss_quarterly_employee_contact',
  'ss_yearly_joint_activity',
  'ss_annual_report',
] as const;

/** Who falls short, and how (every other secretary does everything). */
const SHORTFALL: Record<number, string> = {
  2: 'no contact in 2026-W33',
  3: 'the 2026-W30 contact was rejected by the community',
  5: 'no on-site day in August',
  7: 'the second employee never contacted',
  9: 'attended an activity but led none',
  12: 'no annual report',
  14: 'the September on-site day never confirmed',
};

async function chunked<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function ok(res: Promise<{ status: number; body: any }>, status = 201) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

async function signedIn(role: string, binding: Record<string, number>, tag: string) {
  const username = `cx-${role}-${tag}-${Object.values(binding).join('-')}`;
  await ok(
    p.post('/api/accounts', { username, displayName: username, password: TENANT_PASSWORD, role, ...binding }),
  );
  const c = t.client();
  expect((await c.login(username, TENANT_PASSWORD)).status).toBe(200);
  return c;
}

const at = (day: string) => `${day}T10:00:00+08:00`;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await t.platform();
  const tag = uid();
  let seq = 0;
  const area = async (parentId: number | null, level: string, name: string) =>
    ok(p.post('/api/areas', { parentId, level, code: `cx-${tag}-${level}-${++seq}`, name }));
  const district = await area(null, 'district', `崇明区-${tag}`);
  town = await area(district.id, 'street', `长兴镇-${tag}`);
  for (const name of COMMUNITIES) communityAreas.push(await area(town.id, 'community', `${name}-${tag}`));
  districtAdmin = await signedIn('district_admin', { areaId: district.id }, tag);
  townAdmin = await signedIn('street_admin', { areaId: town.id }, tag);
  for (const c of communityAreas)
    communityAdmins.push(await signedIn('community_admin', { areaId: c.id }, tag));
  for (const [k, name] of SOES.entries())
    soeIds.push(
      (await ok(p.post('/api/units', { areaId: communityAreas[k]!.id, name: `${name}-${tag}`, type: 'soe' })))
        .id,
    );
  for (const c of communityAreas)
    orgs.push(
      (await ok(districtAdmin.post('/api/orgs', { areaId: c.id, type: 'branch', name: `${c.name}党总支` })))
        .id,
    );

  const member = async (name: string, areaId: number, unitId: number) =>
    (
      await ok(
        p.post('/api/members', {
          areaId,
          name,
          gender: 'male',
          idNumber: fakeIdNumber(),
          category: 'in_service',
          joinDate: '2010-07-01',
          unitId,
        }),
      )
    ).id as number;
  await Promise.all(
    NAMES.map(async (name, i) => {
      const soe = i % 4;
      const community = i % 11;
      const areaId = communityAreas[community]!.id;
      const memberId = await member(name, areaId, soeIds[soe]!);
      // Two employees of the same SOE live in the same community: the quarterly contact duty covers them.
      const employees = [];
      for (const n of [1, 2]) {
        const ename = `${name.slice(0, 1)}职工${i}-${n}`;
        employees.push({ id: await member(ename, areaId, soeIds[soe]!), name: ename });
      }
      secretaries[i] = {
        i,
        name,
        memberId,
        soe,
        community,
        employees,
        client: null as unknown as Client,
        appointmentId: 0,
      };
    }),
  );
  for (const s of secretaries) s.client = await signedIn('member', { memberId: s.memberId }, tag);
}, 120_000);

describe('Changxing: second secretaries from the island SOEs', () => {
  it('runs the work programme and two batches — 8, then 7 — through check, review, notice and appointment', async () => {
    const kinds = await townAdmin.get('/api/appointment-kinds?pageSize=100');
    const kindId = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
    const programme = await ok(
      townAdmin.post('/api/work-programmes', {
        areaId: town.id,
        kindId,
        year: 2026,
        title: '长兴镇“第二书记”工作方案',
        scopeText: '驻岛四大央企居住在村居的职工党员',
        conditionsText: '中共党员；居住在所任村居；央企在职职工',
        conditions: [
          { type: 'is_party_member' },
          { type: 'lives_in_receiving_community' },
          { type: 'employee_of_sending_unit' },
        ],
        procedureText: '成熟一批、任命一批',
        dutiesText:
          '五个一：每周联系一次村居；每月到村居工作一天；每季度联系全体央企职工；每年牵头一次党建联建活动；每年述职一次',
        assessmentText: '镇党委考核，树立典型、发放补贴',
      }),
    );
    const batches = [
      {
        title: '第一批',
        members: secretaries.slice(0, 8),
        notice: ['2026-05-20', '2026-05-26'],
        termStart: '2026-06-01',
      },
      {
        title: '第二批',
        members: secretaries.slice(8),
        notice: ['2026-06-08', '2026-06-12'],
        termStart: '2026-06-15',
      },
    ];
    for (const b of batches) {
      const batch = await ok(townAdmin.post('/api/batches', { programmeId: programme.id, title: b.title }));
      batchIds.push(batch.id);
      for (const s of b.members)
        await ok(
          townAdmin.post(`/api/batches/${batch.id}/candidates`, {
            memberId: s.memberId,
            sendingUnitId: soeIds[s.soe],
            receivingOrgId: orgs[s.community],
          }),
        );
      const checked = await ok(townAdmin.post(`/api/batches/${batch.id}/check`, {}), 200);
      expect(checked.candidates.map((c: any) => c.status)).toEqual(Array(b.members.length).fill('qualified'));
      await ok(townAdmin.post(`/api/batches/${batch.id}/review`, {}), 200);
      for (const c of checked.candidates)
        await ok(
          townAdmin.post(`/api/batches/${batch.id}/candidates/${c.id}/review`, { decision: 'approve' }),
          200,
        );
      await ok(
        townAdmin.post(`/api/batches/${batch.id}/notice`, {
          noticeStart: b.notice[0],
          noticeEnd: b.notice[1],
        }),
        200,
      );
      const appointed = await ok(
        townAdmin.post(`/api/batches/${batch.id}/appoint`, { termStart: b.termStart }),
        200,
      );
      expect(appointed.status).toBe('appointed');
      for (const c of appointed.candidates) {
        const s = secretaries.find((x) => x.memberId === c.memberId)!;
        s.appointmentId = c.appointmentId;
      }
    }
    const list = await townAdmin.get('/api/appointments?pageSize=100');
    expect(list.body.total).toBe(15);
    expect(new Set(list.body.data.map((a: any) => a.sendingUnitId)).size).toBe(4);
    expect(new Set(list.body.data.map((a: any) => a.areaId)).size).toBe(11);
    expect((await auditTrail(t, 'selection_batch', batchIds[1]!)).map((e) => e.action)).toEqual([
      'create',
      'check',
      'start_review',
      'notice',
      'appoint',
    ]);
  });

  it('records a quarter of work logs by the secretaries, confirmed by their communities', async () => {
    type Planned = { s: Secretary; body: Record<string, unknown>; review: 'confirm' | 'reject' | 'none' };
    const planned: Planned[] = [];
    for (const s of secretaries) {
      const add = (body: Record<string, unknown>, review: Planned['review'] = 'confirm') =>
        planned.push({ s, body: { appointmentId: s.appointmentId, content: '工作纪实', ...body }, review });
      // Weekly contact: every Thursday of the 14 weeks touching Q3 (2026-W27 … 2026-W40).
      for (let k = 0; k < 14; k++) {
        const day = addDays('2026-07-02', 7 * k);
        if (s.i === 2 && day === '2026-08-13') continue;
        add(
          { kind: 'contact', occurredAt: at(day), withWhom: '村居书记' },
          s.i === 3 && day === '2026-07-23' ? 'reject' : 'confirm',
        );
      }
      for (const day of ['2026-07-08', '2026-08-12', '2026-09-09']) {
        if (s.i === 5 && day === '2026-08-12') continue;
        add(
          { kind: 'onsite_day', occurredAt: at(day), place: '村委会' },
          s.i === 14 && day === '2026-09-09' ? 'none' : 'confirm',
        );
      }
      for (const e of s.employees) {
        if (s.i === 7 && e === s.employees[1]) continue;
        add({ kind: 'employee_contact', subjectMemberId: e.id, occurredAt: at('2026-08-20') });
      }
      add({
        kind: 'activity',
        activityType: 'theme_party_day',
        activityRole: s.i === 9 ? 'attended' : 'led',
        occurredAt: at('2026-09-18'),
      });
      add({ kind: 'action', actionCategory: 'warm_care', occurredAt: at('2026-09-25') });
      if (s.i !== 12) add({ kind: 'annual_report', reportYear: 2026, occurredAt: at('2026-10-10') });
    }
    await chunked(planned, 60, async ({ s, body, review }) => {
      const log = await ok(s.client.post('/api/work-logs', body));
      const community = communityAdmins[s.community]!;
      if (review === 'confirm')
        await ok(community.post(`/api/work-logs/${log.id}/confirm`, { comment: '属实' }), 200);
      if (review === 'reject')
        await ok(community.post(`/api/work-logs/${log.id}/reject`, { comment: '无佐证' }), 200);
    });
    const logs = await townAdmin.get('/api/work-logs?pageSize=1');
    expect(logs.body.total).toBe(planned.length);
  }, 120_000);

  /** Per secretary and rule: the worst status among the periods whose window ends by the date. */
  function statuses(body: any, rules: readonly string[], periodOk: (e: any) => boolean) {
    const out: Record<string, Record<string, string>> = {};
    for (const row of body.rows) {
      const s = secretaries.find((x) => x.appointmentId === row.appointmentId)!;
      out[s.name] = {};
      for (const code of rules) {
        const evaluations = row.duties.find((d: any) => d.ruleCode === code).evaluations.filter(periodOk);
        const order = ['missed', 'at_risk', 'not_yet_due', 'met', 'exempt', 'not_applicable'];
        out[s.name]![code] = order.find((st) => evaluations.some((e: any) => e.status === st)) ?? 'none';
      }
    }
    return out;
  }

  it('the board reports exactly who met each of the five ones in Q3 2026', async () => {
    const res = await townAdmin.get('/api/compliance/board?period=quarter&periods=2&at=2026-10-15');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.summary.appointees).toBe(15);
    // Q3's own periods: the weeks W27–W40, the months July–September, the quarter.
    const inQ3 = (e: any) => e.windowEnd <= '2026-10-04T16:00:00.000Z';
    const got = statuses(res.body, FIVE_ONES.slice(0, 3), inQ3);
    const year = statuses(res.body, YEAR_RULES, (e: any) => e.periodKey === '2026');
    const expected: Record<string, Record<string, string>> = {};
    for (const s of secretaries) {
      expected[s.name] = {
        ss_weekly_contact: s.i === 2 || s.i === 3 ? 'missed' : 'met',
        ss_monthly_onsite_day: s.i === 5 || s.i === 14 ? 'missed' : 'met',
        ss_quarterly_employee_contact: s.i === 7 ? 'missed' : 'met',
      };
    }
    expect(got).toEqual(expected);
    // On 15 October the year is still open: the one who led nothing and the one without a report are not yet due.
    for (const s of secretaries) {
      expect(year[s.name], s.name).toEqual({
        ss_yearly_joint_activity: s.i === 9 ? 'not_yet_due' : 'met',
        ss_annual_report: s.i === 12 ? 'not_yet_due' : 'met',
      });
    }
    // Explanations name what is missing.
    const row = (i: number) =>
      res.body.rows.find((r: any) => r.appointmentId === secretaries[i]!.appointmentId);
    const w33 = row(2)
      .duties.find((d: any) => d.ruleCode === 'ss_weekly_contact')
      .evaluations.find((e: any) => e.periodKey === '2026-W33');
    expect(w33).toMatchObject({ status: 'missed', progress: { actual: 0, required: 1 } });
    // Weeks read as dates (第33周 is 8月10日–8月16日), not as ISO keys.
    expect(w33.explanation['zh-CN']).toMatch(/^8月10日–8月16日/);
    const q3 = row(7).duties.find((d: any) => d.ruleCode === 'ss_quarterly_employee_contact').evaluations[0];
    expect(q3).toMatchObject({
      periodKey: '2026-Q3',
      status: 'missed',
      missing: [secretaries[7]!.employees[1]],
    });
    expect(q3.explanation['zh-CN']).toContain(secretaries[7]!.employees[1]!.name);
    const sept = row(14)
      .duties.find((d: any) => d.ruleCode === 'ss_monthly_onsite_day')
      .evaluations.find((e: any) => e.periodKey === '2026-09');
    expect(sept.status).toBe('missed');
    // Per-rule counts for the chart: the Q3 quarter rule has 14 met and 1 missed among 15.
    const quarter = res.body.rules.find((r: any) => r.ruleCode === 'ss_quarterly_employee_contact');
    expect(quarter.total).toBe(15);
  });

  it('after the report deadline the whole year 2026 is judged: activity and report', async () => {
    const res = await townAdmin.get('/api/compliance/board?period=year&periods=2&at=2027-02-15');
    expect(res.status).toBe(200);
    const year = statuses(res.body, YEAR_RULES, (e: any) => e.periodKey === '2026');
    for (const s of secretaries) {
      expect(year[s.name], s.name).toEqual({
        ss_yearly_joint_activity: s.i === 9 ? 'missed' : 'met',
        ss_annual_report: s.i === 12 ? 'missed' : 'met',
      });
    }
    const report = res.body.rows
      .find((r: any) => r.appointmentId === secretaries[12]!.appointmentId)
      .duties.find((d: any) => d.ruleCode === 'ss_annual_report')
      .evaluations.find((e: any) => e.periodKey === '2026');
    expect(report).toMatchObject({ status: 'missed', dueDate: '2027-01-31' });
  });

  it('the full tally of the five ones for Q3 and the year 2026: 8 of 15 met everything', async () => {
    const q = await townAdmin.get('/api/compliance/board?period=quarter&periods=2&at=2026-10-15');
    const y = await townAdmin.get('/api/compliance/board?period=year&periods=2&at=2027-02-15');
    const inQ3 = (e: any) => e.windowEnd <= '2026-10-04T16:00:00.000Z';
    const quarter = statuses(q.body, FIVE_ONES.slice(0, 3), inQ3);
    const year = statuses(y.body, YEAR_RULES, (e: any) => e.periodKey === '2026');
    const metAll = secretaries
      .filter((s) =>
        [...Object.values(quarter[s.name]!), ...Object.values(year[s.name]!)].every((v) => v === 'met'),
      )
      .map((s) => s.i);
    expect(metAll).toEqual([0, 1, 4, 6, 8, 10, 11, 13]);
    const metCount = (code: string, table: Record<string, Record<string, string>>) =>
      secretaries.filter((s) => table[s.name]![code] === 'met').length;
    expect({
      weekly: metCount('ss_weekly_contact', quarter),
      monthly: metCount('ss_monthly_onsite_day', quarter),
      employees: metCount('ss_quarterly_employee_contact', quarter),
      activity: metCount('ss_yearly_joint_activity', year),
      report: metCount('ss_annual_report', year),
    }).toEqual({ weekly: 13, monthly: 13, employees: 14, activity: 14, report: 14 });
    // Everyone outside the shortfall list, and nobody on it.
    expect(metAll).toEqual(secretaries.map((s) => s.i).filter((i) => !(i in SHORTFALL)));
  });

  it('each community sees only its own secretaries; the SOE sees its own employees; a secretary sees their own duties', async () => {
    const first = await communityAdmins[0]!.get('/api/compliance/board?period=quarter&at=2026-10-15');
    const names = first.body.rows.map((r: any) => r.memberName).sort();
    expect(names).toEqual([NAMES[0], NAMES[11]].sort());
    const soe = await signedIn('unit_admin', { unitId: soeIds[0]! }, uid());
    const own = await soe.get('/api/compliance/board?period=quarter&at=2026-10-15');
    expect(own.status).toBe(200);
    expect(own.body.rows.map((r: any) => r.memberName).sort()).toEqual(
      [NAMES[0], NAMES[4], NAMES[8], NAMES[12]].sort(),
    );
    expect((await soe.get('/api/compliance/mine')).status).toBe(403);
    const mine = await secretaries[7]!.client.get(
      '/api/compliance/mine?period=quarter&periods=2&at=2026-10-15',
    );
    expect(mine.body.rows.map((r: any) => r.appointmentId)).toEqual([secretaries[7]!.appointmentId]);
    const drill = await secretaries[7]!.client.get(
      `/api/compliance/board/${secretaries[7]!.appointmentId}/ss_quarterly_employee_contact/2026-Q3`,
    );
    expect(drill.status).toBe(200);
    expect(drill.body.records.map((r: any) => r.subjectMemberId)).toEqual([secretaries[7]!.employees[0]!.id]);
    expect(drill.body.missing).toEqual([secretaries[7]!.employees[1]]);
  });

  it('an SOE employee who is a resident, not a member, is one of the employees to contact — linked by the village, across its scope', async () => {
    // Secretary 4 lives and serves in 先进村 and comes from 江南造船, which sits in 凤滨村.
    const s = secretaries[4]!;
    expect(s.soe).toBe(0);
    const village = communityAdmins[s.community]!;
    const picker = await village.get(`/api/work-units?q=${encodeURIComponent(SOES[0]!)}`);
    expect(picker.body.data.map((u: any) => u.id)).toEqual([soeIds[0]]);
    const resident = await ok(
      village.post('/api/residents', {
        areaId: communityAreas[s.community]!.id,
        name: '居民职工甲',
        phone: '13700001111',
        unitId: soeIds[0],
      }),
    );
    const drillUrl = `/api/compliance/board/${s.appointmentId}/ss_quarterly_employee_contact/2026-Q3`;
    const before = (await s.client.get(drillUrl)).body;
    expect(before.missing).toEqual([{ id: `r${resident.id}`, name: '居民职工甲' }]);
    expect(before.evaluation.status).not.toBe('met');

    // The secretary logs the contact with the resident employee; a resident of no SOE is refused.
    const stranger = await ok(
      village.post('/api/residents', { areaId: communityAreas[s.community]!.id, name: '居民乙' }),
    );
    const refused = await s.client.post('/api/work-logs', {
      appointmentId: s.appointmentId,
      kind: 'employee_contact',
      occurredAt: at('2026-09-20'),
      content: '走访职工',
      subjectResidentId: stranger.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: any) => d.path)).toEqual(['subjectResidentId']);
    const logged = await ok(
      s.client.post('/api/work-logs', {
        appointmentId: s.appointmentId,
        kind: 'employee_contact',
        occurredAt: at('2026-09-20'),
        content: '走访职工',
        subjectResidentId: resident.id,
      }),
    );
    expect(logged).toMatchObject({
      subjectMemberId: null,
      subjectResidentId: resident.id,
      subjectResidentName: '居民职工甲',
    });
    const after = (await s.client.get(drillUrl)).body;
    expect(after.missing).toEqual([]);
    expect(after.evaluation.status).toBe('met');
    expect(after.records.map((r: any) => r.subjectMemberName)).toContain('居民职工甲');
    // The resident is referred to now: not deleted under the log.
    expect((await village.del(`/api/residents/${resident.id}`)).status).toBe(409);
  });
});
