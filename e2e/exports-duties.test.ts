import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, pickAreaNode, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';
import { exportFrom } from './workbook.ts';

/** Unique per run: the server is shared by every test file. */
const tag = String(Date.now()).slice(-6);
const UNIT = `看板导出派出单位${tag}`;
const SECOND = `导出二书记${tag}`;
const FIRST = `导出一书记${tag}`;
const COMMUNITY = `导出社区${tag}`;
const BRANCH = `导出包保支部${tag}`;
const FIRM = `导出两新企业${tag}`;
const IDLE_FIRM = `未走访企业${tag}`;

interface Created {
  id: number;
}

describe('导出 on the duty and coverage screens: the file holds what the screen shows', () => {
  const desk = useDesk();
  const today = localDate(new Date());

  beforeAll(async () => {
    const base = inject('baseUrl');
    const { panyuanId, changxingId } = inject('fixture');
    const district = new ApiClient(base);
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    const community = new ApiClient(base);
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const street = new ApiClient(base);
    await street.login(ACCOUNTS.street_admin.username, E2E_PASSWORD);

    // Two appointees sent by a unit of this file to 潘园社区: a second and a first secretary.
    const unit = await district.call<Created>('POST', '/units', {
      areaId: panyuanId,
      name: UNIT,
      type: 'agency',
    });
    const orgs = await district.call<{ data: (Created & { name: string })[] }>(
      'GET',
      `/orgs?q=${encodeURIComponent('潘园社区党总支')}`,
    );
    const branch = orgs.data.find((o) => o.name === '潘园社区党总支');
    const kinds = await district.call<{ data: (Created & { code: string })[] }>(
      'GET',
      '/appointment-kinds?pageSize=100',
    );
    const kindId = (code: string) => kinds.data.find((k) => k.code === code)?.id;
    if (!branch) throw new Error('fixture is missing the branch');
    const appoint = async (name: string, kind: string, extra: Record<string, unknown> = {}) => {
      const member = await district.call<Created>('POST', '/members', {
        areaId: panyuanId,
        name,
        gender: 'male',
        idNumber: idNumber('19780511'),
        category: 'in_service',
        unitId: unit.id,
      });
      return community.call<Created>('POST', '/appointments', {
        kindId: kindId(kind),
        memberId: member.id,
        sendingUnitId: unit.id,
        receivingOrgId: branch.id,
        termStart: addDays(today, -120),
        ...extra,
      });
    };
    const second = await appoint(SECOND, 'second_secretary');
    await appoint(FIRST, 'first_secretary', { termEnd: addDays(today, 600) });
    for (let i = 1; i <= 3; i++)
      await community.call('POST', '/work-logs', {
        appointmentId: second.id,
        kind: 'contact',
        occurredAt: `${addDays(today, -7 * i)}T09:00:00+08:00`,
        content: `看板导出：第 ${i} 次联系村居`,
      });
    // Two exemption requests for the second secretary: a leave approved, an illness waiting.
    const choices = await community.call<{
      rules: { ruleCode: string; periods: { key: string; current: boolean; from: string }[] }[];
    }>('GET', `/duty-exemptions/choices?appointmentId=${second.id}`);
    const weekly = choices.rules.find((r) => r.ruleCode === 'ss_weekly_contact');
    const monthly = choices.rules.find((r) => r.ruleCode === 'ss_monthly_onsite_day');
    const week = weekly?.periods.find((p) => p.from > today);
    const month = monthly?.periods.find((p) => p.from > today);
    if (!week || !month) throw new Error('no coming period to ask for');
    const leave = await community.call<Created>('POST', '/duty-exemptions', {
      appointmentId: second.id,
      ruleCode: 'ss_weekly_contact',
      periodKey: week.key,
      reasonKind: 'leave',
      reason: '外出培训一周',
    });
    await community.call('POST', `/duty-exemptions/${leave.id}/approve`, {});
    await community.call('POST', '/duty-exemptions', {
      appointmentId: second.id,
      ruleCode: 'ss_monthly_onsite_day',
      periodKey: month.key,
      reasonKind: 'illness',
    });

    // A community of this file: one compound held by a branch, a second compound nobody holds,
    // a building head in 1栋, and a cross-appointed secretary who visits one of two firms.
    let serial = 0;
    const area = (parentId: number, level: string, name: string) =>
      street.call<Created>('POST', '/areas', { parentId, level, code: `xp-${tag}-${++serial}`, name });
    const c = await area(changxingId, 'community', COMMUNITY);
    const zone = await area(c.id, 'zone', '南片区');
    const held = await area(zone.id, 'compound', '春晖苑');
    const free = await area(zone.id, 'compound', '秋实里');
    const b1 = await area(held.id, 'building', '1栋');
    await area(held.id, 'building', '2栋');
    await area(free.id, 'building', '3栋');
    const coverer = await street.call<Created>('POST', '/orgs', {
      areaId: changxingId,
      unitId: unit.id,
      type: 'branch',
      name: BRANCH,
    });
    await street.call('POST', '/coverage/assignments', {
      orgId: coverer.id,
      areaId: held.id,
      startOn: addDays(today, -10),
      note: '包保导出',
    });
    await street.call('POST', '/members', {
      areaId: b1.id,
      name: `楼栋长${tag}`,
      gender: 'female',
      idNumber: idNumber('19660203'),
      category: 'community',
      roles: ['building_head'],
    });
    const committee = await street.call<Created>('POST', '/orgs', {
      areaId: c.id,
      type: 'committee',
      name: `${COMMUNITY}党委`,
    });
    const secretary = await street.call<Created>('POST', '/members', {
      areaId: c.id,
      name: `交叉任职${tag}`,
      gender: 'female',
      idNumber: idNumber('19700101'),
      category: 'community',
    });
    const cross = await street.call<Created>('POST', '/appointments', {
      kindId: kindId('cross_appointment'),
      memberId: secretary.id,
      receivingOrgId: committee.id,
      termStart: addDays(today, -30),
    });
    const firm = await street.call<Created>('POST', '/units', {
      areaId: c.id,
      name: FIRM,
      type: 'two_new_firm',
    });
    await street.call('POST', '/units', { areaId: c.id, name: IDLE_FIRM, type: 'two_new_social' });
    for (const demandCategories of [['venue', 'training'], ['venue']])
      await street.call('POST', '/work-logs', {
        appointmentId: cross.id,
        kind: 'visit',
        occurredAt: new Date(Date.now() - 120_000).toISOString(),
        content: '走访两新组织，了解需求',
        targetType: 'two_new_org',
        targetUnitId: firm.id,
        demandCategories,
      });
  });

  it('exports 履职看板 for the sending unit picked: one row per appointee, a column per duty', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/compliance');
    await tableSettled(page);
    await formItem(page.locator('.gj-search'), '派出单位').locator('.ant-select').click();
    await page.keyboard.type(UNIT);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: UNIT })
      .first()
      .click();
    await page.waitForURL(/unit=\d+/);
    await tableSettled(page);
    const table = page.locator('.gj-table-card');
    await expect.poll(() => table.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    const shown = await row(table, SECOND).innerText();
    await shot(page, 'export-board-filtered');

    const { filename, sheets } = await exportFrom(page, table);
    // Named after the street and the quarter the board shows, not the day.
    expect(filename).toMatch(/^长兴镇-履职台账-\d{4}年第.季度\.xlsx$/);
    const [ledger, details, counts] = sheets;
    expect(sheets.map((s) => s.name)).toEqual(['履职台账', '履职明细', '按事项统计']);
    expect(ledger?.headers.slice(0, 7)).toEqual([
      '任职人',
      '任职类型',
      '派出单位',
      '接收组织',
      '接收村居',
      '任期',
      '总体状态',
    ]);
    expect(new Set(ledger?.column('任职人'))).toEqual(new Set([SECOND, FIRST]));
    expect(new Set(ledger?.column('派出单位'))).toEqual(new Set([UNIT]));
    // Both policies' duties side by side; each appointee's cells say status and figure in words,
    // as the board's tags do, and the other policy's duties read "—".
    const weekly = '五个一：每周联系村居（每周）';
    expect(ledger?.headers).toContain(weekly);
    expect(ledger?.headers).toContain('四大职责：服务社区治理（任期内）');
    const second = ledger?.rows[ledger.column('任职人').indexOf(SECOND)] ?? [];
    const first = ledger?.rows[ledger.column('任职人').indexOf(FIRST)] ?? [];
    const cell = second[ledger?.headers.indexOf(weekly) ?? -1] ?? '';
    expect(cell).toMatch(/^(已完成|有风险|未完成|未到期|已豁免) \d+\/\d+/);
    expect(shown).toContain(cell.split(' ')[0]);
    expect(first[ledger?.headers.indexOf(weekly) ?? -1]).toBe('—');
    expect(details?.column('任职人').filter((n) => n === SECOND).length).toBeGreaterThan(3);
    expect(counts?.column('履职事项').at(-1)).toBe('全部任职人（按总体状态）');
    expect(counts?.rows.at(-1)?.[2]).toBe('2');
  });

  it('exports 请假免责 as filtered: the reason kind in words', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await page.goto('/exemptions');
    await tableSettled(page);
    await page.locator('.gj-search .ant-input-search input').fill(SECOND);
    await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    await shot(page, 'export-exemptions-filtered');
    const { filename, sheets } = await exportFrom(page, page);
    expect(filename).toMatch(new RegExp(`^.+-请假免责台账-${today}\\.xlsx$`));
    const [sheet] = sheets;
    expect(sheet?.name).toBe('请假免责');
    expect(sheet?.rows).toHaveLength(2);
    expect(new Set(sheet?.column('任职人'))).toEqual(new Set([SECOND]));
    // Newest first, as the table lists them.
    expect(sheet?.column('原因')).toEqual(['病假', '请假']);
    expect(sheet?.column('状态')).toEqual(['待审批', '已批准']);
    expect(sheet?.column('说明')).toEqual(['', '外出培训一周']);
    expect(sheet?.column('免除的职责')).toEqual(['五个一：每月到村居工作一天', '五个一：每周联系村居']);
  });

  it('exports 包保情况 and 包保分工 for the community picked, and 走访覆盖 for its period', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/coverage');
    const controls = page.locator('.ant-card', { hasText: '判定日期' }).first();
    await pickAreaNode(page, controls, ['长兴镇', COMMUNITY]);
    const summary = page.getByTestId('coverage-summary');
    await expect.poll(() => summary.innerText()).toBe('包保未全覆盖：片区 0/1，小区 1/2，楼栋 2/3');
    await shot(page, 'export-coverage-status');

    const status = await exportFrom(page, controls);
    expect(status.filename).toMatch(new RegExp(`^${COMMUNITY}-包保情况台账-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    expect(status.sheets.map((s) => s.name)).toEqual([
      '概况',
      '楼栋包保与楼栋长',
      '各包保组织',
      '未包保与重复包保',
    ]);
    const [overview, buildings, orgs, gaps] = status.sheets;
    expect(overview?.column('社区')).toEqual([COMMUNITY]);
    expect(overview?.column('情况')).toEqual([await summary.innerText()]);
    expect(buildings?.rows).toEqual([
      [COMMUNITY, '南片区 / 春晖苑 / 1栋', `${BRANCH}（经小区）`, `楼栋长${tag}`],
      [COMMUNITY, '南片区 / 春晖苑 / 2栋', `${BRANCH}（经小区）`, '未设楼栋长'],
      [COMMUNITY, '南片区 / 秋实里 / 3栋', '未包保', '未设楼栋长'],
    ]);
    expect(orgs?.column('包保组织')).toEqual([BRANCH]);
    expect(orgs?.column('覆盖楼栋')).toEqual(['2']);
    expect(new Set(gaps?.column('对象'))).toEqual(
      new Set(['南片区', '南片区 / 秋实里', '南片区 / 秋实里 / 3栋']),
    );
    expect(new Set(gaps?.column('问题'))).toEqual(new Set(['未包保']));

    const list = page.locator('.ant-card', { hasText: '包保分工' }).last();
    await tableSettled(page, list);
    await expect.poll(() => list.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await list.scrollIntoViewIfNeeded();
    await shot(page, 'export-coverage-assignments');
    const assignments = await exportFrom(page, list);
    expect(assignments.filename).toMatch(new RegExp(`-包保分工台账-${today}\\.xlsx$`));
    const [sheet] = assignments.sheets;
    expect(sheet?.rows).toEqual([
      [BRANCH, UNIT, COMMUNITY, '南片区 / 春晖苑', '小区', addDays(today, -10), '', '在保', '包保导出'],
    ]);

    await page.getByRole('tab', { name: '走访覆盖' }).click();
    const visitControls = page.locator('.ant-card', { hasText: '期间' }).first();
    await pickAreaNode(page, visitControls, ['长兴镇', COMMUNITY]);
    const share = page.getByTestId('visit-share');
    await share.locator('[role=img][aria-label="两新组织走访覆盖率 50%"]').waitFor();
    await shot(page, 'export-coverage-visits');
    const visits = await exportFrom(page, visitControls);
    expect(visits.filename).toMatch(/-走访覆盖台账-.+\.xlsx$/);
    expect(visits.sheets.map((s) => s.name)).toEqual([
      '概况',
      '未走访的两新组织',
      '已走访的两新组织',
      '需求类别',
      '走访对象',
    ]);
    const [figures, unvisited, visited, demands, targets] = visits.sheets;
    const figure = (item: string) => figures?.rows.find((r) => r[0] === item)?.[1];
    expect(figure('范围')).toBe(COMMUNITY);
    expect(figure('结束日期')).toBe(today);
    expect(figure('两新组织')).toBe('2');
    expect(figure('两新组织走访覆盖率')).toBe('50%');
    expect(figure('收集需求')).toBe('3');
    expect(unvisited?.rows).toEqual([[IDLE_FIRM, '社会组织', COMMUNITY]]);
    expect(visited?.rows).toEqual([[FIRM, '非公企业', COMMUNITY, '2']]);
    expect(demands?.rows.find((r) => r[0] === '场地租赁')?.[1]).toBe('2');
    expect(demands?.rows.find((r) => r[0] === '培训')?.[1]).toBe('1');
    expect(targets?.rows).toEqual([['两新组织', '2']]);
  });
});
