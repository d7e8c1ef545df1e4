import { beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ADMIN } from './constants.ts';
import {
  beijingMorning,
  type Client,
  createTenant,
  fakeIdNumber,
  recordLog,
  type Tenant,
  useTestApp,
} from './helpers.ts';
import { download, readBook } from './workbooks.ts';

/**
 * The board at the edges of periods, with the clock fixed on 2026-12-02 (issue 8 §2): the street
 * board by month for November 2026, looked at in December.
 */
const NOW = new Date('2026-12-02T10:00:00+08:00');
const t = useTestApp({}, { now: () => NOW });

let tn: Tenant;
const aps: number[] = [];
/** November's weeks under the membership rule (a week is the month's that holds its Sunday). */
const NOVEMBER_WEEKS = ['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48'];
/** Per appointee, the days of weekly contact: met weeks, plus the edges of November. */
const CONTACTS: string[][] = [
  // W44's Tuesday (10-27, before November) counts for November's W44; W49's Tuesday (12-01) is December's.
  // W46 (11-09 → 11-15) has no contact: the exemption tests excuse it.
  ['2026-10-27', '2026-11-03', '2026-11-17', '2026-11-24', '2026-12-01'],
  ['2026-11-03', '2026-11-17'],
  [],
];

const board = (c: Client, query: string) => c.get(`/api/compliance/board?${query}`);
const weekly = (row: any) => row.duties.find((d: any) => d.ruleCode === 'ss_weekly_contact');
const weekOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
};

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const ca = tn.clients.community_admin;
  const org = (
    await d.post('/api/orgs', { areaId: tn.areas.community.id, type: 'branch', name: `支部-${tn.tag}` })
  ).body.id as number;
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  const memberIds = [tn.inside.memberId];
  for (const name of ['乙', '丙']) {
    const res = await d.post('/api/members', {
      areaId: tn.areas.community.id,
      name: `书记${name}`,
      gender: 'male',
      idNumber: fakeIdNumber(),
      category: 'in_service',
      unitId: tn.inside.unitId,
    });
    expect(res.status).toBe(201);
    memberIds.push(res.body.id);
  }
  for (const memberId of memberIds) {
    const a = await ca.post('/api/appointments', {
      kindId,
      memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org,
      termStart: '2026-06-01',
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    aps.push(a.body.id);
  }
  for (const [i, days] of CONTACTS.entries()) {
    for (const day of days)
      await recordLog(ca, aps[i] ?? 0, { kind: 'contact', occurredAt: beijingMorning(day) });
  }
});

