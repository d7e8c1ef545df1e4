import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';
import { download, readPlain, readSheet, uploadImport, xlsxOf } from './workbooks.ts';

// The area column of the imports takes a code or a name path (server/src/io/excel/area-paths.ts).
const t = useTestApp();
let tn: Tenant;
/** Names of the tenant's nodes (each carries the tenant's tag after a hyphen: "C1-1a2b3c4d"). */
let n: Record<'district' | 'street' | 'community' | 'community2' | 'zone' | 'compound' | 'building', string>;
/** Two compounds of C2, each with a building of the same name. */
let twins: { buildingName: string; compoundA: { id: number; name: string }; buildingA: number };

const AREA = '居住区域（编码或名称路径）*';
const HEADERS = ['姓名*', '性别*', '身份证号*', AREA, '党员分类*'];

const memberRow = (area: string) => ({
  '姓名*': `路径${uid()}`,
  '性别*': '女',
  '身份证号*': fakeIdNumber(),
  [AREA]: area,
  '党员分类*': '在职党员（特长式）',
});

/** Import member rows naming these areas as `c`; the preview. */
async function importAreas(c: Client, areas: string[]) {
  const rows = areas.map(memberRow);
  const res = await uploadImport(c, 'members', await xlsxOf(HEADERS, rows));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { preview: res.body, rows };
}

/** Where the members of these rows were written. */
async function areaIdsOf(rows: { '身份证号*': string }[]) {
  const res = await t.database.pool.query(
    'select id_number, area_id from members where id_number = any($1)',
    [rows.map((r) => r['身份证号*'])],
  );
  const byId = new Map(res.rows.map((r) => [r.id_number as string, r.area_id as number]));
  return rows.map((r) => byId.get(r['身份证号*']));
}

