import { PassThrough } from 'node:stream';
import { creditCodeWithCheck, idNumberWithCheck } from '@gongjian/common';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_PASSWORD } from './constants.ts';
import {
  type Client,
  createTenant,
  fakeIdNumber,
  type Tenant,
  uid,
  unitInAnotherDistrict,
  useTestApp,
} from './helpers.ts';
import { readSheet as readLedger } from './workbooks.ts';

const t = useTestApp();
let tn: Tenant;
/** Area codes of the tenant's nodes, by the names createTenant gives them. */
let code: Record<'community' | 'community2' | 'compound' | 'building' | 'street' | 'community3', string>;

type Cell = string | number | Date | null | undefined;

/** Build an .xlsx in memory: one sheet, a header row, then the rows (objects keyed by header). */
async function xlsx(headers: string[], rows: Record<string, Cell>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The same, written by exceljs' streaming writer with inline strings (as many tools write
 * large files): every cell's text sits in the sheet itself, not in a shared-strings table.
 */
async function xlsxInline(headers: string[], rows: Record<string, Cell>[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers).commit();
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null)).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** Upload a file as the web does: multipart, session cookie, CSRF header. */
async function upload(c: Client, entity: string, body: Buffer | string, fileName = 'import.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([body]), fileName);
  const headers: Record<string, string> = { 'accept-language': c.lang };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrfToken) headers['x-csrf-token'] = c.csrfToken;
  const res = await fetch(`${c.baseUrl}/api/excel/${entity}/imports`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** GET a download; the body as bytes. */
async function download(c: Client, path: string) {
  const headers: Record<string, string> = { 'accept-language': c.lang };
  if (c.cookie) headers.cookie = c.cookie;
  const res = await fetch(`${c.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

/** The first sheet of a workbook as header texts and rows of display values. */
async function readSheet(buf: Buffer, sheet = 1) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[sheet - 1]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return { wb, ws, headers: rows[0] ?? [], rows: rows.slice(1) };
}

const MEMBER_HEADERS = [
  '姓名*',
  '性别*',
  '身份证号*',
  '手机号',
  '居住区域（编码或名称路径）*',
  '党员分类*',
  '入党日期',
  '工作单位',
  '所属党组织',
  '特长',
  '岗位',
  '备注',
];

/** A valid member row living in building B1 (the C1 subtree). */
function memberRow(o: Record<string, Cell> = {}): Record<string, Cell> {
  return {
    '姓名*': `导入${uid()}`,
    '性别*': '男',
    '身份证号*': fakeIdNumber(),
    手机号: '13812345678',
    '居住区域（编码或名称路径）*': code.building,
    '党员分类*': '在职党员（特长式）',
    入党日期: '2010-07-01',
    特长: '医疗保健，法律咨询',
    岗位: '楼栋长',
    ...o,
  };
}

async function commit(c: Client, id: string, mode: 'all' | 'valid_only') {
  return c.post(`/api/excel/imports/${id}/commit`, { mode });
}

/** Audit events written for one import (by the summary each row event carries). */
async function rowEvents(importId: string) {
  const res = await t.database.pool.query(
    'select action, entity_type, entity_id, before, after from audit_events where summary = $1 order by id',
    [`import:${importId}`],
  );
  return res.rows as { action: string; entity_type: string; entity_id: string; before: any; after: any }[];
}

async function eventCount(entityType: string) {
  const res = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = $1 and area_id in (select id from areas where path like $2)`,
    [entityType, `${tn.areas.district.path}%`],
  );
  return res.rows[0].n as number;
}

async function memberTotal() {
  return (await tn.clients.district_admin.get('/api/members?pageSize=1')).body.total as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  const a = tn.areas as unknown as Record<string, { code: string }>;
  code = {
    community: a.community!.code,
    community2: a.community2!.code,
    compound: a.compound!.code,
    building: a.building!.code,
    street: a.street!.code,
    community3: a.community3!.code,
  };
});