describe('the November board looked at on 2026-12-02', () => {
  it('judges by the fixed clock: no `at` is today, 2026-12-02, in December', async () => {
    const res = await board(tn.clients.street_admin, 'period=month');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ at: '2026-12-02', from: '2026-12-01', to: '2026-12-31' });
  });

  it('has November’s weeks only (W44–W48), every one closed: no weekly cell is 未到期', async () => {
    const res = await board(tn.clients.street_admin, 'period=month&at=2026-11-30');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    const rows = aps.map((id) => res.body.rows.find((r: any) => r.appointmentId === id));
    for (const [i, row] of rows.entries()) {
      const duty = weekly(row);
      expect(duty.evaluations.map((e: any) => e.periodKey)).toEqual(NOVEMBER_WEEKS);
      expect(duty.evaluations.filter((e: any) => ['not_yet_due', 'at_risk'].includes(e.status))).toEqual([]);
      expect(duty.status).not.toBe('not_yet_due');
      // Met exactly in the weeks with a contact of November's weeks (10-27 in, 12-01 out).
      const metWeeks = new Set((CONTACTS[i] ?? []).map(weekOf).filter((w) => NOVEMBER_WEEKS.includes(w)));
      const met = duty.evaluations.filter((e: any) => e.status === 'met').map((e: any) => e.periodKey);
      expect(met).toEqual(NOVEMBER_WEEKS.filter((w) => metWeeks.has(w)));
      expect(duty.status).toBe(metWeeks.size === NOVEMBER_WEEKS.length ? 'met' : 'missed');
    }
    // Weekly completion over November's weeks only: met cells ÷ due cells (all five are due).
    const rule = res.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    const metCells = CONTACTS.reduce(
      (n, days) => n + new Set(days.map(weekOf).filter((w) => NOVEMBER_WEEKS.includes(w))).size,
      0,
    );
    expect(rule.cells).toMatchObject({ due: NOVEMBER_WEEKS.length * aps.length, met: metCells });
    expect(rule.cells.rate).toBeCloseTo(metCells / (NOVEMBER_WEEKS.length * aps.length), 10);
  });

  it('gives December the week 11-30 → 12-06 (W49), still open on 12-02', async () => {
    const res = await board(tn.clients.street_admin, 'period=month');
    const duty = weekly(res.body.rows.find((r: any) => r.appointmentId === aps[0]));
    expect(duty.evaluations[0]).toMatchObject({ periodKey: '2026-W49', status: 'met' });
    const other = weekly(res.body.rows.find((r: any) => r.appointmentId === aps[1]));
    expect(other.evaluations[0]).toMatchObject({ periodKey: '2026-W49', status: 'not_yet_due' });
    // Nothing of the weekly duty is due yet for the appointee without a contact: no rate, not 0 %.
    const rule = res.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    expect(rule.cells.due).toBe(1);
    expect(rule.cells.rate).toBe(1);
  });

  it('shows no rate while no cell is due, never 0 %', async () => {
    // The first week of the board's December: nothing in it has closed or been met by the
    // appointees without a contact that week.
    const res = await board(tn.clients.street_admin, 'period=week&kind=second_secretary');
    const rule = res.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    const due = res.body.rows.filter((r: any) => weekly(r).status === 'met').length;
    expect(rule.cells.due).toBe(due);
    const only = await board(tn.clients.street_admin, `period=week&within=${tn.areas.community.id}`);
    expect(only.status).toBe(200);
    const monthly = only.body.rules.find((r: any) => r.ruleCode === 'ss_monthly_onsite_day');
    expect(monthly.cells).toMatchObject({ due: 0, met: 0, rate: null });
  });
});

