import { localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  beijingMorning,
  type Client,
  createTenant,
  fakeIdNumber,
  recordLog,
  type Tenant,
  useTestApp,
} from './helpers.ts';
import { download, downloadName, listAll, readBook } from './workbooks.ts';

const t = useTestApp();
let tn: Tenant;
/** The `member` client's second-secretary appointment in C1, sent by the unit admin's unit. */
let apA: number;
/** A first secretary in C1, sent by another unit. */
let apF: number;
/** A second secretary in C3, outside S1. */
let apB: number;
let otherUnit: number;
const today = localDate(new Date());

/** A download that must succeed, read as its sheets. */
async function exported(c: Client, path: string) {
  const res = await download(c, path);
  expect(res.status, res.buf.toString().slice(0, 300)).toBe(200);
  return readBook(res.buf);
}

const log = recordLog;
const at = beijingMorning;

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = async (areaId: number, name: string) =>
    (await d.post('/api/orgs', { areaId, type: 'branch', name })).body.id as number;
  const orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  const orgC3 = await org(tn.areas.community3.id, `C3党支部-${tn.tag}`);
  const unit = await tn.clients.street_admin.post('/api/units', {
    areaId: tn.areas.community.id,
    name: `区卫健委-${tn.tag}`,
    type: 'agency',
  });
  expect(unit.status).toBe(201);
  otherUnit = unit.body.id;
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
  const e1 = await member(tn.areas.building.id, '职工甲', tn.inside.unitId);
  await member(tn.areas.community.id, '职工乙', tn.inside.unitId);
  const doctor = await member(tn.areas.community.id, '第一书记丁', otherUnit);
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = (code: string) => kinds.body.data.find((k: { code: string }) => k.code === code).id;
  const appoint = async (c: Client, body: Record<string, unknown>) => {
    const res = await c.post('/api/appointments', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  apA = await appoint(tn.clients.community_admin, {
    kindId: kindId('second_secretary'),
    memberId: tn.inside.memberId,
    sendingUnitId: tn.inside.unitId,
    receivingOrgId: orgC1,
    termStart: '2026-06-01',
  });
  apF = await appoint(tn.clients.community_admin, {
    kindId: kindId('first_secretary'),
    memberId: doctor,
    sendingUnitId: otherUnit,
    receivingOrgId: orgC1,
    termStart: '2026-06-01',
    termEnd: '2028-05-31',
  });
  apB = await appoint(tn.clients.outsideCommunityAdmin, {
    kindId: kindId('second_secretary'),
    memberId: tn.outside.memberId,
    sendingUnitId: tn.outside.unitId,
    receivingOrgId: orgC3,
    termStart: '2026-06-01',
  });

  const m = tn.clients.member;
  const ca = tn.clients.community_admin;
  // A contacts the community every Thursday of the 14 weeks touching Q3, and a few in Q4.
  const thursdays = Array.from({ length: 16 }, (_, i) =>
    new Date(Date.UTC(2026, 6, 2 + 7 * i)).toISOString().slice(0, 10),
  );
  await Promise.all(thursdays.map((day) => log(m, apA, { kind: 'contact', occurredAt: at(day) })));
  for (const day of ['2026-07-08', '2026-08-12', '2026-09-09'])
    await log(m, apA, { kind: 'onsite_day', occurredAt: at(day) }, ca);
  await log(m, apA, { kind: 'employee_contact', subjectMemberId: e1, occurredAt: at('2026-08-20') });
  // October's on-site day is excused: the appointee was ill.
  const ask = await m.post('/api/duty-exemptions', {
    appointmentId: apA,
    ruleCode: 'ss_monthly_onsite_day',
    periodKey: '2026-10',
    reasonKind: 'illness',
    reason: '住院一周',
  });
  expect(ask.status, JSON.stringify(ask.body)).toBe(201);
  expect((await ca.post(`/api/duty-exemptions/${ask.body.id}/approve`, {})).status).toBe(200);
});

// ── The board ──────────────────────────────────────────────────────────────────────────────

const BOARD = 'period=quarter&periods=2&at=2026-10-15';
const STATUS: Record<string, string> = {
  met: '已完成',
  at_risk: '有风险',
  missed: '未完成',
  not_yet_due: '未到期',
  exempt: '已豁免',
  not_applicable: '不考核',
};
const EVERY: Record<string, string> = {
  week: '每周',
  month: '每月',
  quarter: '每季度',
  year: '每年',
  term: '任期内',
};

/** What the board's cell shows: the worst status and progress, or periods met over several. */
function cellText(duty: any): string {
  if (!duty) return '—';
  const judged = duty.evaluations.filter((e: any) => e.status !== 'not_applicable');
  const word = STATUS[duty.status];
  if (judged.length === 1 && judged[0].status === 'exempt') return word!;
  if (judged.length === 1) return `${word} ${judged[0].progress.actual}/${judged[0].progress.required}`;
  if (judged.length === 0) return word!;
  const met = judged.filter((e: any) => e.status === 'met').length;
  const exempt = judged.filter((e: any) => e.status === 'exempt').length;
  return `${word} ${met}/${judged.length}期完成${exempt ? `，${exempt}期豁免` : ''}`;
}