describe('templates', () => {
  it('the members template has Chinese headers, drop-downs, an example row and the caller’s areas', async () => {
    const res = await download(tn.clients.community_admin, '/api/excel/members/template');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const { wb, ws, headers, rows } = await readSheet(res.buf);
    expect(ws.name).toBe('党员');
    expect(headers).toEqual(MEMBER_HEADERS);
    expect(rows[0]?.[0]).toMatch(/^【示例】/);
    // The header notes carry the English header too.
    const note = ws.getCell('A1').note;
    expect(JSON.stringify(note)).toContain('Name');
    const dv = (ws as any).dataValidations.model as Record<string, { type: string; formulae: string[] }>;
    expect(dv.B2).toMatchObject({ type: 'list', formulae: ['"男,女"'] });
    expect(dv.F2?.type).toBe('list');
    expect(dv.F2?.formulae[0]).toContain('选项');
    expect(dv.E2?.formulae[0]).toContain('区域');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['党员', '填写说明', '选项', '区域']);
    const options = wb.getWorksheet('选项')!;
    const categories = options.getColumn(1).values.slice(2);
    expect(categories).toContain('在职党员（特长式）');
    // Residences: the community admin's communities, compounds and buildings only.
    const areaCodes = wb.getWorksheet('区域')!.getColumn(1).values.slice(2);
    expect(areaCodes).toEqual(expect.arrayContaining([code.community, code.compound, code.building]));
    expect(areaCodes).not.toContain(code.community3);
    expect(areaCodes).not.toContain(code.community2);
  });

  it('English callers get English headers, and each registry has its own template', async () => {
    const c = tn.clients.street_admin;
    c.lang = 'en';
    try {
      const res = await download(c, '/api/excel/units/template');
      expect(res.status).toBe(200);
      const { ws, headers } = await readSheet(res.buf);
      expect(ws.name).toBe('Units');
      expect(headers.slice(0, 4)).toEqual([
        'Unit name*',
        'Credit code',
        'Unit type*',
        'Area (code or name path)*',
      ]);
      const residents = await readSheet((await download(c, '/api/excel/residents/template')).buf);
      expect(residents.headers[0]).toBe('Name*');
    } finally {
      c.lang = 'zh-CN';
    }
  });

  it('roles without the registry get 403 for its template', async () => {
    expect((await download(tn.clients.resident, '/api/excel/members/template')).status).toBe(403);
    expect((await download(tn.clients.member, '/api/excel/units/template')).status).toBe(403);
    expect((await download(tn.clients.unit_admin, '/api/excel/residents/template')).status).toBe(403);
    expect((await download(tn.clients.unit_admin, '/api/excel/members/template')).status).toBe(200);
  });
});