describe('an approved exemption is not work done', () => {
  const NOV = 'period=month&at=2026-11-30';
  it('makes the duty read 已豁免 (met, 1 exempt) on the board, the drill-down, the phone and the ledger', async () => {
    const ca = tn.clients.community_admin;
    const req = await ca.post('/api/duty-exemptions', {
      appointmentId: aps[0],
      ruleCode: 'ss_weekly_contact',
      periodKey: '2026-W46',
      reasonKind: 'illness',
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect((await ca.post(`/api/duty-exemptions/${req.body.id}/approve`, {})).status).toBe(200);

    const res = await board(tn.clients.street_admin, NOV);
    const row = res.body.rows.find((r: any) => r.appointmentId === aps[0]);
    const duty = weekly(row);
    expect(duty.evaluations.map((e: any) => e.status)).toEqual(['met', 'met', 'exempt', 'met', 'met']);
    expect(duty.status).toBe('exempt');
    expect(row.status).not.toBe('met');
    // The exempt cell is neither met nor due: completion is over the other cells.
    const rule = res.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    expect(rule.cells.exempt).toBe(1);
    expect(rule.cells.due).toBe(NOVEMBER_WEEKS.length * aps.length - 1);
    expect(rule.counts.exempt).toBeGreaterThanOrEqual(1);

    const cell = await tn.clients.street_admin.get(
      `/api/compliance/board/${aps[0]}/ss_weekly_contact/2026-W46?at=2026-11-30`,
    );
    expect(cell.status).toBe(200);
    expect(cell.body.evaluation).toMatchObject({ status: 'exempt', exemptionReason: { 'zh-CN': '病假' } });

    const mine = await tn.clients.member.get(`/api/compliance/mine?${NOV}`);
    expect(mine.status).toBe(200);
    expect(weekly(mine.body.rows[0]).status).toBe('exempt');

    const xlsx = await download(tn.clients.street_admin, `/api/excel/compliance-board/export?${NOV}`);
    expect(xlsx.status).toBe(200);
    const [ledger] = await readBook(xlsx.buf);
    const cells = (ledger?.rows ?? []).flat();
    expect(cells).toContain('已豁免 4/5期完成，1期豁免');
    expect(cells).not.toContain('已完成 5/5期完成');
    tn.clients.street_admin.lang = 'en';
    const en = await download(tn.clients.street_admin, `/api/excel/compliance-board/export?${NOV}`);
    tn.clients.street_admin.lang = 'zh-CN';
    const [enLedger] = await readBook(en.buf);
    expect((enLedger?.rows ?? []).flat()).toContain('Exempt 4 of 5 met, 1 exempt');
  });
});

describe('drill-down errors say which', () => {
  const cell = (c: Client, rule: string, key: string) =>
    c.get(`/api/compliance/board/${aps[0]}/${rule}/${encodeURIComponent(key)}?at=2026-11-30`);
  it('answers a malformed period key with 400 naming periodKey, in both languages', async () => {
    const c = tn.clients.street_admin;
    for (const key of ['2026-W54', '2025-W53', '2026-13']) {
      const res = await cell(c, 'ss_weekly_contact', key);
      expect(res.status, key).toBe(400);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ path: 'periodKey', code: 'malformed' }),
      ]);
      expect(res.body.error.details[0].message).toContain('2026-W07');
    }
    const bad = await cell(c, 'ss_weekly_contact', '2026-Wxx');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('periodKey');
    c.lang = 'en';
    const en = await cell(c, 'ss_weekly_contact', '2026-W54');
    c.lang = 'zh-CN';
    expect(en.body.error.details[0].message).toMatch(/^Not a period/);
  });

  it('answers a period of the wrong kind with 400 on periodKey, saying the kind expected', async () => {
    const res = await cell(tn.clients.street_admin, 'ss_weekly_contact', '2026-11');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        path: 'periodKey',
        code: 'period_kind',
        params: { expected: 'week', got: 'month' },
      }),
    ]);
  });

  it('answers an unknown rule with 404 UNKNOWN_RULE, an unknown appointment with 404 NOT_FOUND', async () => {
    const res = await cell(tn.clients.street_admin, 'no_such_rule', '2026-W46');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'UNKNOWN_RULE', details: { ruleCode: 'no_such_rule' } });
    const none = await tn.clients.street_admin.get(
      '/api/compliance/board/999999999/ss_weekly_contact/2026-W46',
    );
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
  });

  it('answers a period before the term with 409 PERIOD_OUTSIDE_TERM and the term', async () => {
    const res = await cell(tn.clients.street_admin, 'ss_weekly_contact', '2026-W10');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'PERIOD_OUTSIDE_TERM',
      details: { termStart: '2026-06-01', termEnd: null },
    });
    tn.clients.street_admin.lang = 'en';
    const en = await cell(tn.clients.street_admin, 'ss_weekly_contact', '2026-W10');
    tn.clients.street_admin.lang = 'zh-CN';
    expect(en.body.error.message).toMatch(/outside the term/);
    expect(res.body.error.message).toContain('任期');
  });
});