const boardOf = async (c: Client, q: string) => {
  const res = await c.get(`/api/compliance/board?${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('the compliance board export', () => {
  it('writes the board as a ledger: one row per appointee, one column per duty, status and figure in words', async () => {
    const c = tn.clients.district_admin;
    const board = await boardOf(c, BOARD);
    expect(board.rows.map((r: any) => r.appointmentId).sort()).toEqual([apA, apF, apB].sort());
    const res = await download(c, `/api/excel/compliance-board/export?${BOARD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    // A ledger is named after its area and period, not the day it was made.
    expect(res.headers.get('content-disposition')).toContain(
      'filename="compliance-board-2026-Q3_2026-Q4.xlsx"',
    );
    const district = tn.areas.district.name;
    expect(downloadName(res.headers)).toBe(`${district}-履职台账-2026年第三季度–2026年第四季度.xlsx`);
    const [ledger, details, counts] = await readBook(res.buf);
    expect(ledger!.title).toBe(`${district} 2026年第三季度–2026年第四季度 履职台账`);
    expect(details!.title).toBe(`${district} 2026年第三季度–2026年第四季度 履职台账　履职明细`);
    expect(ledger!.filter).toBe('筛选条件：周期：按季度；截至：2026-10-15；期数：2');
    expect(ledger!.footer).toBe(`制表人：district_admin ${tn.tag}　　审核人：________　　制表日期：${today}`);
    for (const s of [ledger!, details!, counts!]) expect(s.footer).toMatch(/^制表人：/);
    expect([ledger?.name, details?.name, counts?.name]).toEqual(['履职台账', '履职明细', '按事项统计']);
    expect(ledger!.headers).toEqual([
      '任职人',
      '任职类型',
      '派出单位',
      '接收组织',
      '接收村居',
      '任期',
      '总体状态',
      ...board.rules.map((r: any) => `${r.name['zh-CN']}（${EVERY[r.period]}）`),
    ]);
    // Row by row and cell by cell, in the board's order.
    expect(ledger!.rows).toEqual(
      board.rows.map((r: any) => [
        r.memberName,
        r.kindNameZh,
        r.sendingUnitName ?? '',
        r.receivingOrgName,
        r.areaName,
        r.termEnd ? `${r.termStart} 至 ${r.termEnd}` : `${r.termStart} 起`,
        STATUS[r.status],
        ...board.rules.map((rule: any) => cellText(r.duties.find((d: any) => d.ruleCode === rule.ruleCode))),
      ]),
    );
    // The two policies' duties sit side by side: a first secretary has no "five ones" cell.
    const f = ledger!.rows[board.rows.findIndex((r: any) => r.appointmentId === apF)]!;
    expect(f[ledger!.headers.indexOf('五个一：每周联系村居（每周）')]).toBe('—');
    const a = ledger!.rows[board.rows.findIndex((r: any) => r.appointmentId === apA)]!;
    // Contacted every week up to 15 October: 16 weeks met, the 10 after it not due yet (W53,
    // 12-28 → 2027-01-03, is 2027's: a week belongs to the period holding its Sunday).
    expect(a[ledger!.headers.indexOf('五个一：每周联系村居（每周）')]).toBe('未到期 16/26期完成');
    expect(a[ledger!.headers.indexOf('任期')]).toBe('2026-06-01 起');
  });

  it('lists every period of every duty in the details, with the figures and reasons behind each verdict', async () => {
    const c = tn.clients.district_admin;
    const board = await boardOf(c, BOARD);
    const [, details] = await exported(c, `/api/excel/compliance-board/export?${BOARD}`);
    const order = board.rules.map((r: any) => r.ruleCode);
    const expected = board.rows.flatMap((r: any) =>
      [...r.duties]
        .sort((x: any, y: any) => order.indexOf(x.ruleCode) - order.indexOf(y.ruleCode))
        .flatMap((d: any) =>
          d.evaluations.map((e: any) => [
            r.memberName,
            e.ruleName['zh-CN'],
            e.periodLabel['zh-CN'],
            STATUS[e.status],
            String(e.progress.actual),
            String(e.progress.required),
            e.explanation['zh-CN'],
            e.missing.map((x: any) => x.name).join('、'),
            e.exemptionReason?.['zh-CN'] ?? '',
          ]),
        ),
    );
    const pick = (h: string) => details!.column(h);
    const got = details!.rows.map((_, i) =>
      ['任职人', '履职事项', '周期', '状态', '已完成', '要求', '说明', '尚缺', '免责事由'].map(
        (h) => pick(h)[i],
      ),
    );
    expect(got).toEqual(expected);
    expect(details!.rows.length).toBeGreaterThan(20);
    // A's October on-site day reads as excused, with the reason in words. (Rows go by area path,
    // which orders ids as text: find A's by name, not by place.)
    const nameA = board.rows.find((x: any) => x.appointmentId === apA).memberName;
    const excused = got.find(
      (r) => r[0] === nameA && r[2] === '2026年10月' && r[1] === '五个一：每月到村居工作一天',
    );
    expect(excused?.[3]).toBe('已豁免');
    expect(excused?.[8]).toContain('住院一周');
    // Who is still missing from the employee contacts of Q3.
    const employees = got.find(
      (r) => r[0] === nameA && r[2] === '2026年第三季度' && r[1] === '五个一：每季度联系全体职工',
    );
    expect(employees?.[7]).toBe('职工乙');
  });

  it('counts the appointees in each status per duty, then overall, as the board does', async () => {
    const c = tn.clients.district_admin;
    const board = await boardOf(c, BOARD);
    const [, , counts] = await exported(c, `/api/excel/compliance-board/export?${BOARD}`);
    expect(counts!.headers).toEqual([
      '履职事项',
      '频次',
      '考核人数',
      '已完成',
      '有风险',
      '未完成',
      '未到期',
      '已豁免',
      '不考核',
    ]);
    const order = ['met', 'at_risk', 'missed', 'not_yet_due', 'exempt', 'not_applicable'];
    expect(counts!.rows).toEqual([
      ...board.rules.map((r: any) => [
        r.name['zh-CN'],
        EVERY[r.period],
        String(r.total),
        ...order.map((s) => String(r.counts[s])),
      ]),
      [
        '全部任职人（按总体状态）',
        '',
        String(board.summary.appointees),
        ...order.map((s) => String(board.summary.byStatus[s])),
      ],
    ]);
  });

  it('takes the board’s filters: area, kind, sending unit, period and day', async () => {
    const c = tn.clients.district_admin;
    for (const q of [
      `${BOARD}&within=${tn.areas.street2.id}`,
      `${BOARD}&kind=first_secretary`,
      `${BOARD}&sendingUnitId=${tn.inside.unitId}`,
      'period=month&at=2026-09-30',
      'period=week&at=2026-10-18&replay=true',
      'period=year',
    ]) {
      const board = await boardOf(c, q);
      const [ledger, details] = await exported(c, `/api/excel/compliance-board/export?${q}`);
      expect(ledger!.column('任职人'), q).toEqual(board.rows.map((r: any) => r.memberName));
      expect(ledger!.column('总体状态'), q).toEqual(board.rows.map((r: any) => STATUS[r.status]));
      const periods = board.rows.flatMap((r: any) => r.duties.flatMap((d: any) => d.evaluations));
      expect(details!.rows, q).toHaveLength(periods.length);
    }
    const none = await exported(c, `/api/excel/compliance-board/export?${BOARD}&kind=building_head`);
    expect(none[0]!.rows).toEqual([]);
  });

  it('shows each caller only whom its board shows: a sending unit its own appointees, a street its own', async () => {
    const ids = async (c: Client) => (await boardOf(c, BOARD)).rows.map((r: any) => r.memberName);
    for (const [role, c] of [
      ['unit_admin', tn.clients.unit_admin],
      ['street_admin', tn.clients.street_admin],
      ['community_admin', tn.clients.community_admin],
      ['outsideStreetAdmin', tn.clients.outsideStreetAdmin],
    ] as const) {
      const [ledger] = await exported(c, `/api/excel/compliance-board/export?${BOARD}`);
      expect(ledger!.column('任职人'), role).toEqual(await ids(c));
    }
    const [unit] = await exported(tn.clients.unit_admin, `/api/excel/compliance-board/export?${BOARD}`);
    expect(unit!.column('派出单位')).toEqual([`单位A-${tn.tag}`]);
    const [outside] = await exported(
      tn.clients.outsideStreetAdmin,
      `/api/excel/compliance-board/export?${BOARD}`,
    );
    expect(outside!.column('接收村居')).toEqual([tn.areas.community3.name]);
    // Naming another street's node is refused as the board refuses it; roles without a board get 403.
    const q = `${BOARD}&within=${tn.areas.community.id}`;
    const board = await tn.clients.outsideStreetAdmin.get(`/api/compliance/board?${q}`);
    const res = await download(tn.clients.outsideStreetAdmin, `/api/excel/compliance-board/export?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.buf.toString())).toEqual(board.body);
    for (const c of [tn.clients.member, tn.clients.resident])
      expect((await download(c, `/api/excel/compliance-board/export?${BOARD}`)).status).toBe(403);
  });

  it('answers bad filters with the board’s 400', async () => {
    const c = tn.clients.district_admin;
    for (const q of [
      'period=decade',
      'at=2026-13-01',
      'periods=0',
      'periods=abc',
      'within=x',
      'replay=maybe',
    ]) {
      const board = await c.get(`/api/compliance/board?${q}`);
      const res = await download(c, `/api/excel/compliance-board/export?${q}`);
      expect(res.status, q).toBe(400);
      expect(board.status, q).toBe(400);
    }
  });

  it('speaks English to English callers, and prints landscape with the range atop every page', async () => {
    const c = tn.clients.district_admin;
    c.lang = 'en';
    try {
      const board = await boardOf(c, BOARD);
      const res = await download(c, `/api/excel/compliance-board/export?${BOARD}`);
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(
        `Duty ledger-Q3 2026 – Q4 2026.xlsx`,
      );
      const [ledger, details, counts] = await readBook(res.buf);
      expect([ledger?.name, details?.name, counts?.name]).toEqual(['Ledger', 'Details', 'By duty']);
      expect(ledger!.title).toBe(`Duty ledger — ${tn.areas.district.name}, Q3 2026 – Q4 2026 — Ledger`);
      expect(ledger!.filter).toBe('Filters: By: quarter; As at: 2026-10-15; Periods: 2');
      expect(ledger!.footer).toBe(
        `Prepared by: district_admin ${tn.tag}    Reviewed by: ________    Date: ${today}`,
      );
      expect(ledger!.headers.slice(0, 7)).toEqual([
        'Appointee',
        'Kind',
        'Sending unit',
        'Receiving organisation',
        'Receiving area',
        'Term',
        'Overall',
      ]);
      for (const s of [ledger!, details!, counts!]) expect(s.headers.join('')).not.toMatch(/[\u4e00-\u9fff]/);
      expect(ledger!.headers).toContain('Five ones: contact the community weekly (weekly)');
      expect(ledger!.column('Kind')).toContain('Second secretary');
      expect(new Set(ledger!.column('Overall'))).toEqual(
        new Set(
          board.rows.map(
            (r: any) =>
              ({
                missed: 'Missed',
                at_risk: 'At risk',
                met: 'Met',
                not_yet_due: 'Not yet due',
                exempt: 'Exempt',
                not_applicable: 'Not assessed',
              })[r.status as string],
          ),
        ),
      );
      const week = ledger!.column('Five ones: contact the community weekly (weekly)');
      expect(week.filter((v) => v !== '—').every((v) => / \d+ of \d+ met$/.test(v))).toBe(true);
      expect(details!.column('Period')).toContain('Q3 2026');
      expect(ledger!.ws.pageSetup.orientation).toBe('landscape');
      expect(ledger!.ws.pageSetup.printTitlesRow).toBe('3:3');
      expect(ledger!.ws.pageSetup.paperSize).toBe(9);
      expect(details!.ws.getRow(4).getCell(1).alignment?.wrapText).toBe(true);
      expect(ledger!.ws.headerFooter.oddHeader).toContain('2026-07-01 – 2026-12-31');
      expect(ledger!.ws.headerFooter.oddHeader).toContain('as at 2026-10-15');
    } finally {
      c.lang = 'zh-CN';
    }
    const [ledger] = await exported(c, `/api/excel/compliance-board/export?${BOARD}&replay=true`);
    expect(ledger!.ws.headerFooter.oddHeader).toContain(
      '履职看板　2026-07-01 至 2026-12-31　截至 2026-10-15（按当时记录）',
    );
    expect(ledger!.ws.headerFooter.oddFooter).toContain('第 &P 页，共 &N 页');
  });
});

// ── Exemptions ─────────────────────────────────────────────────────────────────────────────

const EXEMPTION_STATUS: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
};
const REASON_KIND: Record<string, string> = { leave: '请假', illness: '病假', other: '其他' };

describe('the exemptions export', () => {
  beforeAll(async () => {
    const ask = async (c: Client, body: Record<string, unknown>) => {
      const res = await c.post('/api/duty-exemptions', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    // A pending leave without a note, and another appointee's rejected "other" in C3.
    await ask(tn.clients.member, {
      appointmentId: apA,
      ruleCode: 'ss_weekly_contact',
      periodKey: '2026-W45',
      reasonKind: 'leave',
    });
    await ask(tn.clients.community_admin, {
      appointmentId: apF,
      ruleCode: 'fs_ledgers',
      periodKey: 'term',
      reasonKind: 'other',
      reason: '台账由社区统一建立',
    });
    const b = await ask(tn.clients.outsideCommunityAdmin, {
      appointmentId: apB,
      ruleCode: 'ss_monthly_onsite_day',
      periodKey: '2026-10',
      reasonKind: 'other',
      reason: '外出学习',
    });
    const no = await tn.clients.outsideCommunityAdmin.post(`/api/duty-exemptions/${b}/reject`, {
      comment: '可另行安排',
    });
    expect(no.status).toBe(200);
  });

  it('holds exactly the list’s rows for the same filters, in the list’s order, codes as words', async () => {
    const c = tn.clients.district_admin;
    for (const q of [
      '',
      'status=approved',
      'reasonKind=other',
      `within=${tn.areas.street2.id}`,
      `appointmentId=${apA}`,
      'q=ss_monthly',
    ]) {
      const listed = await listAll(c, 'duty-exemptions', q);
      const [sheet, more] = await exported(c, `/api/excel/duty-exemptions/export?${q}`);
      expect(more, 'one sheet').toBeUndefined();
      expect(sheet!.name).toBe('请假免责');
      expect(
        sheet!.rows.map((_, i) =>
          [
            '任职人',
            '接收村居',
            '免除的职责',
            '考核期',
            '原因',
            '说明',
            '状态',
            '申请人',
            '审批人',
            '审批意见',
          ].map((h) => sheet!.column(h)[i]),
        ),
        q,
      ).toEqual(
        listed.map((r) => [
          r.memberName,
          r.areaName,
          r.ruleName?.['zh-CN'] ?? r.ruleCode,
          r.periodLabel['zh-CN'],
          REASON_KIND[r.reasonKind],
          r.reason,
          EXEMPTION_STATUS[r.status],
          r.requestedByName,
          r.reviewedByName ?? '',
          r.reviewComment ?? '',
        ]),
      );
    }
    const all = await exported(c, '/api/excel/duty-exemptions/export');
    expect(all[0]!.rows.length).toBe(4);
    expect(all[0]!.column('申请时间').every((v) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(v))).toBe(true);
    const term = all[0]!.rows.find((r) => r[2] === '四大职责：建好基础台账');
    expect(term?.[3]).toBe('任期 2026-06-01 至 2028-05-31');
  });

  it('shows each caller only the requests its list shows, and refuses what the list refuses', async () => {
    for (const [role, c] of [
      ['unit_admin', tn.clients.unit_admin],
      ['street_admin', tn.clients.street_admin],
      ['outsideStreetAdmin', tn.clients.outsideStreetAdmin],
      ['member', tn.clients.member],
    ] as const) {
      const listed = await listAll(c, 'duty-exemptions', '');
      const [sheet] = await exported(c, '/api/excel/duty-exemptions/export');
      expect(sheet!.column('任职人'), role).toEqual(listed.map((r) => r.memberName));
      expect(sheet!.column('考核期'), role).toEqual(listed.map((r) => r.periodLabel['zh-CN']));
    }
    // The unit admin sees its own appointee's requests only, not the other unit's first secretary.
    const [unit] = await exported(tn.clients.unit_admin, '/api/excel/duty-exemptions/export');
    expect(new Set(unit!.column('任职人'))).toEqual(new Set([`党员A`]));
    const [outside] = await exported(tn.clients.outsideStreetAdmin, '/api/excel/duty-exemptions/export');
    expect(outside!.column('接收村居')).toEqual([tn.areas.community3.name]);
    const q = `within=${tn.areas.community.id}`;
    const list = await tn.clients.outsideStreetAdmin.get(`/api/duty-exemptions?${q}`);
    const res = await download(tn.clients.outsideStreetAdmin, `/api/excel/duty-exemptions/export?${q}`);
    expect(res.status).toBe(list.status);
    expect(JSON.parse(res.buf.toString())).toEqual(list.body);
    const resident = await tn.clients.resident.get('/api/duty-exemptions');
    expect((await download(tn.clients.resident, '/api/excel/duty-exemptions/export')).status).toBe(
      resident.status,
    );
    expect(resident.status).toBe(403);
    for (const bad of ['status=asleep', 'reasonKind=holiday', 'within=x'])
      expect(
        (await download(tn.clients.street_admin, `/api/excel/duty-exemptions/export?${bad}`)).status,
        bad,
      ).toBe(400);
  });

  it('speaks English to English callers', async () => {
    const c = tn.clients.street_admin;
    c.lang = 'en';
    try {
      const [sheet] = await exported(c, '/api/excel/duty-exemptions/export?status=approved');
      expect(sheet!.name).toBe('Exemptions');
      expect(sheet!.headers).toEqual([
        'Appointee',
        'Receiving area',
        'Duty',
        'Period',
        'Reason',
        'Note',
        'Status',
        'Requested by',
        'Requested',
        'Reviewed by',
        'Reviewed',
        'Review comment',
      ]);
      expect(sheet!.rows.map((r) => [r[2], r[3], r[4], r[6]])).toEqual([
        ['Five ones: one on-site working day a month', 'Oct 2026', 'Illness', 'Approved'],
      ]);
    } finally {
      c.lang = 'zh-CN';
    }
  });
});

// ── Coverage ───────────────────────────────────────────────────────────────────────────────

describe('the coverage exports', () => {
  /** A second building in C1's compound and a second compound with a building, both uncovered at first. */
  let b2: number;
  let p2: number;
  let branchOfUnit: number;
  let otherBranch: number;

  beforeAll(async () => {
    const p = tn.clients.platform;
    const mk = async (parentId: number, level: string, name: string) => {
      const res = await p.post('/api/areas', {
        parentId,
        level,
        code: `${level}-${tn.tag}-${name}`,
        name: `${name}-${tn.tag}`,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    b2 = await mk(tn.areas.compound.id, 'building', 'B2');
    p2 = await mk(tn.areas.zone.id, 'compound', 'P2');
    await mk(p2, 'building', 'B3');
    const d = tn.clients.district_admin;
    const org = async (areaId: number, name: string, unitId?: number) => {
      const res = await d.post('/api/orgs', { areaId, type: 'branch', name: `${name}-${tn.tag}`, unitId });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    branchOfUnit = await org(tn.areas.community2.id, '局机关第一党支部', tn.inside.unitId);
    otherBranch = await org(tn.areas.community2.id, '卫健委党支部', otherUnit);
    const c = tn.clients.community_admin;
    const assign = async (orgId: number, areaId: number, extra: Record<string, unknown> = {}) => {
      const res = await c.post('/api/coverage/assignments', {
        orgId,
        areaId,
        startOn: '2026-01-01',
        ...extra,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // The unit's branch holds the compound (B1, B2); B1 is also the other branch's; P2 is held
    // by no one from next year only.
    await assign(branchOfUnit, tn.areas.compound.id, { note: '包保丽景苑' });
    await assign(otherBranch, tn.areas.building.id);
    await assign(otherBranch, b2);
    // B2 is also the community's own branch's: doubly covered.
    await assign(await org(tn.areas.community.id, '丽景苑党支部'), b2);
    await assign(otherBranch, p2, { startOn: '2027-01-01' });
    // Building heads: two in B1, none elsewhere.
    for (const name of ['楼栋长甲', '楼栋长乙']) {
      const res = await tn.clients.street_admin.post('/api/members', {
        areaId: tn.areas.building.id,
        name,
        gender: 'female',
        idNumber: fakeIdNumber(),
        category: 'community',
        roles: ['building_head'],
      });
      expect(res.status).toBe(201);
    }
    // Two-new organisations in C1: two visited in November (one twice, with demands), one not.
    const unit = async (name: string, type: string) => {
      const res = await tn.clients.street_admin.post('/api/units', {
        areaId: tn.areas.compound.id,
        name: `${name}-${tn.tag}`,
        type,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const firm = await unit('瀚海信息技术有限公司', 'two_new_firm');
    const office = await unit('明理律师事务所', 'two_new_social');
    await unit('晨光咨询有限公司', 'two_new_firm');
    const visit = async (targetUnitId: number, day: string, demandCategories: string[] = []) =>
      log(tn.clients.member, apA, {
        kind: 'visit',
        targetType: 'two_new_org',
        targetUnitId,
        occurredAt: at(day),
        demandCategories,
      });
    await visit(firm, '2026-11-03', ['social', 'recruitment']);
    await visit(firm, '2026-11-10', ['recruitment']);
    await visit(office, '2026-11-12');
    await log(tn.clients.member, apA, {
      kind: 'visit',
      targetType: 'household',
      householdAddress: '丽景苑 1 栋 101',
      occurredAt: at('2026-11-04'),
    });
  });

  it('exports the assignments the list shows, for the same filters and caller', async () => {
    for (const [who, c, q] of [
      ['community', tn.clients.community_admin, `within=${tn.areas.community.id}`],
      ['street by org', tn.clients.street_admin, `orgId=${otherBranch}`],
      ['street running next year', tn.clients.street_admin, 'activeOn=2027-02-01'],
      ['unit', tn.clients.unit_admin, ''],
      ['other street', tn.clients.outsideStreetAdmin, ''],
    ] as const) {
      const listed = await listAll(c, 'coverage/assignments', q);
      const [sheet] = await exported(c, `/api/excel/coverage-assignments/export?${q}`);
      expect(sheet!.name).toBe('包保分工');
      expect(
        sheet!.rows.map((_, i) =>
          ['包保组织', '所属单位', '社区', '包保对象', '开始日期', '结束日期', '状态', '备注'].map(
            (h) => sheet!.column(h)[i],
          ),
        ),
        who,
      ).toEqual(
        listed.map((r) => [
          r.orgName,
          r.unitName ?? '',
          r.communityName ?? '',
          r.areaLabel,
          r.startOn,
          r.endOn ?? '',
          r.active ? '在保' : '未生效',
          r.note ?? '',
        ]),
      );
    }
    const [unit] = await exported(tn.clients.unit_admin, '/api/excel/coverage-assignments/export');
    expect(unit!.column('包保组织')).toEqual([`局机关第一党支部-${tn.tag}`]);
    expect(unit!.column('层级')).toEqual(['小区']);
    const [outside] = await exported(tn.clients.outsideStreetAdmin, '/api/excel/coverage-assignments/export');
    expect(outside!.rows).toEqual([]);
    const q = `within=${tn.areas.community.id}`;
    const list = await tn.clients.outsideStreetAdmin.get(`/api/coverage/assignments?${q}`);
    const res = await download(tn.clients.outsideStreetAdmin, `/api/excel/coverage-assignments/export?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.buf.toString())).toEqual(list.body);
    for (const c of [tn.clients.member, tn.clients.resident])
      expect((await download(c, '/api/excel/coverage-assignments/export')).status).toBe(403);
    expect(
      (await download(tn.clients.street_admin, '/api/excel/coverage-assignments/export?activeOn=soon'))
        .status,
    ).toBe(400);
  });

  it('exports the coverage status as its tables: summary, buildings with heads, organisations, gaps', async () => {
    const c = tn.clients.community_admin;
    const q = `areaId=${tn.areas.community.id}&on=2026-11-20`;
    const status = (await c.get(`/api/coverage/status?${q}`)).body;
    const cc = status.communities[0];
    const res = await download(c, `/api/excel/coverage-status/export?${q}`);
    expect(res.status).toBe(200);
    // Coverage is judged on a day: the ledger is named after it.
    expect(res.headers.get('content-disposition')).toContain('coverage-status-2026-11-20.xlsx');
    expect(downloadName(res.headers)).toBe(`${tn.areas.community.name}-包保情况台账-2026-11-20.xlsx`);
    const [summary, buildings, orgs, gaps] = await readBook(res.buf);
    expect([summary?.name, buildings?.name, orgs?.name, gaps?.name]).toEqual([
      '概况',
      '楼栋包保与楼栋长',
      '各包保组织',
      '未包保与重复包保',
    ]);
    expect(summary!.rows).toEqual([
      [
        cc.community.name,
        ...['zones', 'compounds', 'buildings'].flatMap((l) => [
          String(cc.counts[l].total),
          String(cc.counts[l].covered),
        ]),
        String(cc.buildingsWithoutHead.length),
        cc.complete ? '是' : '否',
        cc.summary,
      ],
    ]);
    expect(summary!.column('楼栋总数')).toEqual(['3']);
    expect(summary!.column('已包保楼栋')).toEqual(['2']);
    expect(buildings!.column('楼栋')).toEqual(cc.buildings.map((b: any) => b.label));
    const b1 = buildings!.rows.find(
      (r) => r[1] === cc.buildings.find((b: any) => b.id === tn.areas.building.id).label,
    )!;
    expect(b1[2]).toBe(`局机关第一党支部-${tn.tag}（经小区）、卫健委党支部-${tn.tag}`);
    expect(b1[3]).toBe('楼栋长甲、楼栋长乙');
    const b3 = buildings!.rows.find((r) => r[1]?.startsWith(`${tn.areas.zone.name} / P2`))!;
    expect(b3.slice(2)).toEqual(['未包保', '未设楼栋长']);
    expect(orgs!.rows).toEqual(
      cc.orgs.map((o: any) => [
        cc.community.name,
        o.orgName,
        o.unitName ?? '',
        String(o.zones),
        String(o.compounds),
        String(o.buildings),
        String(o.coveredBuildings),
      ]),
    );
    expect(gaps!.rows).toEqual([
      ...cc.uncovered.map((n: any) => [
        cc.community.name,
        '未包保',
        { zone: '片区', compound: '小区', building: '楼栋' }[n.level as string],
        n.label,
        '',
      ]),
      ...cc.doublyCovered.map((n: any) => [
        cc.community.name,
        '重复包保',
        { zone: '片区', compound: '小区', building: '楼栋' }[n.level as string],
        n.label,
        n.orgs.map((o: any) => o.orgName).join('、'),
      ]),
    ]);
    expect(gaps!.column('问题')).toContain('重复包保');
    expect(gaps!.column('问题')).toContain('未包保');
    expect(summary!.ws.headerFooter.oddHeader).toContain(`判定日期 2026-11-20`);
    // A street: one summary row per community of it.
    const street = (await tn.clients.street_admin.get(`/api/coverage/status?areaId=${tn.areas.street.id}`))
      .body;
    const [perCommunity] = await exported(
      tn.clients.street_admin,
      `/api/excel/coverage-status/export?areaId=${tn.areas.street.id}`,
    );
    expect(perCommunity!.column('社区')).toEqual(street.communities.map((x: any) => x.community.name));
  });

  it('refuses the status export as the status report refuses it', async () => {
    const q = `areaId=${tn.areas.community.id}`;
    for (const [c, code] of [
      [tn.clients.outsideStreetAdmin, 400],
      [tn.clients.unit_admin, 403],
      [tn.clients.member, 403],
      [tn.clients.resident, 403],
    ] as const) {
      const report = await c.get(`/api/coverage/status?${q}`);
      const res = await download(c, `/api/excel/coverage-status/export?${q}`);
      expect(report.status).toBe(code);
      expect(res.status).toBe(code);
    }
    for (const bad of ['', 'areaId=x', `areaId=${tn.areas.zone.id}`, `${q}&on=yesterday`])
      expect(
        (await download(tn.clients.street_admin, `/api/excel/coverage-status/export?${bad}`)).status,
        bad,
      ).toBe(400);
  });

  it('exports the visit coverage: figures, organisations not visited and visited, demands, targets', async () => {
    const c = tn.clients.street_admin;
    const q = `areaId=${tn.areas.community.id}&from=2026-11-01&to=2026-11-20`;
    const v = (await c.get(`/api/coverage/visits?${q}`)).body;
    expect(v).toMatchObject({ twoNewTotal: 3, visited: 2, visits: 3 });
    const [summary, unvisited, visited, demands, targets] = await exported(
      c,
      `/api/excel/coverage-visits/export?${q}`,
    );
    expect([summary, unvisited, visited, demands, targets].map((s) => s?.name)).toEqual([
      '概况',
      '未走访的两新组织',
      '已走访的两新组织',
      '需求类别',
      '走访对象',
    ]);
    const [to, by] = ['走访本辖区组织', '本辖区干部的走访'];
    expect(summary!.rows).toEqual([
      ['范围', v.area.name, ''],
      ['开始日期', '2026-11-01', ''],
      ['结束日期', '2026-11-20', ''],
      ['两新组织', '3', to],
      ['已走访', '2', to],
      ['未走访', '1', to],
      ['两新组织走访覆盖率', `${v.sharePercent}%`, to],
      ['走访家次（两新组织）', '3', to],
      ['干部走访家次', String(v.appointeeVisits), by],
      ['收集需求', String(v.demands), by],
      ['有需求的走访', String(v.visitsWithDemands), by],
    ]);
    expect(unvisited!.rows).toEqual(v.unvisited.map((u: any) => [u.name, '非公企业', u.areaName]));
    expect(unvisited!.column('组织名称')).toEqual([`晨光咨询有限公司-${tn.tag}`]);
    expect(visited!.rows.map((r) => [r[0], r[3]])).toEqual(
      v.visitedUnits.map((u: any) => [u.name, String(u.visits)]),
    );
    expect(visited!.column('走访次数').sort()).toEqual(['1', '2']);
    expect(new Set(visited!.column('类型'))).toEqual(new Set(['非公企业', '社会组织']));
    expect(demands!.rows).toEqual(v.demandsByCategory.map((d: any) => [d.labelZh, String(d.visits)]));
    expect(demands!.rows).toContainEqual(['招聘', '2']);
    expect(targets!.rows).toEqual(
      v.byTargetType.map((x: any) => [
        { household: '居民户', unit: '驻区单位', two_new_org: '两新组织' }[x.targetType as string],
        String(x.visits),
      ]),
    );
    // English, and the report's refusals.
    c.lang = 'en';
    try {
      const book = await exported(c, `/api/excel/coverage-visits/export?${q}`);
      expect(book.map((s) => s.name)).toEqual([
        'Summary',
        'Not visited',
        'Visited',
        'Demands by category',
        'Visits by target',
      ]);
      for (const s of book) expect(s.headers.join(''), s.name).not.toMatch(/[\u4e00-\u9fff]/);
      expect(book[3]!.column('Category')).toContain('Recruitment');
      expect(book[0]!.column('Item')).toContain('Share visited');
      const status = await exported(c, `/api/excel/coverage-status/export?areaId=${tn.areas.community.id}`);
      expect(status.map((s) => s.name)).toEqual([
        'Summary',
        'Buildings',
        'Organisations',
        'Gaps and overlaps',
      ]);
      for (const s of status) expect(s.headers.join(''), s.name).not.toMatch(/[\u4e00-\u9fff]/);
      expect(status[1]!.column('Building heads')).toContain('No building head');
      const assignments = await exported(c, '/api/excel/coverage-assignments/export');
      expect(assignments[0]!.headers[0]).toBe('Organisation');
      expect(assignments[0]!.column('Level')).toContain('Compound');
    } finally {
      c.lang = 'zh-CN';
    }
    for (const [x, code] of [
      [tn.clients.outsideStreetAdmin, 400],
      [tn.clients.unit_admin, 403],
      [tn.clients.resident, 403],
    ] as const) {
      expect((await x.get(`/api/coverage/visits?${q}`)).status).toBe(code);
      expect((await download(x, `/api/excel/coverage-visits/export?${q}`)).status).toBe(code);
    }
    const backwards = await download(
      c,
      `/api/excel/coverage-visits/export?areaId=${tn.areas.community.id}&from=2026-11-20&to=2026-11-01`,
    );
    expect(backwards.status).toBe(400);
    expect(JSON.parse(backwards.buf.toString()).error.details[0].path).toBe('to');
    expect(
      (await download(c, `/api/excel/coverage-visits/export?areaId=${tn.areas.community.id}`)).status,
    ).toBe(400);
  });
});