describe('importing members', () => {
  let file: Buffer;
  let importId: string;
  let good: Record<string, Cell>[];
  const badId = `${fakeIdNumber().slice(0, 17)}`;
  const badChecksum = `${badId}${idNumberWithCheck(badId).endsWith('0') ? '1' : '0'}`;

  beforeAll(async () => {
    good = [
      memberRow(),
      memberRow({ '居住区域（编码或名称路径）*': code.compound }),
      memberRow({ '性别*': '女' }),
    ];
    file = await xlsx(MEMBER_HEADERS, [
      good[0]!,
      memberRow({ '身份证号*': badChecksum }),
      good[1]!,
      good[2]!,
      memberRow({ '党员分类*': '宇航员' }),
    ]);
  });

  it('a workbook with three good and two bad rows previews exactly the two errors on their cells', async () => {
    const res = await upload(tn.clients.community_admin, 'members', file, '党员.xlsx');
    expect(res.status).toBe(201);
    importId = res.body.id;
    expect(res.body).toMatchObject({
      entity: 'members',
      status: 'staged',
      fileName: '党员.xlsx',
      total: 5,
      valid: 3,
      invalid: 2,
      creates: 3,
      updates: 0,
      unchanged: 0,
      errorCount: 2,
    });
    expect(res.body.errors).toEqual([
      {
        row: 3,
        column: '身份证号*',
        field: 'idNumber',
        message: expect.stringContaining('身份证号码不正确'),
      },
      { row: 6, column: '党员分类*', field: 'category', message: expect.stringContaining('宇航员') },
    ]);
    const again = await tn.clients.community_admin.get(`/api/excel/imports/${importId}`);
    expect(again.status).toBe(200);
    expect(again.body.errors).toHaveLength(2);
  });

  it('a workbook whose entries are stored with data descriptors (which streaming unzip cannot walk) previews the same', async () => {
    // Re-zip the same file the way some tools write archives: entries stored, sizes after the data.
    const stored = await (await JSZip.loadAsync(file)).generateAsync({
      type: 'nodebuffer',
      compression: 'STORE',
      streamFiles: true,
    });
    const res = await upload(tn.clients.community_admin, 'members', stored, '党员.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 5, valid: 3, invalid: 2 });
    expect(res.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'idNumber'],
      [6, 'category'],
    ]);
  });

  it('the preview answers in English when asked', async () => {
    const c = tn.clients.community_admin;
    c.lang = 'en';
    try {
      const res = await c.get(`/api/excel/imports/${importId}`);
      expect(res.body.errors[0].message).toMatch(/Invalid ID number/);
      expect(res.body.errors[1].message).toMatch(/not a valid option/);
    } finally {
      c.lang = 'zh-CN';
    }
  });

  it('another account cannot see or commit the import', async () => {
    expect((await tn.clients.street_admin.get(`/api/excel/imports/${importId}`)).status).toBe(404);
    expect((await commit(tn.clients.street_admin, importId, 'valid_only')).status).toBe(404);
  });

  it('committing all is refused while rows are bad, and nothing is written', async () => {
    const before = await memberTotal();
    const res = await commit(tn.clients.community_admin, importId, 'all');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(res.body.error.details).toMatchObject({ total: 5, valid: 3, invalid: 2 });
    expect(await memberTotal()).toBe(before);
    expect(await rowEvents(importId)).toEqual([]);
  });

  it('committing the valid rows imports the three members, each audited, plus one import event', async () => {
    const before = await memberTotal();
    const res = await commit(tn.clients.community_admin, importId, 'valid_only');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'committed',
      result: { mode: 'valid_only', created: 3, updated: 0, unchanged: 0, skipped: 2 },
    });
    expect(await memberTotal()).toBe(before + 3);
    const events = await rowEvents(importId);
    expect(events.map((e) => e.action)).toEqual(['create', 'create', 'create']);
    // PII in the trail is masked, as the member service writes it.
    expect(events[0]!.after.idNumber).toContain('*');
    const batch = await t.database.pool.query(
      `select entity_type, after from audit_events where action = 'import' and entity_id = $1`,
      [importId],
    );
    expect(batch.rows).toHaveLength(1);
    expect(batch.rows[0].entity_type).toBe('member');
    expect(batch.rows[0].after).toMatchObject({ created: 3, skipped: 2 });
    // The imported values arrived as the form would have stored them.
    const list = await tn.clients.community_admin.get(
      `/api/members?q=${encodeURIComponent(String(good[0]!['姓名*']))}`,
    );
    expect(list.body.data[0]).toMatchObject({
      gender: 'male',
      category: 'in_service',
      skills: ['medical', 'legal'],
      roles: ['building_head'],
      joinDate: '2010-07-01',
      areaId: tn.areas.building.id,
    });
  });

  it('a committed import cannot be committed again', async () => {
    const res = await commit(tn.clients.community_admin, importId, 'valid_only');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IMPORT_COMMITTED');
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await eventCount('member');
    const total = await memberTotal();
    const res = await upload(tn.clients.community_admin, 'members', file);
    expect(res.body).toMatchObject({ total: 5, valid: 3, invalid: 2, creates: 0, updates: 0, unchanged: 3 });
    const done = await commit(tn.clients.community_admin, res.body.id, 'valid_only');
    expect(done.body.result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await memberTotal()).toBe(total);
    // Only the batch's own import event: no create or update events.
    expect(await eventCount('member')).toBe(before + 1);
    expect(await rowEvents(res.body.id)).toEqual([]);
  });

  it('the rejected rows come back as a workbook with the original cells and a reason column', async () => {
    const res = await download(tn.clients.community_admin, `/api/excel/imports/${importId}/rejected`);
    expect(res.status).toBe(200);
    const { headers, rows } = await readSheet(res.buf);
    expect(headers).toEqual([...MEMBER_HEADERS, '错误原因']);
    expect(rows).toHaveLength(2);
    expect(rows[0]![2]).toBe(badChecksum);
    expect(rows[0]![12]).toMatch(/^身份证号\*：身份证号码不正确/);
    expect(rows[1]![5]).toBe('宇航员');
    expect(rows[1]![12]).toContain('党员分类*');
  });

  it('a changed cell updates only that member, audited with the change', async () => {
    const changed = { ...good[1]!, 手机号: '13900001111' };
    const res = await upload(
      tn.clients.community_admin,
      'members',
      await xlsx(MEMBER_HEADERS, [good[0]!, changed]),
    );
    expect(res.body).toMatchObject({ valid: 2, creates: 0, updates: 1, unchanged: 1 });
    const done = await commit(tn.clients.community_admin, res.body.id, 'all');
    expect(done.status).toBe(200);
    expect(done.body.result).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const events = await rowEvents(res.body.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'update', before: { phone: '138****5678' } });
    expect(events[0]!.after).toEqual({ phone: '139****1111' });
  });

  it('cells are read as Excel stores them: dates, codes or labels, and blank cells keep values', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员');
    ws.addRow(['标题：党员导入']);
    ws.addRow(MEMBER_HEADERS.map((h) => h.replace('*', '')));
    const idNumber = fakeIdNumber();
    ws.addRow([
      ' 王芳 ',
      'female',
      idNumber,
      13811112222,
      code.building,
      'retired',
      new Date(Date.UTC(1990, 0, 2)),
    ]);
    ws.addRow(['数字身份证', '女', 310151198507120000, null, code.building, 'retired']);
    ws.addRow([`同号${uid()}`, '女', idNumber, null, code.building, 'retired']);
    const res = await upload(tn.clients.community_admin, 'members', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 3, valid: 1, creates: 1 });
    expect(res.body.errors).toEqual([
      { row: 4, column: '身份证号', field: 'idNumber', message: expect.stringContaining('文本格式') },
      { row: 5, column: '身份证号', field: 'idNumber', message: expect.stringContaining('第 3 行') },
    ]);
    await commit(tn.clients.community_admin, res.body.id, 'valid_only');
    const list = await tn.clients.community_admin.get(`/api/members?q=${idNumber}`);
    const m = list.body.data[0];
    expect(m).toMatchObject({ name: '王芳', gender: 'female', category: 'retired', joinDate: '1990-01-02' });
    // A later file with only the key and required cells keeps the phone and join date.
    const again = await upload(
      tn.clients.community_admin,
      'members',
      await xlsx(MEMBER_HEADERS.slice(0, 6), [
        {
          '姓名*': '王芳',
          '性别*': '女',
          '身份证号*': idNumber,
          '居住区域（编码或名称路径）*': code.building,
          '党员分类*': '离退休党员（特定式）',
        },
      ]),
    );
    expect(again.body).toMatchObject({ valid: 1, unchanged: 1 });
  });
});