describe('exemption periods: one rule for the choices and the API', () => {
  it('offers and accepts the same weeks, four back and eight ahead of 2026-12-02', async () => {
    const ca = tn.clients.community_admin;
    const choices = await ca.get(`/api/duty-exemptions/choices?appointmentId=${aps[1]}`);
    expect(choices.status).toBe(200);
    const weeks = choices.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact').periods;
    const offered = weeks.map((p: any) => p.key);
    const { exemptionPeriods } = await import('@gongjian/common');
    expect(offered).toEqual(exemptionPeriods('week', '2026-12-02').map((p) => p.key));
    expect(offered[0]).toBe('2026-W45');
    // Labels are dates, the week's number in brackets on the form.
    expect(weeks[0].label).toEqual({ 'zh-CN': '11月2日–11月8日', en: 'Nov 2 – Nov 8' });
    const ask = (periodKey: string) =>
      ca.post('/api/duty-exemptions', {
        appointmentId: aps[1],
        ruleCode: 'ss_weekly_contact',
        periodKey,
        reasonKind: 'leave',
      });
    const early = await ask('2026-W35');
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([
      expect.objectContaining({ path: 'periodKey', code: 'not_offered' }),
    ]);
    const tooFar = await ask('2027-W10');
    expect(tooFar.status).toBe(400);
    const first = await ask(offered[0]);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const last = await ask(offered.at(-1));
    expect(last.status, JSON.stringify(last.body)).toBe(201);
    // A month key for a weekly duty: the drill-down's reason, on the field.
    const kind = await ask('2026-11');
    expect(kind.body.error.details).toEqual([
      expect.objectContaining({ path: 'periodKey', code: 'period_kind' }),
    ]);
  });
});

