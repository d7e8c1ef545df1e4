import { addDays, localDate, periodText } from '@gongjian/common';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, fakeIdNumber, type Tenant, useTestApp } from './helpers.ts';
import { download, downloadName, listAll, readSheet, uploadImport } from './workbooks.ts';

const t = useTestApp();
let tn: Tenant;
let orgC1: number;
let unitWithPhone: number;
const today = localDate(new Date());

interface Case {
  list: string;
  /** Filters given to both the list and the export. */
  query: string;
  client: () => Client;
  /** The export's column that identifies a row, and the list field it shows. */
  header: string;
  key: (row: any) => string;
  /** The first column's header in English. */
  english: string;
}

const cases: Case[] = [
  {
    list: 'areas',
    query: '',
    client: () => tn.clients.street_admin,
    header: '编码',
    key: (r) => r.code,
    english: 'Name',
  },
  {
    list: 'orgs',
    query: 'type=branch',
    client: () => tn.clients.street_admin,
    header: '组织名称',
    key: (r) => r.name,
    english: 'Name',
  },
  {
    list: 'accounts',
    query: '',
    client: () => tn.clients.street_admin,
    header: '用户名',
    key: (r) => r.username,
    english: 'Username',
  },
  {
    list: 'dictionaries',
    query: 'type=skill&includeDisabled=true',
    client: () => tn.clients.district_admin,
    header: '编码',
    key: (r) => r.code,
    english: 'Type',
  },
  {
    list: 'audit',
    query: 'entityType=party_org',
    client: () => tn.clients.street_admin,
    header: '编号',
    key: (r) => String(r.id),
    english: 'No.',
  },
  {
    list: 'appointment-kinds',
    query: 'includeDisabled=true',
    client: () => tn.clients.street_admin,
    header: '编码',
    key: (r) => r.code,
    english: 'Code',
  },
  {
    list: 'appointments',
    query: 'status=active',
    client: () => tn.clients.street_admin,
    header: '任职人',
    key: (r) => r.memberName,
    english: 'Appointee',
  },
  {
    list: 'work-programmes',
    query: '',
    client: () => tn.clients.street_admin,
    header: '标题',
    key: (r) => r.title,
    english: 'Title',
  },
  {
    list: 'batches',
    query: 'status=nominating',
    client: () => tn.clients.street_admin,
    header: '标题',
    key: (r) => r.title,
    english: 'Title',
  },
  {
    list: 'work-logs',
    query: 'kind=contact',
    client: () => tn.clients.street_admin,
    header: '内容',
    key: (r) => r.content,
    english: 'When',
  },
];

