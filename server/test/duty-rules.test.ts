import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { type Client, createTenant, ONSITE_TWICE_A_MONTH, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
let appointmentId: number;

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

async function ruleRows() {
  const rows = await t.database.pool.query(
    'select count(*)::int as n from duty_rule_versions where area_id = $1',
    [tn.areas.district.id],
  );
  return rows.rows[0].n as number;
}

async function ruleEvents(code?: string) {
  const rows = await t.database.pool.query(
    `select action, entity_id, summary, before, after from audit_events
      where entity_type = 'duty_rule' and area_id = $1 and ($2::text is null or entity_id = $2) order by id`,
    [tn.areas.district.id, code ?? null],
  );
  return rows.rows as { action: string; entity_id: string; summary: string; before: any; after: any }[];
}

async function log(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/work-logs', { appointmentId, content: '工作纪实', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  appointmentId = (await factories(t, tn).appointment({ termStart: '2026-06-01' })).id;
  // One confirmed on-site day in each month from July to November.
  for (const day of ['2026-07-08', '2026-08-12', '2026-09-09', '2026-10-14', '2026-11-10']) {
    const id = await log(tn.clients.member, { kind: 'onsite_day', occurredAt: `${day}T09:00:00+08:00` });
    expect((await tn.clients.community_admin.post(`/api/work-logs/${id}/confirm`, {})).status).toBe(200);
  }
});