describe('the four drill-down refusals are told apart', () => {
  const ask = (c: Client, rule: string, key: string) =>
    c.get(`/api/compliance/board/${aps[0]}/${rule}/${encodeURIComponent(key)}?at=2026-11-30`);
  /** What a client can branch on: status, code, the field issue's code; and the words, per language. */
  const answer = async (rule: string, key: string) => {
    const c = tn.clients.street_admin;
    const zh = await ask(c, rule, key);
    c.lang = 'en';
    const en = await ask(c, rule, key);
    c.lang = 'zh-CN';
    const issue = Array.isArray(zh.body.error.details) ? zh.body.error.details[0] : undefined;
    const enIssue = Array.isArray(en.body.error.details) ? en.body.error.details[0] : undefined;
    return {
      signature: `${zh.status} ${zh.body.error.code} ${issue?.code ?? ''}`,
      zh: issue?.message ?? zh.body.error.message,
      en: enIssue?.message ?? en.body.error.message,
    };
  };

  it('wrong kind, before the term, malformed week and unknown rule: four codes, four messages in each language', async () => {
    const cases = {
      kind: await answer('ss_weekly_contact', '2026-11'),
      beforeTerm: await answer('ss_weekly_contact', '2026-W10'),
      malformed: await answer('ss_weekly_contact', '2026-W54'),
      unknownRule: await answer('no_such_rule', '2026-W46'),
    };
    expect(cases.kind.signature).toBe('400 VALIDATION_FAILED period_kind');
    expect(cases.beforeTerm.signature).toBe('409 PERIOD_OUTSIDE_TERM ');
    expect(cases.malformed.signature).toBe('400 VALIDATION_FAILED malformed');
    expect(cases.unknownRule.signature).toBe('404 UNKNOWN_RULE ');
    const all = Object.values(cases);
    for (const field of ['signature', 'zh', 'en'] as const)
      expect(new Set(all.map((a) => a[field])).size, field).toBe(all.length);
    for (const a of all) {
      // Said in the caller's language: Chinese characters in one, none in the other.
      expect(a.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(a.en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(a.en.length).toBeGreaterThan(10);
    }
  });

  it('documents them in the OpenAPI description of the drill-down, 409 included', async () => {
    const doc = await tn.clients.street_admin.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    const op = doc.body.paths['/api/compliance/board/{appointmentId}/{ruleCode}/{periodKey}'].get;
    for (const code of [
      'malformed',
      'period_kind',
      'UNKNOWN_RULE',
      'PERIOD_OUTSIDE_TERM',
      'PERIOD_NOT_JUDGED',
    ])
      expect(op.description, code).toContain(code);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
  });
});

describe('the exemption window: one rule for choices, requests and approvals', () => {
  /** A request for 2026-W35 left pending since September, when the week was still on offer. */
  const pendingSince = async (periodKey: string) => {
    const { rows } = await t.database.pool.query<{ id: number }>(
      `insert into duty_exemptions (appointment_id, area_id, rule_code, period_key, reason_kind, reason,
                                    requested_by, requested_by_name, created_at, updated_at)
       select a.id, a.area_id, 'ss_weekly_contact', $2, 'leave', '九月请假', acc.id, '测试', $3, $3
         from appointments a, accounts acc where a.id = $1 and acc.username = $4 limit 1
       returning id`,
      [aps[2], periodKey, '2026-09-01T09:00:00+08:00', PLATFORM_ADMIN.username],
    );
    return rows[0]?.id;
  };

  it('does not offer 2026-W35 on 2026-12-02, and refuses to take it, naming periodKey', async () => {
    const ca = tn.clients.community_admin;
    const choices = await ca.get(`/api/duty-exemptions/choices?appointmentId=${aps[2]}`);
    const weekly = choices.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    expect(weekly.periods.map((p: any) => p.key)).not.toContain('2026-W35');
    expect(weekly.periods.map((p: any) => p.key)).not.toContain('2026-W44');
    const res = await ca.post('/api/duty-exemptions', {
      appointmentId: aps[2],
      ruleCode: 'ss_weekly_contact',
      periodKey: '2026-W35',
      reasonKind: 'leave',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'periodKey', code: 'not_offered' }),
    ]);
  });

  it('refuses to approve a request whose period has left the window, names periodKey, and lets it be rejected', async () => {
    const id = await pendingSince('2026-W35');
    expect(id).toBeGreaterThan(0);
    const ca = tn.clients.community_admin;
    const approve = await ca.post(`/api/duty-exemptions/${id}/approve`, {});
    expect(approve.status, JSON.stringify(approve.body)).toBe(400);
    expect(approve.body.error.details).toEqual([
      expect.objectContaining({ path: 'periodKey', code: 'not_offered' }),
    ]);
    // Nothing was written: still pending, and the board does not read the week as exempt.
    expect((await ca.get(`/api/duty-exemptions/${id}`)).body.status).toBe('pending');
    const reject = await ca.post(`/api/duty-exemptions/${id}/reject`, { comment: '已超过可申请期间' });
    expect(reject.status).toBe(200);
    expect(reject.body.status).toBe('rejected');
  });

  it('approves a pending request whose period is still on offer', async () => {
    const id = await pendingSince('2026-W46');
    const approve = await tn.clients.community_admin.post(`/api/duty-exemptions/${id}/approve`, {});
    expect(approve.status, JSON.stringify(approve.body)).toBe(200);
    expect(approve.body.status).toBe('approved');
  });
});