beforeAll(async () => {
  tn = await createTenant(t);
  const admin = tn.clients.district_admin;
  const org = async (areaId: number, name: string, type = 'branch') => {
    const res = await admin.post('/api/orgs', { areaId, type, name: `${name}-${tn.tag}` });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  orgC1 = await org(tn.areas.community.id, 'C1党支部');
  await org(tn.areas.community2.id, 'C2党支部');
  await org(tn.areas.community2.id, 'C2第二党支部');
  await org(tn.areas.community.id, 'C1党小组', 'party_group');
  await org(tn.areas.street.id, 'S1党工委', 'street_working_committee');
  const orgC3 = await org(tn.areas.community3.id, 'C3党支部');

  const unit = await tn.clients.street_admin.post('/api/units', {
    areaId: tn.areas.community.id,
    name: `有电话的单位-${tn.tag}`,
    type: 'soe',
    contactName: '王伟',
    contactPhone: '13700137000',
  });
  expect(unit.status).toBe(201);
  unitWithPhone = unit.body.id;

  const kinds = await admin.get('/api/appointment-kinds?pageSize=100');
  const kind = (code: string) => kinds.body.data.find((k: { code: string }) => k.code === code).id;
  const member = async (areaId: number, name: string) => {
    const res = await admin.post('/api/members', {
      areaId,
      name,
      gender: 'male',
      idNumber: fakeIdNumber(),
      category: 'in_service',
      unitId: tn.inside.unitId,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const appoint = async (memberId: number, receivingOrgId: number, days: number) => {
    const res = await admin.post('/api/appointments', {
      kindId: kind('building_head'),
      memberId,
      receivingOrgId,
      termStart: addDays(today, -days),
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  await appoint(await member(tn.areas.building.id, '楼栋长甲'), orgC1, 30);
  await appoint(await member(tn.areas.building.id, '楼栋长乙'), orgC1, 20);
  await appoint(await member(tn.areas.compound.id, '楼栋长丙'), orgC1, 10);
  await appoint(tn.outside.memberId, orgC3, 5);
  const secretary = await admin.post('/api/appointments', {
    kindId: kind('second_secretary'),
    memberId: tn.inside.memberId,
    sendingUnitId: tn.inside.unitId,
    receivingOrgId: orgC1,
    termStart: addDays(today, -60),
  });
  expect(secretary.status).toBe(201);
  for (const [i, content] of ['电话联系村居一', '电话联系村居二', '电话联系村居三'].entries()) {
    const log = await tn.clients.member.post('/api/work-logs', {
      appointmentId: secretary.body.id,
      kind: 'contact',
      occurredAt: `${addDays(today, -i - 1)}T10:00:00+08:00`,
      content,
    });
    expect(log.status).toBe(201);
  }
  const visit = await tn.clients.member.post('/api/work-logs', {
    appointmentId: secretary.body.id,
    kind: 'visit',
    occurredAt: `${addDays(today, -1)}T15:00:00+08:00`,
    targetType: 'unit',
    targetUnitId: tn.inside.unitId,
    content: '走访驻区单位',
    demandCategories: ['social', 'recruitment'],
  });
  expect(visit.status).toBe(201);

  // One programme per area, kind and year.
  const programme = async (areaId: number, title: string, year: number, c = tn.clients.street_admin) => {
    const res = await c.post('/api/work-programmes', {
      areaId,
      kindId: kind('second_secretary'),
      year,
      title: `${title}-${tn.tag}`,
      conditions: [
        { type: 'max_age', years: 55 },
        { type: 'category_in', categories: ['in_service'] },
      ],
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const p1 = await programme(tn.areas.street.id, '第一方案', 2026);
  await programme(tn.areas.street.id, '第二方案', 2025);
  await programme(tn.areas.street.id, '第三方案', 2024);
  const p4 = await programme(tn.areas.street2.id, '外街方案', 2026, tn.clients.outsideStreetAdmin);
  for (const title of ['第一批', '第二批', '第三批']) {
    const res = await tn.clients.street_admin.post('/api/batches', {
      programmeId: p1,
      title: `${title}-${tn.tag}`,
    });
    expect(res.status).toBe(201);
  }
  const outside = await tn.clients.outsideStreetAdmin.post('/api/batches', {
    programmeId: p4,
    title: `外街批次-${tn.tag}`,
  });
  expect(outside.status).toBe(201);
});

describe('each list exports exactly what it lists', () => {
  for (const c of cases) {
    it(`the ${c.list} export holds the list's rows for the same filters, in the list's order`, async () => {
      const client = c.client();
      const listed = await listAll(client, c.list, c.query);
      expect(listed.length).toBeGreaterThanOrEqual(3);
      const res = await download(client, `/api/excel/${c.list}/export?${c.query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      expect(res.headers.get('content-disposition')).toContain(`${c.list}-${today}.xlsx`);
      const sheet = await readSheet(res.buf);
      expect(sheet.rows).toHaveLength(listed.length);
      expect(sheet.column(c.header)).toEqual(listed.map(c.key));
    });
  }

  it('an export holds every row of a list longer than one page of the export', async () => {
    // A committed import writes one audit event per member: 1,100 of them overflow the export's
    // 1,000-row pages.
    const c = tn.clients.community_admin;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员');
    ws.addRow(['姓名*', '性别*', '身份证号*', '居住区域编码*', '党员分类*']);
    for (let i = 0; i < 1100; i++)
      ws.addRow([`导入党员${i}`, '女', fakeIdNumber(), `community-${tn.tag}-C1`, '在职党员（特长式）']);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'members.xlsx');
    const staged = await fetch(`${t.url}/api/excel/members/imports`, {
      method: 'POST',
      headers: { cookie: c.cookie ?? '', 'x-csrf-token': c.csrfToken ?? '' },
      body: form,
    });
    const preview = (await staged.json()) as { id: string; valid: number };
    expect(preview.valid).toBe(1100);
    expect((await c.post(`/api/excel/imports/${preview.id}/commit`, { mode: 'all' })).status).toBe(200);

    const query = 'entityType=member&action=create';
    const listed: number[] = [];
    for (let page = 1; ; page++) {
      const res = await c.get(`/api/audit?${query}&page=${page}&pageSize=200`);
      listed.push(...res.body.data.map((e: { id: number }) => e.id));
      if (listed.length >= res.body.total) break;
    }
    expect(listed.length).toBeGreaterThanOrEqual(1100);
    const sheet = await readSheet((await download(c, `/api/excel/audit/export?${query}`)).buf);
    expect(sheet.column('编号').map(Number)).toEqual(listed);
  });
});

describe('labels, dates and languages', () => {
  it('codes are written as labels and times as Beijing wall-clock time', async () => {
    const c = tn.clients.street_admin;
    const accounts = await readSheet((await download(c, '/api/excel/accounts/export')).buf);
    expect(accounts.name).toBe('账号');
    expect(accounts.column('角色')).toContain('社区书记');
    expect(accounts.column('状态')).toContain('启用');
    const appointments = await readSheet((await download(c, '/api/excel/appointments/export')).buf);
    expect(new Set(appointments.column('状态'))).toEqual(new Set(['在任']));
    expect(appointments.column('任职类型')).toContain('楼栋长');
    expect(appointments.column('任职类型')).toContain('第二书记');
    const orgs = await readSheet((await download(c, '/api/excel/orgs/export')).buf);
    expect(orgs.column('组织类型')).toContain('街道党工委');
    const areas = await readSheet(
      (await download(c, `/api/excel/areas/export?within=${tn.areas.zone.id}`)).buf,
    );
    expect(areas.column('层级')).toEqual(['片区', '小区', '楼栋']);
    // The place of each node names the nodes above it, the district included.
    expect(areas.column('上级区划')[2]).toBe(
      [tn.areas.district, tn.areas.street, tn.areas.community, tn.areas.zone, tn.areas.compound]
        .map((a) => a.name)
        .join(' / '),
    );
    const audit = await readSheet((await download(c, '/api/excel/audit/export?entityType=party_org')).buf);
    expect(audit.column('时间').every((v) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v))).toBe(true);
    expect(audit.column('操作')).toContain('新建');
    expect(audit.column('对象类型')).toContain('党组织');
    const logs = await readSheet((await download(c, '/api/excel/work-logs/export')).buf);
    const visit = logs.column('类型').indexOf('走访');
    expect(visit).toBeGreaterThanOrEqual(0);
    expect(logs.column('需求类别')[visit]).toBe('白领联谊、招聘');
    expect(logs.column('状态')[visit]).toBe('待确认');
    expect(logs.column('时间')[visit]).toBe(`${addDays(today, -1)} 15:00`);
    const programmes = await readSheet((await download(c, '/api/excel/work-programmes/export')).buf);
    expect(programmes.column('人选条件（自动审查）')[0]).toBe(
      '年龄上限 ≤ 55 周岁\n党员分类限定：在职党员（特长式）',
    );
    const batches = await readSheet((await download(c, '/api/excel/batches/export')).buf);
    expect(new Set(batches.column('状态'))).toEqual(new Set(['人选推荐']));
    expect(new Set(batches.column('任职类型'))).toEqual(new Set(['第二书记']));
  });

  it('English callers get English headers, sheet names and labels', async () => {
    const c = tn.clients.street_admin;
    const callers = [c, tn.clients.district_admin];
    for (const x of callers) x.lang = 'en';
    try {
      for (const x of cases) {
        const res = await download(x.client(), `/api/excel/${x.list}/export?${x.query}`);
        expect(res.status).toBe(200);
        const sheet = await readSheet(res.buf);
        expect(sheet.headers[0], x.list).toBe(x.english);
        expect(sheet.headers.join('')).not.toMatch(/[\u4e00-\u9fff]/);
      }
      const accounts = await readSheet((await download(c, '/api/excel/accounts/export')).buf);
      expect(accounts.name).toBe('Accounts');
      expect(accounts.headers).toEqual([
        'Username',
        'Display name',
        'Role',
        'Area',
        'Status',
        'Last sign-in',
        'Created',
      ]);
      expect(accounts.column('Role')).toContain('Community secretary');
      const appointments = await readSheet((await download(c, '/api/excel/appointments/export')).buf);
      expect(new Set(appointments.column('Status'))).toEqual(new Set(['Active']));
      expect(appointments.column('Kind')).toContain('Second secretary');
      const logs = await readSheet((await download(c, '/api/excel/work-logs/export?kind=visit')).buf);
      expect(logs.column('Demand categories')).toEqual(['Social events, Recruitment']);
    } finally {
      for (const x of callers) x.lang = 'zh-CN';
    }
  });
});

describe('scope', () => {
  it('another street’s admin gets none of this street’s rows, or the list’s own refusal', async () => {
    const outside = tn.clients.outsideStreetAdmin;
    for (const c of cases) {
      const inside = await listAll(c.client(), c.list, c.query);
      const list = await outside.get(`/api/${c.list}?${c.query}&pageSize=200`);
      const res = await download(outside, `/api/excel/${c.list}/export?${c.query}`);
      expect(res.status, c.list).toBe(list.status);
      if (res.status !== 200) continue;
      const exported = (await readSheet(res.buf)).column(c.header);
      expect(exported, c.list).toEqual(list.body.data.map(c.key));
      // Settings of the shared district (dictionaries, kinds) are the same for both streets.
      if (c.list === 'dictionaries' || c.list === 'appointment-kinds') continue;
      const mine = new Set(exported);
      expect(
        inside.map(c.key).filter((k) => mine.has(k)),
        c.list,
      ).toEqual([]);
    }
  });

  it('a filter naming another street’s node is refused as the list refuses it', async () => {
    const outside = tn.clients.outsideStreetAdmin;
    for (const list of ['areas', 'orgs', 'appointments', 'work-programmes', 'work-logs']) {
      const q = `within=${tn.areas.street.id}`;
      const listed = await outside.get(`/api/${list}?${q}`);
      const res = await download(outside, `/api/excel/${list}/export?${q}`);
      expect(res.status, list).toBe(listed.status);
      expect(JSON.parse(res.buf.toString())).toEqual(listed.body);
      // The tree answers 404 for a node out of sight; the registries call it a bad filter.
      expect(res.status, list).toBe(list === 'areas' ? 404 : 400);
    }
  });

  it('roles that cannot read a list cannot export it (403, as the list)', async () => {
    for (const role of ['member', 'resident', 'unit_admin'] as const) {
      for (const c of cases) {
        const client = tn.clients[role];
        const list = await client.get(`/api/${c.list}?${c.query}`);
        const res = await download(client, `/api/excel/${c.list}/export?${c.query}`);
        expect(res.status, `${role} ${c.list}`).toBe(list.status);
      }
    }
    for (const list of ['audit', 'accounts', 'orgs', 'work-programmes', 'batches']) {
      expect((await download(tn.clients.resident, `/api/excel/${list}/export`)).status, list).toBe(403);
    }
  });

  it('the platform admin names a district for its settings lists, as for the lists', async () => {
    const p = tn.clients.platform;
    for (const list of ['dictionaries', 'appointment-kinds']) {
      const bare = await download(p, `/api/excel/${list}/export`);
      expect(bare.status).toBe(400);
      expect(JSON.parse(bare.buf.toString()).error.details[0].path).toBe('districtId');
      const named = await download(p, `/api/excel/${list}/export?districtId=${tn.areas.district.id}`);
      expect(named.status).toBe(200);
      const listed = await p.get(`/api/${list}?districtId=${tn.areas.district.id}&pageSize=200`);
      expect((await readSheet(named.buf)).rows).toHaveLength(listed.body.total);
    }
  });

  it('bad filters are refused with the list schema’s field errors', async () => {
    const c = tn.clients.street_admin;
    const order = await download(c, '/api/excel/audit/export?from=2026-03-01&to=2026-02-01');
    expect(order.status).toBe(400);
    expect(JSON.parse(order.buf.toString()).error.details[0].path).toBe('to');
    expect((await download(c, '/api/excel/appointments/export?status=asleep')).status).toBe(400);
    expect((await download(c, '/api/excel/work-logs/export?from=yesterday')).status).toBe(400);
  });
});

describe('phone and ID numbers', () => {
  it('the audit trail and its export keep phone numbers masked, even for an admin asking to reveal', async () => {
    const c = tn.clients.street_admin;
    const query = `entityType=unit&entityId=${unitWithPhone}`;
    const stored = await t.database.pool.query(
      `select after from audit_events where entity_type = 'unit' and entity_id = $1 and action = 'create'`,
      [String(unitWithPhone)],
    );
    expect(stored.rows[0].after.contactPhone).toBe('137****7000');
    const masked = await readSheet((await download(c, `/api/excel/audit/export?${query}`)).buf);
    const after = masked.column('变更后').join('\n');
    expect(after).toContain('contactPhone: 137****7000');
    expect(after).not.toContain('13700137000');
    // Events written before the trail masked numbers are masked on the way out too.
    await t.database.pool.query(
      `insert into audit_events (action, entity_type, entity_id, area_id, summary, after)
       values ('update', 'unit', $1, $2, 'legacy', '{"contactPhone":"13700137001","idNumber":"310230198503121234"}')`,
      [String(unitWithPhone), tn.areas.community.id],
    );
    const before = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'reveal'`,
    );
    // The trail's export does not take `reveal` at all: asking for it is refused by name.
    expect((await download(c, `/api/excel/audit/export?${query}&reveal=true`)).status).toBe(400);
    const res = await download(c, `/api/excel/audit/export?${query}`);
    expect(res.status).toBe(200);
    const text = (await readSheet(res.buf)).column('变更后').join('\n');
    expect(text).toContain('contactPhone: 137****7001');
    expect(text).toContain('idNumber: 310230********1234');
    expect(text).not.toContain('13700137001');
    // Nothing was revealed, so nothing is recorded as a reveal.
    const later = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'reveal'`,
    );
    expect(later.rows[0].n).toBe(before.rows[0].n);
  });

  it('a role that may not reveal is refused before anything is written, and lists without PII refuse reveal', async () => {
    const before = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'reveal'`,
    );
    expect((await download(tn.clients.unit_admin, '/api/excel/members/export?reveal=true')).status).toBe(403);
    expect((await download(tn.clients.member, '/api/excel/members/export?reveal=true')).status).toBe(403);
    const orgs = await download(tn.clients.street_admin, '/api/excel/orgs/export?reveal=true');
    expect(orgs.status).toBe(400);
    expect(JSON.parse(orgs.buf.toString()).error.details.map((d: { path: string }) => d.path)).toEqual([
      'reveal',
    ]);
    const after = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'reveal'`,
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('the other registries still export as before', () => {
  it('members, residents and units keep their import-template headers', async () => {
    const c = tn.clients.community_admin;
    const members = await readSheet((await download(c, '/api/excel/members/export')).buf);
    expect(members.headers.slice(0, 5)).toEqual([
      '姓名*',
      '性别*',
      '身份证号*',
      '手机号',
      '居住区域（编码或名称路径）*',
    ]);
    expect(members.headers.at(-1)).toBe('备注');
    const residents = await readSheet((await download(c, '/api/excel/residents/export')).buf);
    expect(residents.headers).toEqual([
      '姓名*',
      '性别',
      '身份证号',
      '手机号',
      '所属区域（编码或名称路径）*',
      '住址',
      // The employer (issue 8 §5): a resident who is not a member can work for a sending unit.
      '工作单位',
      '备注',
    ]);
    const units = await readSheet((await download(c, '/api/excel/units/export')).buf);
    expect(units.headers).toEqual([
      '单位名称*',
      '统一社会信用代码',
      '单位类型*',
      '所在区域（编码或名称路径）*',
      '地址',
      '联系人',
      '联系电话',
      '党员人数',
      '备注',
    ]);
  });
});

describe('exports are ledgers (台账): title, filter line, sign-off, named after area and period', () => {
  const signOff = (c: string) => `制表人：${c} ${tn.tag}　　审核人：________　　制表日期：${today}`;

  it('a work-log ledger is titled and named after the area and the period, with its filters in words', async () => {
    const month = today.slice(0, 7);
    const monthText = periodText(month)['zh-CN'];
    const res = await download(
      tn.clients.street_admin,
      `/api/excel/work-logs/export?kind=contact&period=${month}`,
    );
    expect(res.status).toBe(200);
    const street = tn.areas.street.name;
    expect(res.headers.get('content-disposition')).toContain(`filename="work-logs-${month}.xlsx"`);
    expect(downloadName(res.headers)).toBe(`${street}-工作纪实台账-${monthText}.xlsx`);
    const sheet = await readSheet(res.buf);
    expect(sheet.title).toBe(`${street} ${monthText} 工作纪实台账`);
    expect(sheet.filter).toBe(`筛选条件：类型：联系村居；期间：${monthText}`);
    expect(sheet.footer).toBe(signOff('street_admin'));
    // Printed on A4 with the header row repeated and frozen under the title and the filter.
    expect(sheet.ws.pageSetup.paperSize).toBe(9);
    expect(sheet.ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(sheet.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.headers[0]).toBe('时间');
  });

  it('a registry ledger names its filters (area, keyword, dictionary labels) and is named after the day', async () => {
    const c = tn.clients.community_admin;
    const community = tn.areas.community.name;
    const res = await download(
      c,
      `/api/excel/members/export?q=${encodeURIComponent('党员')}&within=${tn.areas.community.id}&category=in_service`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="members-${today}.xlsx"`);
    expect(downloadName(res.headers)).toBe(`${community}-党员台账-${today}.xlsx`);
    const sheet = await readSheet(res.buf);
    expect(sheet.title).toBe(`${community} 党员台账`);
    expect(sheet.filter).toBe(`筛选条件：关键词：“党员”；范围：${community}；党员分类：在职党员（特长式）`);
    expect(sheet.footer).toBe(signOff('community_admin'));
    expect(sheet.rows.length).toBeGreaterThan(0);
  });

  it('an unfiltered ledger says 全部, a status reads as its label, a date range names the period', async () => {
    const c = tn.clients.street_admin;
    const units = await readSheet((await download(c, '/api/excel/units/export')).buf);
    expect(units.title).toBe(`${tn.areas.street.name} 单位台账`);
    expect(units.filter).toBe('筛选条件：全部');
    const appointments = await readSheet(
      (await download(c, '/api/excel/appointments/export?status=active')).buf,
    );
    expect(appointments.filter).toBe('筛选条件：状态：在任');
    const res = await download(
      tn.clients.district_admin,
      '/api/excel/audit/export?entityType=party_org&from=2026-11-01&to=2026-11-30',
    );
    expect(downloadName(res.headers)).toBe(`${tn.areas.district.name}-审计日志台账-2026年11月.xlsx`);
    const audit = await readSheet(res.buf);
    expect(audit.title).toBe(`${tn.areas.district.name} 2026年11月 审计日志台账`);
    expect(audit.filter).toBe('筛选条件：对象类型：党组织；起始：2026-11-01；截止：2026-11-30');
  });

  it('English callers get English titles, filter lines and sign-offs', async () => {
    const c = tn.clients.community_admin;
    c.lang = 'en';
    try {
      const community = tn.areas.community.name;
      const res = await download(
        c,
        `/api/excel/members/export?within=${tn.areas.community.id}&gender=female`,
      );
      expect(downloadName(res.headers)).toBe(`${community}-Party member ledger-${today}.xlsx`);
      const sheet = await readSheet(res.buf);
      expect(sheet.title).toBe(`Party member ledger — ${community}`);
      expect(sheet.filter).toBe(`Filters: Within: ${community}; Gender: female`);
      expect(sheet.footer).toBe(
        `Prepared by: community_admin ${tn.tag}    Reviewed by: ________    Date: ${today}`,
      );
      const units = await readSheet((await download(c, '/api/excel/units/export')).buf);
      expect(units.filter).toBe('Filters: all');
    } finally {
      c.lang = 'zh-CN';
    }
  });

  it('an exported registry ledger re-imports with nothing changed: title, filter and sign-off are not rows', async () => {
    for (const entity of ['units', 'residents']) {
      const c = tn.clients.street_admin;
      const res = await download(c, `/api/excel/${entity}/export`);
      const sheet = await readSheet(res.buf);
      expect(sheet.rows.length, entity).toBeGreaterThan(0);
      const again = await uploadImport(c, entity, res.buf, downloadName(res.headers) ?? 'x.xlsx');
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body, entity).toMatchObject({
        total: sheet.rows.length,
        invalid: 0,
        creates: 0,
        updates: 0,
        unchanged: sheet.rows.length,
      });
    }
  });
});