describe('duty policies as data per district', () => {
  it('installs the preset policies on first use and shows each rule with its current version', async () => {
    const res = await tn.clients.street_admin.get('/api/duty-policies');
    expect(res.status).toBe(200);
    expect(res.body.canWrite).toBe(false);
    expect(res.body.districtId).toBe(tn.areas.district.id);
    const codes = res.body.data.map((p: { code: string }) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'second_secretary_five_ones',
        'first_secretary_four_duties',
        'cross_appointment_visits',
        'dual_reporting_member',
        'dual_reporting_unit',
      ]),
    );
    const five = res.body.data.find((p: { code: string }) => p.code === 'second_secretary_five_ones');
    expect(five.kindCodes).toEqual(['second_secretary']);
    expect(five.rules.map((r: { ruleCode: string }) => r.ruleCode).sort()).toEqual([
      'ss_annual_report',
      'ss_monthly_onsite_day',
      'ss_quarterly_employee_contact',
      'ss_weekly_contact',
      'ss_yearly_joint_activity',
    ]);
    const weekly = five.rules.find((r: { ruleCode: string }) => r.ruleCode === 'ss_weekly_contact');
    expect(weekly.current).toMatchObject({ version: 1, effectiveFrom: '2020-01-01', effectiveTo: null });
    expect(weekly.current.rule.requirement).toMatchObject({ type: 'count', min: 1 });
    expect(weekly.actions).toEqual([]);
    const again = await tn.clients.district_admin.get('/api/duty-policies');
    expect(again.body.canWrite).toBe(true);
    expect(again.body.data.flatMap((p: any) => p.rules)).toHaveLength(
      res.body.data.flatMap((p: any) => p.rules).length,
    );
    expect(again.body.data[0].rules[0].actions).toEqual(['newVersion', 'retire']);
  });

  it('lets only area admins read rules: other roles get 403, the platform must name a district', async () => {
    for (const role of ['unit_admin', 'member', 'resident'] as const) {
      expect((await tn.clients[role].get('/api/duty-policies')).status).toBe(403);
      expect((await tn.clients[role].get('/api/duty-rules/ss_weekly_contact')).status).toBe(403);
    }
    const platform = await tn.clients.platform.get('/api/duty-policies');
    expect(platform.status).toBe(400);
    expect(paths(platform)).toEqual(['districtId']);
    const named = await tn.clients.platform.get(`/api/duty-policies?districtId=${tn.areas.district.id}`);
    expect(named.status).toBe(200);
    expect((await tn.clients.community_admin.get('/api/duty-rules/no_such_rule')).status).toBe(404);
  });

  it('publishes a new version from a date: the old one closes the day before, and only later periods change', async () => {
    const before = await tn.clients.community_admin.get(
      `/api/compliance/board?period=month&periods=5&at=2026-11-15`,
    );
    expect(before.status).toBe(200);
    const monthsBefore = before.body.rows[0].duties.find((d: any) => d.ruleCode === 'ss_monthly_onsite_day');
    expect(monthsBefore.evaluations.map((e: any) => [e.periodKey, e.status])).toEqual([
      ['2026-07', 'met'],
      ['2026-08', 'met'],
      ['2026-09', 'met'],
      ['2026-10', 'met'],
      ['2026-11', 'met'],
    ]);

    const street = await tn.clients.street_admin.post('/api/duty-rules/ss_monthly_onsite_day/versions', {
      effectiveFrom: '2026-10-01',
      rule: ONSITE_TWICE_A_MONTH,
    });
    expect(street.status).toBe(403);
    const res = await tn.clients.district_admin.post('/api/duty-rules/ss_monthly_onsite_day/versions', {
      effectiveFrom: '2026-10-01',
      rule: ONSITE_TWICE_A_MONTH,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.versions.map((v: any) => [v.version, v.effectiveFrom, v.effectiveTo])).toEqual([
      [2, '2026-10-01', null],
      [1, '2020-01-01', '2026-09-30'],
    ]);
    expect(res.body.current).toMatchObject({ version: 2 });
    expect(res.body.current.rule.requirement.min).toBe(2);

    const after = await tn.clients.community_admin.get(
      `/api/compliance/board?period=month&periods=5&at=2026-11-15`,
    );
    const months = after.body.rows[0].duties.find((d: any) => d.ruleCode === 'ss_monthly_onsite_day');
    expect(months.evaluations.map((e: any) => [e.periodKey, e.ruleVersion, e.status])).toEqual([
      ['2026-07', 1, 'met'],
      ['2026-08', 1, 'met'],
      ['2026-09', 1, 'met'],
      ['2026-10', 2, 'missed'],
      ['2026-11', 2, 'not_yet_due'],
    ]);
    expect(months.evaluations[3].explanation.en).toContain('1 of 2');
    // The quarter view agrees: Q3 is untouched, Q4 is judged by the new version.
    const quarter3 = await tn.clients.community_admin.get(
      '/api/compliance/board?period=quarter&at=2026-09-30',
    );
    expect(quarter3.body.rows[0].duties.find((d: any) => d.ruleCode === 'ss_monthly_onsite_day').status).toBe(
      'met',
    );

    const detail = await tn.clients.street_admin.get('/api/duty-rules/ss_monthly_onsite_day');
    expect(detail.status).toBe(200);
    expect(detail.body.versions).toHaveLength(2);
    const events = await ruleEvents('ss_monthly_onsite_day');
    expect(events.map((e) => e.action)).toEqual(['new_version']);
    expect(events[0]!.after).toMatchObject({
      version: 2,
      effectiveFrom: '2026-10-01',
      closed: [{ version: 1, effectiveTo: '2026-09-30' }],
    });
  });

  it('refuses a version that does not come after the existing ones, or renames the rule', async () => {
    const n = await ruleRows();
    const early = await tn.clients.district_admin.post('/api/duty-rules/ss_monthly_onsite_day/versions', {
      effectiveFrom: '2026-10-01',
      rule: { ...ONSITE_TWICE_A_MONTH, code: 'other_code' },
    });
    expect(early.status).toBe(400);
    expect(paths(early)).toEqual(['effectiveFrom', 'rule.code']);
    expect(await ruleRows()).toBe(n);
  });

  it('answers bad rule JSON with 400 and the fields at fault, writing nothing', async () => {
    const [n, events] = [await ruleRows(), (await ruleEvents()).length];
    const res = await tn.clients.district_admin.post('/api/duty-rules', {
      policyCode: 'second_secretary_five_ones',
      effectiveFrom: '2026-01-01',
      rule: {
        code: 'ss_bad',
        name: { 'zh-CN': '坏规则' },
        appliesTo: {},
        period: 'decade',
        counts: { kinds: [] },
        requirement: { type: 'count', min: 0, noun: { 'zh-CN': '次', en: 'time' } },
      },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['rule.counts.kinds', 'rule.name.en', 'rule.period', 'rule.requirement.min']);
    const noBody = await tn.clients.district_admin.post('/api/duty-rules', { policyCode: 'x' });
    expect(noBody.status).toBe(400);
    expect(await ruleRows()).toBe(n);
    expect((await ruleEvents()).length).toBe(events);
  });

  it('adds a rule to a policy, refuses its code twice, and retires it', async () => {
    const rule = {
      code: 'ss_monthly_action',
      name: { 'zh-CN': '每月一次先锋行动', en: 'One pioneer action a month' },
      appliesTo: { subjectTypes: ['appointee'], appointmentKinds: ['second_secretary'] },
      period: 'month',
      counts: { kinds: ['action'] },
      requirement: { type: 'count', min: 1, noun: { 'zh-CN': '先锋行动', en: 'pioneer action' } },
    };
    const body = { policyCode: 'second_secretary_five_ones', effectiveFrom: '2026-01-01', rule };
    expect((await tn.clients.community_admin.post('/api/duty-rules', body)).status).toBe(403);
    const res = await tn.clients.district_admin.post('/api/duty-rules', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      ruleCode: 'ss_monthly_action',
      policyCode: 'second_secretary_five_ones',
    });
    expect(res.body.current).toMatchObject({ version: 1, effectiveFrom: '2026-01-01' });
    const twice = await tn.clients.district_admin.post('/api/duty-rules', body);
    expect(twice.status).toBe(409);
    expect(paths(twice)).toEqual(['rule.code']);

    const board = await tn.clients.community_admin.get(
      '/api/compliance/board?period=month&periods=2&at=2026-08-05',
    );
    const action = board.body.rows[0].duties.find((d: any) => d.ruleCode === 'ss_monthly_action');
    expect(action.evaluations.map((e: any) => [e.periodKey, e.status])).toEqual([
      ['2026-07', 'missed'],
      ['2026-08', 'not_yet_due'],
    ]);

    const tooEarly = await tn.clients.district_admin.post('/api/duty-rules/ss_monthly_action/retire', {
      effectiveTo: '2025-12-31',
    });
    expect(tooEarly.status).toBe(400);
    expect(paths(tooEarly)).toEqual(['effectiveTo']);
    const retired = await tn.clients.district_admin.post('/api/duty-rules/ss_monthly_action/retire', {
      effectiveTo: '2026-06-30',
    });
    expect(retired.status).toBe(200);
    expect(retired.body.current).toBeNull();
    expect(retired.body.versions[0]).toMatchObject({ version: 1, effectiveTo: '2026-06-30' });
    expect(retired.body.actions).toEqual(['newVersion']);
    const again = await tn.clients.district_admin.post('/api/duty-rules/ss_monthly_action/retire', {
      effectiveTo: '2026-06-30',
    });
    expect(again.status).toBe(409);
    // July is no longer judged by the retired rule; June still is.
    const july = await tn.clients.community_admin.get('/api/compliance/board?period=month&at=2026-07-31');
    expect(july.body.rows[0].duties.map((d: any) => d.ruleCode)).not.toContain('ss_monthly_action');
    const june = await tn.clients.community_admin.get('/api/compliance/board?period=month&at=2026-06-30');
    expect(june.body.rows[0].duties.map((d: any) => d.ruleCode)).toContain('ss_monthly_action');

    expect((await ruleEvents('ss_monthly_action')).map((e) => e.action)).toEqual(['create', 'retire']);
  });
});
