import { idNumberWithCheck, type MessageKey, t as say } from '@gongjian/common';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';

/**
 * The member and resident rules are written once (common/src/registry/member-rules.ts): the
 * same bad value gets the same message through the API's form endpoint and the Excel preview,
 * in either language.
 */
const t = useTestApp();
let tn: Tenant;

async function xlsx(headers: string[], rows: Record<string, string | null>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upload a workbook for preview, as the web does (multipart, cookie, CSRF header). */
async function preview(c: Client, entity: string, file: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([file]), 'import.xlsx');
  const headers: Record<string, string> = { 'accept-language': c.lang };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrfToken) headers['x-csrf-token'] = c.csrfToken;
  const res = await fetch(`${c.baseUrl}/api/excel/${entity}/imports`, {
    method: 'POST',
    headers,
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const ID = idNumberWithCheck('31015119850712001');
const MEMBER_HEADERS = [
  '姓名*',
  '性别*',
  '身份证号*',
  '手机号',
  '居住区域（编码或名称路径）*',
  '党员分类*',
  '入党日期',
];
/** An area's code (createTenant's areas carry it; its type does not say so). */
const code = (a: object) => (a as { code: string }).code;

beforeAll(async () => {
  tn = await createTenant(t);
});

/** One bad value per case: the body field (and cell), what it holds, and the message key. */
const memberCases: { name: string; field: string; body: () => Record<string, unknown>; key: MessageKey }[] = [
  {
    name: 'a join date before the ID number’s birth date',
    field: 'joinDate',
    body: () => ({ idNumber: ID, joinDate: '1980-01-01' }),
    key: 'v.birthBeforeJoin',
  },
  {
    name: 'a residence at a zone',
    field: 'areaId',
    body: () => ({ areaId: tn.areas.zone.id }),
    key: 'v.memberArea',
  },
  {
    name: 'a phone number of ten digits',
    field: 'phone',
    body: () => ({ phone: '1381234567' }),
    key: 'v.phone',
  },
];

describe.each(['zh-CN', 'en'] as const)('members, in %s', (lang) => {
  it.each(memberCases)(
    '$name: the same message through POST /api/members and the import preview',
    async (c) => {
      const client = tn.clients.community_admin;
      client.lang = lang;
      try {
        const o = c.body();
        const body = {
          areaId: tn.areas.building.id,
          name: `规则${uid()}`,
          gender: 'male',
          idNumber: fakeIdNumber(),
          category: 'in_service',
          ...o,
        };
        const api = await client.post('/api/members', body);
        expect(api.status).toBe(400);
        const details = api.body.error.details as { path: string; message: string }[];
        expect(details).toEqual([expect.objectContaining({ path: c.field, message: say(c.key, lang) })]);

        const area = o.areaId === tn.areas.zone.id ? tn.areas.zone : tn.areas.building;
        const row = {
          '姓名*': body.name,
          '性别*': '男',
          '身份证号*': body.idNumber,
          手机号: (o.phone as string | undefined) ?? null,
          '居住区域（编码或名称路径）*': code(area),
          '党员分类*': '在职党员（特长式）',
          入党日期: (o.joinDate as string | undefined) ?? null,
        };
        const res = await preview(client, 'members', await xlsx(MEMBER_HEADERS, [row]));
        expect(res.status).toBe(201);
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            row: 2,
            field: c.field,
            message: expect.stringContaining(say(c.key, lang)),
          }),
        ]);
      } finally {
        client.lang = 'zh-CN';
      }
    },
  );
});

describe('residents', () => {
  it('a resident at a street: the same message through POST /api/residents and the import preview', async () => {
    const c = tn.clients.street_admin;
    const name = `居民${uid()}`;
    const api = await c.post('/api/residents', { areaId: tn.areas.street.id, name });
    expect(api.status).toBe(400);
    expect(api.body.error.details).toEqual([
      expect.objectContaining({ path: 'areaId', message: say('v.residentArea', 'zh-CN') }),
    ]);
    const file = await xlsx(
      ['姓名*', '所属区域编码*'],
      [{ '姓名*': name, '所属区域编码*': code(tn.areas.street) }],
    );
    const res = await preview(c, 'residents', file);
    expect(res.status).toBe(201);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        field: 'areaId',
        message: expect.stringContaining(say('v.residentArea', 'zh-CN')),
      }),
    ]);
  });
});
