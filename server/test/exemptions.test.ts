import { addDays, localDate, periodText } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
/** The `member` client's second-secretary appointment in C1, started 40 days ago. */
let second: number;
/** The same member's first-secretary appointment in C1: a term rule policy. */
let first: number;
let firstTerm: string;
let accounts: { member: number; community: number; street: number; outsideCommunity: number };

const today = localDate(new Date());
const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

async function accountId(where: string, value: number) {
  const r = await t.database.pool.query(`select id from accounts where ${where} = $1`, [value]);
  return r.rows[0].id as number;
}

/** Inbox rows of one account, oldest first, read from the table. */
async function inbox(accountId: number) {
  const r = await t.database.pool.query(
    `select kind, title_zh, title_en, body_zh, body_en, link, area_id from notifications
      where recipient_account_id = $1 order by id`,
    [accountId],
  );
  return r.rows as {
    kind: string;
    title_zh: string;
    title_en: string;
    body_zh: string;
    body_en: string;
    link: string;
    area_id: number;
  }[];
}

const total = async () =>
  (await t.database.pool.query('select count(*)::int as n from notifications')).rows[0].n as number;

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = await d.post('/api/orgs', {
    areaId: tn.areas.community.id,
    type: 'branch',
    name: `C1党支部-${tn.tag}`,
  });
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = (code: string) => kinds.body.data.find((k: { code: string }) => k.code === code).id;
  const make = async (kind: string, termStart: string, termEnd?: string) => {
    const res = await tn.clients.community_admin.post('/api/appointments', {
      kindId: kindId(kind),
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org.body.id,
      termStart,
      ...(termEnd ? { termEnd } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  second = await make('second_secretary', addDays(today, -40));
  firstTerm = `${addDays(today, -100)}/${addDays(today, 600)}`;
  first = await make('first_secretary', addDays(today, -100), addDays(today, 600));
  accounts = {
    member: await accountId("role = 'member' and member_id", tn.inside.memberId),
    community: await accountId("role = 'community_admin' and area_id", tn.areas.community.id),
    street: await accountId("role = 'street_admin' and area_id", tn.areas.street.id),
    outsideCommunity: await accountId("role = 'community_admin' and area_id", tn.areas.community3.id),
  };
});

describe('what an exemption may be asked for', () => {
  it('offers each duty of the appointment with recent and coming periods inside the term', async () => {
    const res = await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${second}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.appointmentId).toBe(second);
    expect(res.body.rules.map((r: any) => r.ruleCode)).toEqual([
      'ss_annual_report',
      'ss_monthly_onsite_day',
      'ss_quarterly_employee_contact',
      'ss_weekly_contact',
      'ss_yearly_joint_activity',
    ]);
    const weekly = res.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    expect(weekly).toMatchObject({
      period: 'week',
      name: { 'zh-CN': '五个一：每周联系村居', en: 'Five ones: contact the community weekly' },
    });
    // Four weeks back and eight ahead, all inside a term that started 40 days ago.
    expect(weekly.periods).toHaveLength(13);
    const current = weekly.periods.filter((p: any) => p.current);
    expect(current).toHaveLength(1);
    expect(current[0].from <= today && today <= current[0].to).toBe(true);
    expect(weekly.periods[0]).toMatchObject({ standing: null });
    // Weeks read as dates (10月26日–11月1日), not as 2026-W44.
    expect(weekly.periods[0].label).toEqual(periodText(weekly.periods[0].key));
    expect(weekly.periods[0].label['zh-CN']).toMatch(/^\d{1,2}月\d{1,2}日–/);
    // Months: two back, the current one and three ahead; a month ending before the term is left out.
    const monthly = res.body.rules.find((r: any) => r.ruleCode === 'ss_monthly_onsite_day');
    expect(monthly.periods.every((p: any) => p.to >= addDays(today, -40))).toBe(true);
    expect(monthly.periods.at(-1).label['zh-CN']).toMatch(/^\d{4}年\d{1,2}月$/);
  });

  it('offers a term rule once, for the whole term, by its key', async () => {
    const res = await tn.clients.community_admin.get(`/api/duty-exemptions/choices?appointmentId=${first}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ledgers = res.body.rules.find((r: any) => r.ruleCode === 'fs_ledgers');
    expect(ledgers.period).toBe('term');
    expect(ledgers.periods).toEqual([
      {
        key: firstTerm,
        label: {
          'zh-CN': `任期 ${addDays(today, -100)} 至 ${addDays(today, 600)}`,
          en: `term ${addDays(today, -100)} to ${addDays(today, 600)}`,
        },
        from: addDays(today, -100),
        to: addDays(today, 600),
        current: true,
        standing: null,
      },
    ]);
  });

  it('is for the appointee and the receiving community only', async () => {
    expect(
      (await tn.clients.unit_admin.get(`/api/duty-exemptions/choices?appointmentId=${second}`)).status,
    ).toBe(403);
    expect(
      (await tn.clients.resident.get(`/api/duty-exemptions/choices?appointmentId=${second}`)).status,
    ).toBe(403);
    const outside = await tn.clients.outsideCommunityAdmin.get(
      `/api/duty-exemptions/choices?appointmentId=${second}`,
    );
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['appointmentId']);
    expect((await tn.clients.member.get('/api/duty-exemptions/choices?appointmentId=abc')).status).toBe(400);
  });
});

describe('exemption requests, named and announced', () => {
  let requestId: number;
  let weekKey: string;

  it('names the rule and the period, and tells the receiving community, not the requester', async () => {
    const choices = await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${second}`);
    const weekly = choices.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    weekKey = weekly.periods.find((p: any) => p.current).key;
    const res = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: second,
      ruleCode: 'ss_weekly_contact',
      periodKey: weekKey,
      reasonKind: 'illness',
      reason: '住院一周',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    requestId = res.body.id;
    expect(res.body).toMatchObject({
      reasonKind: 'illness',
      reason: '住院一周',
      ruleName: { 'zh-CN': '五个一：每周联系村居' },
      periodLabel: periodText(weekKey),
      status: 'pending',
    });

    const toCommunity = await inbox(accounts.community);
    expect(toCommunity).toEqual([
      {
        kind: 'exemption_requested',
        title_zh: '免责申请待审批：党员A',
        title_en: 'Exemption request to review: 党员A',
        body_zh: `党员A（${tn.areas.community.name}）申请免除「五个一：每周联系村居」${periodText(weekKey)['zh-CN']}，理由：病假：住院一周`,
        body_en: `党员A (${tn.areas.community.name}) asks to be exempted from “Five ones: contact the community weekly” for ${periodText(weekKey).en}: Illness: 住院一周`,
        link: `/exemptions?id=${requestId}`,
        area_id: tn.areas.community.id,
      },
    ]);
    expect(await inbox(accounts.member)).toEqual([]);
    expect(await inbox(accounts.street)).toEqual([]);
    expect(await inbox(accounts.outsideCommunity)).toEqual([]);
    // The community admin reads it through the inbox API too.
    const api = await tn.clients.community_admin.get('/api/notifications?unread=true');
    expect(api.body.data[0]).toMatchObject({
      kind: 'exemption_requested',
      link: `/exemptions?id=${requestId}`,
    });

    // The choices now show the standing request on that week.
    const after = await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${second}`);
    const week = after.body.rules
      .find((r: any) => r.ruleCode === 'ss_weekly_contact')
      .periods.find((p: any) => p.key === weekKey);
    expect(week.standing).toEqual({ id: requestId, status: 'pending' });
  });

  it('sends nothing when a request is refused', async () => {
    const before = await total();
    const twice = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: second,
      ruleCode: 'ss_weekly_contact',
      periodKey: weekKey,
      reason: '再次申请',
    });
    expect(twice.status).toBe(409);
    const wrong = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: second,
      ruleCode: 'ss_weekly_contact',
      periodKey: '2020-W01',
      reasonKind: 'leave',
    });
    expect(wrong.status).toBe(400);
    // "Other" must say what it is; an unknown kind is refused on its field.
    const unsaid = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: second,
      ruleCode: 'ss_weekly_contact',
      periodKey: weekKey,
      reasonKind: 'other',
      reason: '  ',
    });
    expect(unsaid.status).toBe(400);
    expect(unsaid.body.error.details).toEqual([
      expect.objectContaining({ path: 'reason', message: '选择“其他”时请说明原因' }),
    ]);
    const odd = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: second,
      ruleCode: 'ss_weekly_contact',
      periodKey: weekKey,
      reasonKind: 'holiday',
    });
    expect(odd.status).toBe(400);
    expect(odd.body.error.details.map((d: any) => d.path)).toEqual(['reasonKind']);
    expect(await total()).toBe(before);
  });

  it('counts requests apart by kind: the filter takes leave, illness or other', async () => {
    const illness = await tn.clients.community_admin.get('/api/duty-exemptions?reasonKind=illness');
    expect(illness.body.data.map((e: any) => e.id)).toEqual([requestId]);
    const leave = await tn.clients.community_admin.get('/api/duty-exemptions?reasonKind=leave');
    expect(leave.body).toEqual({ data: [], total: 0 });
    expect((await tn.clients.community_admin.get('/api/duty-exemptions?reasonKind=x')).status).toBe(400);
  });

  it('finds requests by the appointee’s name or the rule code', async () => {
    const byName = await tn.clients.community_admin.get('/api/duty-exemptions?q=党员A');
    expect(byName.body.data.map((e: any) => e.id)).toEqual([requestId]);
    expect(byName.body.data[0].ruleName['zh-CN']).toBe('五个一：每周联系村居');
    const byRule = await tn.clients.community_admin.get('/api/duty-exemptions?q=weekly');
    expect(byRule.body.total).toBe(1);
    const none = await tn.clients.community_admin.get('/api/duty-exemptions?q=无此人');
    expect(none.body).toEqual({ data: [], total: 0 });
  });

  it('tells the appointee the decision, with the reviewer’s words, and not the reviewer', async () => {
    const approved = await tn.clients.community_admin.post(`/api/duty-exemptions/${requestId}/approve`, {
      comment: '已核实',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const toMember = await inbox(accounts.member);
    expect(toMember).toEqual([
      {
        kind: 'exemption_approved',
        title_zh: `免责申请已批准：五个一：每周联系村居（${periodText(weekKey)['zh-CN']}）`,
        title_en: `Exemption approved: Five ones: contact the community weekly (${periodText(weekKey).en})`,
        body_zh: `community_admin ${tn.tag}批准了党员A免除「五个一：每周联系村居」${periodText(weekKey)['zh-CN']}的申请：已核实`,
        body_en: `community_admin ${tn.tag} approved 党员A’s exemption from “Five ones: contact the community weekly” for ${periodText(weekKey).en}: 已核实`,
        link: '/my-duty',
        area_id: tn.areas.community.id,
      },
    ]);
    // The reviewer gets nothing new.
    expect((await inbox(accounts.community)).map((n) => n.kind)).toEqual(['exemption_requested']);
  });

  it('tells the appointee and a requesting community admin about a rejection, for a term rule too', async () => {
    const asked = await tn.clients.community_admin.post('/api/duty-exemptions', {
      appointmentId: first,
      ruleCode: 'fs_ledgers',
      periodKey: 'term',
      reason: '驻村工作调整',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.periodLabel['zh-CN']).toBe(`任期 ${addDays(today, -100)} 至 ${addDays(today, 600)}`);
    expect(asked.body.ruleName['zh-CN']).toBe('四大职责：建好基础台账');
    // Filed by the community itself: no one else in it to tell.
    expect((await inbox(accounts.community)).map((n) => n.kind)).toEqual(['exemption_requested']);

    const rejected = await tn.clients.street_admin.post(`/api/duty-exemptions/${asked.body.id}/reject`, {
      comment: '理由不充分',
    });
    expect(rejected.status).toBe(200);
    const last = (await inbox(accounts.member)).at(-1);
    expect(last).toMatchObject({
      kind: 'exemption_rejected',
      title_zh: `免责申请未获批准：四大职责：建好基础台账（任期 ${addDays(today, -100)} 至 ${addDays(today, 600)}）`,
      link: '/my-duty',
    });
    expect(last?.body_zh).toContain('理由不充分');
    const toRequester = (await inbox(accounts.community)).at(-1);
    expect(toRequester).toMatchObject({
      kind: 'exemption_rejected',
      link: `/exemptions?id=${asked.body.id}`,
    });
    expect(await inbox(accounts.street)).toEqual([]);
    // The term request's standing is cleared by the rejection.
    const choices = await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${first}`);
    const ledgers = choices.body.rules.find((r: any) => r.ruleCode === 'fs_ledgers');
    expect(ledgers.periods[0].standing).toBeNull();
  });
});