describe('large files', () => {
  // Builds and reads two 3,000-row workbooks, CPU-bound: a loaded two-core runner needs more than the default 30 s.
  it('a workbook of thousands of Chinese rows reads without a garbled character', async () => {
    // Thousands of distinct Chinese strings spread the text over many inflated chunks, whose
    // boundaries fall inside characters; every label must still be recognised.
    const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
    const given = [...'伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文海东峰晨阳博'];
    const rows = Array.from({ length: 3000 }, (_, i) =>
      memberRow({
        '姓名*': `${surnames[i % surnames.length]}${given[i % given.length]}${given[(i * 7) % given.length]}${i}`,
        '身份证号*': idNumberWithCheck(
          `3101511985${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`.slice(
            0,
            17,
          ),
        ),
        备注: `第${i}号，居住在长兴镇凤凰社区${given[(i * 3) % given.length]}苑`,
      }),
    );
    const res = await upload(tn.clients.community_admin, 'members', await xlsxInline(MEMBER_HEADERS, rows));
    expect(res.status).toBe(201);
    expect(res.body.errors).toEqual([]);
    expect(res.body).toMatchObject({ total: 3000, invalid: 0 });

    // The same rows through a shared-strings table, all refused (no residence): the preview lists
    // the first thousand errors, and the rejected rows come back with every name intact.
    const noArea = rows.map((r) => ({ ...r, '居住区域（编码或名称路径）*': null }));
    const refused = await upload(tn.clients.community_admin, 'members', await xlsx(MEMBER_HEADERS, noArea));
    expect(refused.body).toMatchObject({ total: 3000, invalid: 3000, errorCount: 3000 });
    expect(refused.body.errors).toHaveLength(1000);
    const rejected = await download(
      tn.clients.community_admin,
      `/api/excel/imports/${refused.body.id}/rejected`,
    );
    const { rows: back } = await readSheet(rejected.buf);
    expect(back.map((r) => r[0])).toEqual(rows.map((r) => r['姓名*']));
    expect(back.map((r) => r[11])).toEqual(rows.map((r) => r.备注));
  }, 90_000);
});