describe('term quotas and partial periods through the board', () => {
  let replaced: number;
  let august: number;
  beforeAll(async () => {
    const d = tn.clients.district_admin;
    const ca = tn.clients.community_admin;
    const kinds = await d.get('/api/appointment-kinds?pageSize=100');
    const kindId = (code: string) => kinds.body.data.find((k: { code: string }) => k.code === code).id;
    const org = (await d.get(`/api/orgs?pageSize=100&areaId=${tn.areas.community.id}`)).body.data[0].id;
    const person = async (name: string) => {
      const res = await d.post('/api/members', {
        areaId: tn.areas.community.id,
        name,
        gender: 'female',
        idNumber: fakeIdNumber(),
        category: 'in_service',
        unitId: tn.inside.unitId,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const first = await ca.post('/api/appointments', {
      kindId: kindId('first_secretary'),
      memberId: await person('第一书记戊'),
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org,
      termStart: '2026-06-01',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    replaced = first.body.id;
    for (const day of ['2026-06-10', '2026-06-20', '2026-07-10'])
      await recordLog(ca, replaced, {
        kind: 'visit',
        targetType: 'household',
        householdAddress: '1号楼101',
        occurredAt: beijingMorning(day),
      });
    // Replaced after two months: 2026-06-01 … 2026-07-31, 61 days of the 2-year term.
    const recall = await ca.post(`/api/appointments/${replaced}/recall`, {
      endedOn: '2026-07-31',
      reason: '工作调动',
    });
    expect(recall.status, JSON.stringify(recall.body)).toBe(200);

    // A second secretary appointed on 6 August: 148 of 2026's 365 days.
    const second = await ca.post('/api/appointments', {
      kindId: kindId('second_secretary'),
      memberId: await person('书记己'),
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org,
      termStart: '2026-08-06',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    august = second.body.id;
    await recordLog(
      ca,
      august,
      {
        kind: 'activity',
        activityType: 'theme_party_day',
        activityRole: 'led',
        occurredAt: beijingMorning('2026-10-10'),
      },
      ca,
    );
  });

  it('judges a first secretary replaced after two months on quotas pro-rated to 61 of 730 days', async () => {
    const res = await board(tn.clients.street_admin, 'period=quarter&at=2026-09-30');
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: any) => r.appointmentId === replaced);
    expect(row.termEnd).toBe('2026-07-31');
    const term = (code: string) => row.duties.find((d: any) => d.ruleCode === code).evaluations[0];
    // ceil(24 × 61/730) = 3 visits, ceil(8 × …) = 1, ceil(4 × …) = 1, ceil(12 × …) = 2.
    expect(term('fs_ledgers')).toMatchObject({
      periodKey: '2026-06-01/2026-07-31',
      status: 'met',
      progress: { actual: 3, required: 3 },
    });
    expect(term('fs_ledgers').explanation['zh-CN']).toContain('按在任 61/730 天折算，完整期间要求 24');
    expect(term('fs_team')).toMatchObject({ status: 'missed', progress: { actual: 0, required: 1 } });
    expect(term('fs_policy').progress.required).toBe(1);
    expect(term('fs_governance').progress.required).toBe(2);
    expect(JSON.stringify(row)).not.toContain('至少需 24');
  });

  it('shows the work of a yearly duty not assessed for a partial year, on the board and in the drill-down', async () => {
    const res = await board(tn.clients.street_admin, 'period=year&at=2026-12-31');
    const row = res.body.rows.find((r: any) => r.appointmentId === august);
    const yearly = row.duties.find((d: any) => d.ruleCode === 'ss_yearly_joint_activity');
    expect(yearly.status).toBe('not_applicable');
    expect(yearly.evaluations[0]).toMatchObject({ progress: { actual: 1, required: 1 } });
    expect(yearly.evaluations[0].recordIds).toHaveLength(1);
    expect(yearly.evaluations[0].explanation['zh-CN']).toBe(
      '2026年：任期仅覆盖本期 148/365 天，不足 50%，不考核（已记录 1 条）',
    );
    const cell = await tn.clients.street_admin.get(
      `/api/compliance/board/${august}/ss_yearly_joint_activity/2026?at=2026-12-31`,
    );
    expect(cell.status, JSON.stringify(cell.body)).toBe(200);
    expect(cell.body.evaluation.status).toBe('not_applicable');
    expect(cell.body.records).toHaveLength(1);
    expect(cell.body.records[0]).toMatchObject({ kind: 'activity', activityRole: 'led' });
  });
});

describe('what period=term and replay=true mean', () => {
  it('refuses period=term with 400 on period, saying term duties show on every view', async () => {
    const c = tn.clients.street_admin;
    const res = await board(c, 'period=term');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'period', in: 'querystring' })]);
    expect(res.body.error.details[0].message).toContain('任期');
    c.lang = 'en';
    const en = await board(c, 'period=term');
    c.lang = 'zh-CN';
    expect(en.body.error.details[0].message).toMatch(/term duties show on every view/);
    expect((await tn.clients.member.get('/api/compliance/mine?period=term')).status).toBe(400);
  });

  it('shows a replaced appointee’s term duties on a view of their term, judged over their own term', async () => {
    // The first secretary recalled on 2026-07-31 is on July's board, term duties included.
    const res = await board(tn.clients.street_admin, 'period=month&at=2026-07-31');
    const row = res.body.rows.find(
      (r: any) => r.termEnd === '2026-07-31' && r.kindCode === 'first_secretary',
    );
    expect(row).toBeTruthy();
    const ledgers = row.duties.find((d: any) => d.ruleCode === 'fs_ledgers');
    expect(ledgers.evaluations.map((e: any) => e.periodKey)).toEqual(['2026-06-01/2026-07-31']);
  });

  it('replays as recorded at the time, and says as of when and what was recorded later', async () => {
    const q = 'period=month&at=2026-11-30';
    const live = await board(tn.clients.street_admin, q);
    expect(live.body.replay).toBeNull();
    expect(live.body.total).toBeGreaterThanOrEqual(3);
    // The rows of this file carry the real instant they were written (the database's now()),
    // which is after the end of 30 November 2026: a replay of that day had none of them, so
    // nobody is on the board, and the answer says why.
    const replay = await board(tn.clients.street_admin, `${q}&replay=true`);
    expect(replay.status).toBe(200);
    expect(replay.body.rows).toEqual([]);
    expect(replay.body.replay).toEqual({
      asOf: '2026-11-30T16:00:00.000Z',
      appointmentsRecordedLater: live.body.total,
      // November's board holds W44 (from 10-26) to W48; the contacts of 10-27 … 11-24: 4 + 2.
      logsRecordedLater: 6,
    });
    // Today is not replayed: what is recorded now is what was recorded.
    const today = await board(tn.clients.street_admin, 'period=month&replay=true');
    expect(today.body.replay).toEqual({ asOf: null, appointmentsRecordedLater: 0, logsRecordedLater: 0 });
    expect(today.body.total).toBe((await board(tn.clients.street_admin, 'period=month')).body.total);
  });
});

describe('the board paged', () => {
  it('walks every page: the rows add up to the unpaged board, the figures are the same on each page', async () => {
    const q = 'period=month&at=2026-11-30';
    const whole = await board(tn.clients.district_admin, q);
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ page: null, pageSize: null });
    const total = whole.body.total as number;
    expect(total).toBeGreaterThanOrEqual(4);
    const pageSize = 2;
    const rows: any[] = [];
    const pages = Math.ceil(total / pageSize);
    for (let page = 1; page <= pages + 1; page++) {
      const res = await board(tn.clients.district_admin, `${q}&page=${page}&pageSize=${pageSize}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page, pageSize, total });
      // Figures count every appointee in scope, whatever the page.
      expect(res.body.rules).toEqual(whole.body.rules);
      expect(res.body.summary).toEqual(whole.body.summary);
      expect(res.body.rows.length).toBe(
        page <= pages ? Math.min(pageSize, total - (page - 1) * pageSize) : 0,
      );
      rows.push(...res.body.rows);
    }
    // The same rows in the same order, none twice.
    expect(rows).toEqual(whole.body.rows);
    expect(new Set(rows.map((r) => r.appointmentId)).size).toBe(total);
  });

  it('refuses a page size over 500 and a page of 0, naming the field', async () => {
    const big = await board(tn.clients.district_admin, 'page=1&pageSize=501');
    expect(big.status).toBe(400);
    expect(big.body.error.details[0].path).toBe('pageSize');
    const zero = await board(tn.clients.district_admin, 'page=0');
    expect(zero.body.error.details[0].path).toBe('page');
  });
});