async function commitAll(c: Client, id: string) {
  const res = await c.post(`/api/excel/imports/${id}/commit`, { mode: 'all' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  tn = await createTenant(t);
  const a = tn.areas;
  n = {
    district: a.district.name,
    street: a.street.name,
    community: a.community.name,
    community2: a.community2.name,
    zone: a.zone.name,
    compound: a.compound.name,
    building: a.building.name,
  };
  // C2 › Z › PA › 3号楼 and C2 › Z › PB › 3号楼: one name, two buildings.
  const p = await t.platform();
  const mk = async (parentId: number, level: string, name: string) => {
    const res = await p.post('/api/areas', { parentId, level, code: `${level}-${uid()}`, name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number; name: string };
  };
  const zone = await mk(a.community2.id, 'zone', `片区${tn.tag}`);
  const compoundA = await mk(zone.id, 'compound', `甲小区${tn.tag}`);
  const compoundB = await mk(zone.id, 'compound', `乙小区${tn.tag}`);
  const buildingName = `3号楼${tn.tag}`;
  const buildingA = await mk(compoundA.id, 'building', buildingName);
  await mk(compoundB.id, 'building', buildingName);
  // Two children of one node with one name.
  await mk(zone.id, 'compound', `同名小区${tn.tag}`);
  await mk(zone.id, 'compound', `同名小区${tn.tag}`);
  twins = { buildingName, compoundA, buildingA: buildingA.id };
});

describe('the area column takes a code or a name path', () => {
  it('the template and the export head the column as taking either', async () => {
    const c = tn.clients.street_admin;
    const template = await readPlain((await download(c, '/api/excel/members/template')).buf);
    expect(template.headers).toContain(AREA);
    const exported = await readSheet((await download(c, '/api/excel/members/export')).buf);
    expect(exported.headers).toContain(AREA);
    c.lang = 'en';
    try {
      const en = await readPlain((await download(c, '/api/excel/members/template')).buf);
      expect(en.headers).toContain('Residence area (code or name path)*');
    } finally {
      c.lang = 'zh-CN';
    }
  });

  it('a code, a full path from the district, a path from the street and one skipping levels all resolve', async () => {
    const c = tn.clients.street_admin;
    const full = [n.district, n.street, n.community, n.zone, n.compound, n.building].join('/');
    const { preview, rows } = await importAreas(c, [
      (tn.areas.building as unknown as { code: string }).code,
      full,
      // From the caller's own street, with full-width separators and spaces.
      `${n.street} ＞ ${n.community} ＞ ${n.zone} ＞ ${n.compound}`,
      // Levels in between left out.
      `${n.community}/${n.building}`,
      // Hyphens although every name holds one: the pieces are grouped back into names.
      `${n.street}-${n.community}-${n.building}`,
      `${n.community}>${n.compound}`,
    ]);
    expect(preview).toMatchObject({ total: 6, valid: 6, invalid: 0, creates: 6 });
    await commitAll(c, preview.id);
    const a = tn.areas;
    expect(await areaIdsOf(rows)).toEqual([
      a.building.id,
      a.building.id,
      a.compound.id,
      a.building.id,
      a.building.id,
      a.compound.id,
    ]);
  });

  it('a path may start right below the caller’s own area', async () => {
    const c = tn.clients.community_admin;
    const { preview, rows } = await importAreas(c, [
      `${n.zone}/${n.compound}/${n.building}`,
      n.compound,
      // Or above it, through the caller's own community.
      `${n.street}/${n.community}/${n.building}`,
    ]);
    expect(preview).toMatchObject({ total: 3, valid: 3, invalid: 0 });
    await commitAll(c, preview.id);
    const a = tn.areas;
    expect(await areaIdsOf(rows)).toEqual([a.building.id, a.compound.id, a.building.id]);
  });

  it('an unknown segment is named, under the part of the path that resolved (zh-CN and en)', async () => {
    const c = tn.clients.street_admin;
    const { preview } = await importAreas(c, [
      `${n.street}/${n.community}/无此小区/${n.building}`,
      '无此街道/某社区',
      'demo-no-such-code',
    ]);
    expect(preview).toMatchObject({ total: 3, valid: 0, invalid: 3 });
    expect(preview.errors).toEqual([
      {
        row: 2,
        column: AREA,
        field: 'areaId',
        message: `“${n.street}/${n.community}”下没有名为“无此小区”的区域`,
      },
      {
        row: 3,
        column: AREA,
        field: 'areaId',
        message: expect.stringContaining('没有编码或名称为“无此街道”的区域'),
      },
      { row: 4, column: AREA, field: 'areaId', message: expect.stringContaining('“demo-no-such-code”') },
    ]);
    c.lang = 'en';
    try {
      const en = await c.get(`/api/excel/imports/${preview.id}`);
      expect(en.body.errors[0].message).toBe(`No area named “无此小区” under “${n.street}/${n.community}”`);
      expect(en.body.errors[1].message).toContain('No area with the code or name “无此街道”');
    } finally {
      c.lang = 'zh-CN';
    }
  });

  it('a path naming two nodes is ambiguous until it names the one meant', async () => {
    const c = tn.clients.street_admin;
    const { preview, rows } = await importAreas(c, [
      `${n.community2}/${twins.buildingName}`,
      `${n.community2}/${twins.compoundA.name}/${twins.buildingName}`,
    ]);
    const siblings = await importAreas(c, [`${n.community2}/片区${tn.tag}/同名小区${tn.tag}`]);
    expect(siblings.preview.errors[0].message).toContain('对应您管辖范围内的 2 个区域');
    expect(preview).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(preview.errors).toEqual([
      {
        row: 2,
        column: AREA,
        field: 'areaId',
        message: `“${n.community2}/${twins.buildingName}”对应您管辖范围内的 2 个区域，请写出上级区域名称或改填区域编码`,
      },
    ]);
    c.lang = 'en';
    try {
      const en = await c.get(`/api/excel/imports/${preview.id}`);
      expect(en.body.errors[0].message).toContain('names 2 areas in your scope');
    } finally {
      c.lang = 'zh-CN';
    }
    await c.post(`/api/excel/imports/${preview.id}/commit`, { mode: 'valid_only' });
    expect((await areaIdsOf(rows))[1]).toBe(twins.buildingA);
  });

  it('a path outside the caller’s scope is refused, whether it starts above or beside the caller', async () => {
    const c = tn.clients.community_admin;
    const { preview } = await importAreas(c, [
      `${n.street}/${n.community2}/${twins.compoundA.name}`,
      `${tn.areas.street2.name}/${tn.areas.community3.name}`,
      tn.areas.community3.name,
    ]);
    expect(preview).toMatchObject({ total: 3, valid: 0, invalid: 3 });
    expect(preview.errors.map((e: { message: string }) => e.message)).toEqual([
      `区域“${n.street}/${n.community2}/${twins.compoundA.name}”不在您的管辖范围内`,
      `区域“${tn.areas.street2.name}/${tn.areas.community3.name}”不在您的管辖范围内`,
      `区域“${tn.areas.community3.name}”不在您的管辖范围内`,
    ]);
    // The street next door: the same path is out of its scope.
    const other = await importAreas(tn.clients.outsideStreetAdmin, [`${n.street}/${n.community}`]);
    expect(other.preview.errors[0].message).toContain('不在您的管辖范围内');
  });

  it('units and residents take name paths too', async () => {
    const c = tn.clients.street_admin;
    const unitName = `路径单位${uid()}`;
    const units = await uploadImport(
      c,
      'units',
      await xlsxOf(
        ['单位名称*', '单位类型*', '所在区域（编码或名称路径）*'],
        [
          {
            '单位名称*': unitName,
            '单位类型*': '医院',
            '所在区域（编码或名称路径）*': `${n.street}/${n.community2}`,
          },
        ],
      ),
    );
    expect(units.body).toMatchObject({ total: 1, valid: 1 });
    await commitAll(c, units.body.id);
    const unit = await t.database.pool.query('select area_id from units where name = $1', [unitName]);
    expect(unit.rows[0].area_id).toBe(tn.areas.community2.id);

    const residentName = `路径居民${uid()}`;
    const residents = await uploadImport(
      tn.clients.community_admin,
      'residents',
      await xlsxOf(
        ['姓名*', '手机号', '所属区域编码*'],
        // The former header still reads: files downloaded before the rename keep importing.
        [{ '姓名*': residentName, 手机号: '13700137000', '所属区域编码*': `${n.compound}/${n.building}` }],
      ),
    );
    expect(residents.body).toMatchObject({ total: 1, valid: 1 });
    await commitAll(tn.clients.community_admin, residents.body.id);
    const resident = await t.database.pool.query('select area_id from residents where name = $1', [
      residentName,
    ]);
    expect(resident.rows[0].area_id).toBe(tn.areas.building.id);
  });
});