describe('exports', () => {
  it('an export with the list’s filters re-imports with nothing changed (masked numbers included)', async () => {
    const c = tn.clients.community_admin;
    const filter = `within=${tn.areas.community.id}&category=in_service`;
    const listed = await c.get(`/api/members?${filter}&pageSize=200`);
    const res = await download(c, `/api/excel/members/export?${filter}`);
    expect(res.status).toBe(200);
    const { headers, rows } = await readLedger(res.buf);
    expect(headers).toEqual(MEMBER_HEADERS);
    expect(rows).toHaveLength(listed.body.total);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r[2]!.includes('*'))).toBe(true);
    const before = await eventCount('member');
    const again = await upload(c, 'members', res.buf);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      total: rows.length,
      invalid: 0,
      creates: 0,
      updates: 0,
      unchanged: rows.length,
    });
    const done = await commit(c, again.body.id, 'all');
    expect(done.body.result).toMatchObject({ created: 0, updated: 0 });
    expect(await eventCount('member')).toBe(before + 1);
  });

  it('a revealed export is unmasked, allowed to admins only, and audited once with the count', async () => {
    const c = tn.clients.community_admin;
    const masked = await readLedger((await download(c, '/api/excel/residents/export')).buf);
    expect(masked.rows[0]![3]).toContain('****');
    const before = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'reveal' and summary = 'export'`,
    );
    const res = await download(c, '/api/excel/residents/export?reveal=true');
    expect(res.status).toBe(200);
    const { rows } = await readLedger(res.buf);
    expect(rows.some((r) => r[3] === '13900139000')).toBe(true);
    const after = await t.database.pool.query(
      `select after from audit_events where action = 'reveal' and summary = 'export' order by id`,
    );
    expect(after.rows.length).toBe(before.rows[0].n + 1);
    expect(after.rows.at(-1).after).toMatchObject({ fields: ['phone', 'idNumber'], count: rows.length });
    // Unit admins may export their unit's members but never unmasked.
    expect((await download(tn.clients.unit_admin, '/api/excel/members/export')).status).toBe(200);
    expect((await download(tn.clients.unit_admin, '/api/excel/members/export?reveal=true')).status).toBe(403);
    expect((await download(tn.clients.resident, '/api/excel/residents/export')).status).toBe(403);
  });

  it('a revealed unit export re-imports unchanged, and units import by credit code', async () => {
    const c = tn.clients.street_admin;
    const headers = ['单位名称*', '统一社会信用代码', '单位类型*', '所在区域编码*', '联系电话', '党员人数'];
    const name = `导入单位${uid()}`;
    const creditCode = creditCode17(uid());
    const res = await upload(
      c,
      'units',
      await xlsx(headers, [
        {
          '单位名称*': name,
          统一社会信用代码: creditCode,
          '单位类型*': '医院',
          '所在区域编码*': code.community2,
          联系电话: '13700001234',
          党员人数: 12,
        },
      ]),
    );
    expect(res.body).toMatchObject({ valid: 1, creates: 1 });
    await commit(c, res.body.id, 'all');
    const listed = await c.get(`/api/units?q=${encodeURIComponent(name)}`);
    expect(listed.body.data[0]).toMatchObject({
      type: 'hospital',
      memberCount: 12,
      areaId: tn.areas.community2.id,
    });
    const exported = await download(c, `/api/excel/units/export?within=${tn.areas.street.id}&reveal=true`);
    const back = await upload(c, 'units', exported.buf);
    expect(back.body).toMatchObject({ invalid: 0, creates: 0, updates: 0 });
    expect(back.body.unchanged).toBeGreaterThanOrEqual(2);
    const masked = await download(c, `/api/excel/units/export?within=${tn.areas.street.id}`);
    expect((await upload(c, 'units', masked.buf)).body).toMatchObject({ invalid: 0, creates: 0, updates: 0 });
  });

  it('residents without an ID number match by area, name and phone, so re-imports change nothing', async () => {
    const c = tn.clients.community_admin;
    const headers = ['姓名*', '性别', '身份证号', '手机号', '所属区域编码*', '住址'];
    const name = `居民${uid()}`;
    const file = await xlsx(headers, [
      { '姓名*': name, 手机号: '13600001111', '所属区域编码*': code.building, 住址: '1 单元 101' },
      { '姓名*': name, 性别: '女', 手机号: '13600002222', '所属区域编码*': code.building },
    ]);
    const first = await upload(c, 'residents', file);
    expect(first.body).toMatchObject({ valid: 2, creates: 2 });
    await commit(c, first.body.id, 'all');
    const second = await upload(c, 'residents', file);
    expect(second.body).toMatchObject({ valid: 2, creates: 0, unchanged: 2 });
    const exported = await download(c, `/api/excel/residents/export?q=${encodeURIComponent(name)}`);
    const back = await upload(c, 'residents', exported.buf);
    expect(back.body).toMatchObject({ total: 2, invalid: 0, unchanged: 2 });
  });
});

describe('scope and bad input', () => {
  it('a street admin’s rows for another street or its records fail, each explained', async () => {
    const outsideId = (
      await t.database.pool.query('select id_number from members where id = $1', [tn.outside.memberId])
    ).rows[0].id_number as string;
    const res = await upload(
      tn.clients.street_admin,
      'members',
      await xlsx(MEMBER_HEADERS, [
        memberRow({ '居住区域（编码或名称路径）*': code.community3 }),
        memberRow({ '身份证号*': outsideId }),
        memberRow({ '居住区域（编码或名称路径）*': code.street }),
        memberRow(),
      ]),
    );
    expect(res.body).toMatchObject({ total: 4, valid: 1, invalid: 3 });
    expect(res.body.errors).toEqual([
      {
        row: 2,
        column: '居住区域（编码或名称路径）*',
        field: 'areaId',
        message: expect.stringContaining('管辖范围'),
      },
      { row: 3, column: '身份证号*', field: 'idNumber', message: expect.stringContaining('管辖范围') },
      {
        row: 4,
        column: '居住区域（编码或名称路径）*',
        field: 'areaId',
        message: expect.stringContaining('社区、小区或楼栋'),
      },
    ]);
  });

  it('a work unit anywhere in the district is accepted, for members and residents alike; another district’s is not', async () => {
    const c = tn.clients.community_admin;
    const soe = `单位B-${tn.tag}`; // sits in C3, outside the C1 admin's scope
    const foreign = await unitInAnotherDistrict(t);
    const members = await upload(
      c,
      'members',
      await xlsx(MEMBER_HEADERS, [memberRow({ 工作单位: soe }), memberRow({ 工作单位: foreign.name })]),
    );
    expect(members.body).toMatchObject({ valid: 1, invalid: 1 });
    expect(members.body.errors).toEqual([
      { row: 3, column: '工作单位', field: 'unitId', message: expect.stringContaining('不存在') },
    ]);
    await commit(c, members.body.id, 'valid_only');
    const linked = await c.get(`/api/members?unitId=${tn.outside.unitId}&within=${tn.areas.community.id}`);
    expect(linked.body.total).toBe(1);

    const headers = ['姓名*', '手机号', '所属区域编码*', '工作单位'];
    const name = `职工${uid()}`;
    const residents = await upload(
      c,
      'residents',
      await xlsx(headers, [
        { '姓名*': name, 手机号: '13600003333', '所属区域编码*': code.building, 工作单位: soe },
      ]),
    );
    expect(residents.body).toMatchObject({ valid: 1, creates: 1 });
    await commit(c, residents.body.id, 'all');
    const listed = await c.get(`/api/residents?q=${encodeURIComponent(name)}`);
    expect(listed.body.data[0]).toMatchObject({ unitId: tn.outside.unitId, unitName: soe });
    const exported = await readLedger(
      (await download(c, `/api/excel/residents/export?q=${encodeURIComponent(name)}`)).buf,
    );
    expect(exported.rows[0]![exported.headers.indexOf('工作单位')]).toBe(soe);
  });

  it('a unit admin imports its own unit’s members only, and may not add units', async () => {
    const c = tn.clients.unit_admin;
    const res = await upload(
      c,
      'members',
      await xlsx(MEMBER_HEADERS, [memberRow(), memberRow({ 工作单位: `单位B-${tn.tag}` })]),
    );
    expect(res.body).toMatchObject({ valid: 1, invalid: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 3, field: 'unitId' });
    await commit(c, res.body.id, 'valid_only');
    const units = await upload(
      c,
      'units',
      await xlsx(
        ['单位名称*', '单位类型*', '所在区域编码*'],
        [{ '单位名称*': `新单位${uid()}`, '单位类型*': '企业', '所在区域编码*': code.community }],
      ),
    );
    expect(units.body.errors[0]).toMatchObject({
      row: 2,
      column: null,
      message: expect.stringContaining('新增'),
    });
  });

  it('residents, members and roles without the registry cannot upload (403)', async () => {
    const file = await xlsx(MEMBER_HEADERS, [memberRow()]);
    expect((await upload(tn.clients.resident, 'members', file)).status).toBe(403);
    expect((await upload(tn.clients.member, 'members', file)).status).toBe(403);
    expect((await upload(tn.clients.unit_admin, 'residents', file)).status).toBe(403);
  });

  // Uploads a body over 50 MB: a loaded two-core runner needs more than the default 30 s.
  it('files that are not workbooks, headerless or without rows are refused with 400, too large with 413', async () => {
    const c = tn.clients.community_admin;
    const text = await upload(c, 'members', 'name,id\n张三,1\n', 'members.csv');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toContain('.xlsx');
    const broken = await upload(
      c,
      'members',
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(1000)]),
    );
    expect(broken.status).toBe(400);
    const huge = Buffer.alloc(51 * 1024 * 1024);
    huge.write('PK\u0003\u0004');
    const big = await upload(c, 'members', huge);
    // The one answer to a file too big, as for evidence (http/uploads.ts).
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.body.error.details[0]).toMatchObject({
      path: 'file',
      code: 'too_big',
      message: '文件不能超过 50 MB',
      params: { maxBytes: 50 * 1024 * 1024 },
    });
    const none = await c.post('/api/excel/members/imports', {});
    expect(none.status).toBe(400);
    const missing = await upload(
      c,
      'members',
      await xlsx(['姓名*', '性别*', '身份证号*'], [{ '姓名*': '张三' }]),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: any) => d.path)).toEqual(['areaId', 'category']);
    expect(missing.body.error.details[0].message).toContain('居住区域（编码或名称路径）*');
    const empty = await upload(c, 'members', await xlsx(MEMBER_HEADERS, []));
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('NO_ROWS');
    const headerless = await upload(c, 'members', await xlsx(['a', 'b'], [{ a: '1', b: '2' }]));
    expect(headerless.body.error.code).toBe('NO_HEADER');
  }, 120_000);
});

/** One registry's record, imported into C2 and then moved by a second import. */
interface MoveCase {
  entity: 'units' | 'members' | 'residents';
  auditType: string;
  headers: string[];
  /** A row for the record on area `areaCode` with this phone. */
  row(areaCode: string, phone: string): Record<string, Cell>;
  /** The account binding that follows the record: the field of the account body. */
  binding: 'unitId' | 'memberId' | 'residentId';
  role: string;
  phoneField: string;
}

function moveCases(): MoveCase[] {
  const unit = { name: `搬迁单位${uid()}`, creditCode: creditCode17(uid()) };
  const member = memberRow();
  const resident = { name: `搬迁居民${uid()}`, idNumber: fakeIdNumber() };
  return [
    {
      entity: 'units',
      auditType: 'unit',
      headers: ['单位名称*', '统一社会信用代码', '单位类型*', '所在区域编码*', '联系电话'],
      row: (area, phone) => ({
        '单位名称*': unit.name,
        统一社会信用代码: unit.creditCode,
        '单位类型*': '医院',
        '所在区域编码*': area,
        联系电话: phone,
      }),
      binding: 'unitId',
      role: 'unit_admin',
      phoneField: 'contactPhone',
    },
    {
      entity: 'members',
      auditType: 'member',
      headers: MEMBER_HEADERS,
      row: (area, phone) => ({ ...member, '居住区域（编码或名称路径）*': area, 手机号: phone }),
      binding: 'memberId',
      role: 'member',
      phoneField: 'phone',
    },
    {
      entity: 'residents',
      auditType: 'resident',
      headers: ['姓名*', '身份证号', '手机号', '所属区域编码*'],
      row: (area, phone) => ({
        '姓名*': resident.name,
        身份证号: resident.idNumber,
        手机号: phone,
        '所属区域编码*': area,
      }),
      binding: 'residentId',
      role: 'resident',
      phoneField: 'phone',
    },
  ];
}

describe('updates at commit', () => {
  it('a unit, member or resident moved by an import takes its accounts along, audited with the phone masked', async () => {
    const c = tn.clients.street_admin;
    for (const m of moveCases()) {
      const first = await upload(c, m.entity, await xlsx(m.headers, [m.row(code.community2, '13700001234')]));
      expect(first.body, m.entity).toMatchObject({ valid: 1, creates: 1 });
      const created = await commit(c, first.body.id, 'all');
      expect(created.body.result, m.entity).toMatchObject({ created: 1 });
      const [event] = await rowEvents(first.body.id);
      const recordId = Number(event!.entity_id);
      const account = await tn.clients.platform.post('/api/accounts', {
        username: `move-${uid()}`,
        displayName: '搬迁',
        password: TENANT_PASSWORD,
        role: m.role,
        [m.binding]: recordId,
      });
      expect(account.status, JSON.stringify(account.body)).toBe(201);
      expect(account.body.areaId).toBe(tn.areas.community2.id);

      const moved = await upload(c, m.entity, await xlsx(m.headers, [m.row(code.community, '13700005678')]));
      expect(moved.body, m.entity).toMatchObject({ valid: 1, creates: 0, updates: 1 });
      const done = await commit(c, moved.body.id, 'all');
      expect(done.body.result, m.entity).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect(await rowEvents(moved.body.id)).toEqual([
        {
          action: 'update',
          entity_type: m.auditType,
          entity_id: String(recordId),
          before: { areaId: tn.areas.community2.id, [m.phoneField]: '137****1234' },
          after: { areaId: tn.areas.community.id, [m.phoneField]: '137****5678' },
        },
      ]);
      const after = await tn.clients.platform.get(`/api/accounts/${account.body.id}`);
      expect(after.body.areaId, m.entity).toBe(tn.areas.community.id);
    }
  });

  it('a record that leaves the caller’s scope between preview and commit refuses the whole commit', async () => {
    const c = tn.clients.community_admin;
    const headers = ['姓名*', '身份证号', '手机号', '所属区域编码*'];
    const kept = { '姓名*': `留下${uid()}`, 身份证号: fakeIdNumber(), '所属区域编码*': code.building };
    const first = await upload(c, 'residents', await xlsx(headers, [kept]));
    await commit(c, first.body.id, 'all');
    const residentId = Number((await rowEvents(first.body.id))[0]!.entity_id);

    const fresh = { '姓名*': `新来${uid()}`, 身份证号: fakeIdNumber(), '所属区域编码*': code.building };
    const staged = await upload(
      c,
      'residents',
      await xlsx(headers, [fresh, { ...kept, 手机号: '13500001111' }]),
    );
    expect(staged.body).toMatchObject({ valid: 2, creates: 1, updates: 1 });
    // Between the preview and the commit, a district admin moves the resident out of C1.
    const move = await tn.clients.district_admin.patch(`/api/residents/${residentId}`, {
      areaId: tn.areas.community3.id,
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);

    const res = await commit(c, staged.body.id, 'all');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IMPORT_STALE');
    expect(await rowEvents(staged.body.id)).toEqual([]);
    const listed = await tn.clients.district_admin.get(
      `/api/residents?q=${encodeURIComponent(String(fresh['姓名*']))}`,
    );
    expect(listed.body.total).toBe(0);
    const moved = await tn.clients.district_admin.get(`/api/residents/${residentId}`);
    expect(moved.body).toMatchObject({ areaId: tn.areas.community3.id, phone: null });
  });
});

/** A valid unified social credit code built from a random suffix. */
function creditCode17(seed: string) {
  const digits = [...seed].map((ch) => (Number.parseInt(ch, 16) % 10).toString()).join('');
  const first17 = `91310151${digits.padEnd(8, '0')}X`.slice(0, 17);
  return creditCodeWithCheck(first17);
}
