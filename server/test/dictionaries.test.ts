import { DICT_TYPES, SYSTEM_DICTIONARIES } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { members, units } from '#server/db/schema/index.ts';
import {
  auditTrail,
  type Client,
  createTenant,
  fakeIdNumber,
  type Tenant,
  uid,
  useTestApp,
} from './helpers.ts';

const t = useTestApp();

/** Either the record or, on failure, the error body: tests read whichever the status says. */
type Body<T> = T & { error: { code: string; message: string; details: any } };

interface Item {
  id: number;
  districtId: number;
  type: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  enabled: boolean;
  system: boolean;
  actions: string[];
}

describe('dictionaries', () => {
  let tn: Tenant;
  let admin: Client;
  /** A second district, to check that districts keep their lists apart. */
  let other: { id: number };

  beforeAll(async () => {
    tn = await createTenant(t);
    admin = tn.clients.district_admin;
    const res = await tn.clients.platform.post('/api/areas', {
      parentId: null,
      level: 'district',
      code: `district-${tn.tag}-other`,
      name: `另一区-${tn.tag}`,
    });
    expect(res.status).toBe(201);
    other = res.body;
  });

  const list = (c: Client, query: string) =>
    c.get<Body<{ data: Item[]; total: number }>>(`/api/dictionaries?${query}`);
  const create = (c: Client, body: Record<string, unknown>) => c.post<Body<Item>>('/api/dictionaries', body);
  const unitWithType = async (areaId: number, type: string) =>
    t.database.db.insert(units).values({ areaId, name: `单位-${uid()}`, type });

  it('describes every type with its names and whether it accepts new items', async () => {
    const res = await tn.clients.resident.get('/api/dictionaries/types');
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { type: string }) => d.type)).toEqual([...DICT_TYPES]);
    const category = res.body.data.find((d: { type: string }) => d.type === 'member_category');
    expect(category).toEqual({
      type: 'member_category',
      labelZh: '党员分类',
      labelEn: 'Member category',
      extensible: false,
    });
    expect(res.body.data.find((d: { type: string }) => d.type === 'skill').extensible).toBe(true);
  });

  it("gives every signed-in role its own district's items, with actions only for the district admin", async () => {
    const expected = SYSTEM_DICTIONARIES.unit_type.items.map(([code]) => code);
    for (const role of [
      'district_admin',
      'street_admin',
      'community_admin',
      'unit_admin',
      'member',
      'resident',
      'outsideCommunityAdmin',
    ] as const) {
      const res = await list(tn.clients[role], 'type=unit_type&pageSize=100');
      expect(res.status, role).toBe(200);
      expect(res.body.data.map((i) => i.code)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
      expect(res.body.data.every((i) => i.districtId === tn.areas.district.id && i.system)).toBe(true);
      expect(res.body.data[0]?.actions).toEqual(role === 'district_admin' ? ['update'] : []);
    }
    const all = await list(tn.clients.member, 'pageSize=200');
    const seeded = DICT_TYPES.reduce((n, type) => n + SYSTEM_DICTIONARIES[type].items.length, 0);
    expect(all.body.total).toBe(seeded);
    const search = await list(tn.clients.member, `q=${encodeURIComponent('国有')}`);
    expect(search.body.data.map((i) => i.code)).toEqual(['soe']);
    const one = await tn.clients.resident.get<Item>(`/api/dictionaries/${search.body.data[0]?.id}`);
    expect(one.status).toBe(200);
    expect(one.body.labelEn).toBe('State-owned enterprise');
  });

  it('makes the platform admin name the district, and keeps other districts out of sight', async () => {
    const p = tn.clients.platform;
    const missing = await list(p, 'type=skill');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('districtId');
    const notDistrict = await list(p, `type=skill&districtId=${tn.areas.street.id}`);
    expect(notDistrict.status).toBe(400);
    expect(notDistrict.body.error.details[0].path).toBe('districtId');
    const ok = await list(p, `type=skill&districtId=${other.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.every((i) => i.districtId === other.id)).toBe(true);
    expect(ok.body.data[0]?.actions).toEqual(['update']);

    // A district's own users cannot ask for another district's lists or items.
    const foreign = await list(admin, `districtId=${other.id}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('districtId');
    const ownById = await list(admin, `districtId=${tn.areas.district.id}&type=skill`);
    expect(ownById.status).toBe(200);
    const foreignItem = ok.body.data[0]!;
    expect((await admin.get(`/api/dictionaries/${foreignItem.id}`)).status).toBe(404);
    expect((await admin.patch(`/api/dictionaries/${foreignItem.id}`, { labelZh: 'x' })).status).toBe(404);
    expect((await admin.del(`/api/dictionaries/${foreignItem.id}`)).status).toBe(404);
    expect((await admin.get('/api/dictionaries/999999999')).status).toBe(404);
    const stillThere = await p.get<Item>(`/api/dictionaries/${foreignItem.id}`);
    expect(stillThere.body.labelZh).toBe(foreignItem.labelZh);
  });

  it('lets the district admin add, edit, disable and delete its own items, auditing each step', async () => {
    const code = `drone-${uid()}`;
    const created = await create(admin, {
      type: 'skill',
      code,
      labelZh: '无人机',
      labelEn: 'Drones',
      sort: 500,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      districtId: tn.areas.district.id,
      type: 'skill',
      code,
      system: false,
      enabled: true,
      actions: ['update', 'delete'],
    });
    const id = created.body.id;

    const edited = await admin.patch<Item>(`/api/dictionaries/${id}`, {
      code: `${code}-x`,
      labelEn: 'Drone piloting',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ code: `${code}-x`, labelEn: 'Drone piloting', labelZh: '无人机' });

    expect((await admin.patch(`/api/dictionaries/${id}`, { enabled: false })).status).toBe(200);
    const visible = await list(tn.clients.member, 'type=skill&pageSize=100');
    expect(visible.body.data.map((i) => i.id)).not.toContain(id);
    const withDisabled = await list(tn.clients.member, 'type=skill&pageSize=100&includeDisabled=true');
    expect(withDisabled.body.data.find((i) => i.id === id)?.enabled).toBe(false);

    expect((await admin.del(`/api/dictionaries/${id}`)).status).toBe(200);
    expect((await admin.get(`/api/dictionaries/${id}`)).status).toBe(404);

    const events = await auditTrail(t, 'dict_item', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(events.every((e) => e.area_id === tn.areas.district.id)).toBe(true);
    expect(events[1]?.before).toEqual({ code, labelEn: 'Drones' });
    expect(events[1]?.after).toEqual({ code: `${code}-x`, labelEn: 'Drone piloting' });
    expect(events[2]?.after).toEqual({ enabled: false });
    expect(events[3]?.before).toMatchObject({ code: `${code}-x`, type: 'skill' });
  });

  it('lets the platform admin write any district it names, and requires the district', async () => {
    const p = tn.clients.platform;
    const noDistrict = await create(p, { type: 'skill', code: `p-${uid()}`, labelZh: '甲', labelEn: 'A' });
    expect(noDistrict.status).toBe(400);
    expect(noDistrict.body.error.details[0].path).toBe('districtId');
    const ok = await create(p, {
      districtId: other.id,
      type: 'resource_category',
      code: `p-${uid()}`,
      labelZh: '车辆',
      labelEn: 'Vehicles',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.districtId).toBe(other.id);
    // The district admin of another district may not place items in it.
    const elsewhere = await create(admin, {
      districtId: other.id,
      type: 'skill',
      code: `x-${uid()}`,
      labelZh: '甲',
      labelEn: 'A',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].path).toBe('districtId');
  });

  it('refuses writes to every role below the district admin (403) and writes nothing', async () => {
    const item = (await list(admin, 'type=unit_type')).body.data[0]!;
    for (const role of ['street_admin', 'community_admin', 'unit_admin', 'member', 'resident'] as const) {
      const c = tn.clients[role];
      const code = `no-${uid()}`;
      const post = await create(c, { type: 'skill', code, labelZh: '甲', labelEn: 'A' });
      expect(post.status, role).toBe(403);
      expect(post.body.error.code).toBe('FORBIDDEN');
      expect((await list(admin, `q=${code}`)).body.total).toBe(0);
      expect((await c.patch(`/api/dictionaries/${item.id}`, { labelZh: '改' })).status, role).toBe(403);
      expect((await c.del(`/api/dictionaries/${item.id}`)).status, role).toBe(403);
    }
    expect((await admin.get<Item>(`/api/dictionaries/${item.id}`)).body.labelZh).toBe(item.labelZh);
  });

  it('keeps system items: labels editable, code and existence not (409 SYSTEM_ITEM)', async () => {
    const soe = (await list(admin, 'type=unit_type&q=soe')).body.data[0]!;
    const relabelled = await admin.patch<Item>(`/api/dictionaries/${soe.id}`, { labelZh: '国企', sort: 5 });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body).toMatchObject({ code: 'soe', labelZh: '国企', sort: 5, system: true });
    // Sending the unchanged code along is not a recode.
    expect(
      (await admin.patch(`/api/dictionaries/${soe.id}`, { code: 'soe', labelZh: '国有企业' })).status,
    ).toBe(200);
    const recode = await admin.patch(`/api/dictionaries/${soe.id}`, { code: 'state_firm' });
    expect(recode.status).toBe(409);
    expect(recode.body.error.code).toBe('SYSTEM_ITEM');
    expect(recode.body.error.message).toContain('系统内置');
    const del = await admin.del(`/api/dictionaries/${soe.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('SYSTEM_ITEM');
    const after = await admin.get<Item>(`/api/dictionaries/${soe.id}`);
    expect(after.body).toMatchObject({ code: 'soe', labelZh: '国有企业' });
  });

  it('accepts new items only in extensible types, and one code per type and district', async () => {
    const closed = await create(admin, {
      type: 'member_category',
      code: `cat-${uid()}`,
      labelZh: '第八类',
      labelEn: 'Eighth',
    });
    expect(closed.status).toBe(400);
    expect(closed.body.error.details).toEqual([expect.objectContaining({ path: 'type' })]);
    expect(closed.body.error.details[0].message).toContain('不能新增');

    const dup = await create(admin, { type: 'unit_type', code: 'soe', labelZh: '重复', labelEn: 'Dup' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('code');
    // The same code is free in another type and in another district.
    expect(
      (await create(admin, { type: 'skill', code: 'soe', labelZh: '国企事务', labelEn: 'SOE' })).status,
    ).toBe(201);
    const code = `shared-${uid()}`;
    const shared = await create(admin, { type: 'skill', code, labelZh: '甲', labelEn: 'A' });
    expect(shared.status).toBe(201);
    const clash = await admin.patch(`/api/dictionaries/${shared.body.id}`, { code: 'soe' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].path).toBe('code');
    expect(
      (
        await create(tn.clients.platform, {
          districtId: other.id,
          type: 'skill',
          code,
          labelZh: '甲',
          labelEn: 'A',
        })
      ).status,
    ).toBe(201);
  });

  it('refuses to delete or recode an item the district still uses (409 IN_USE with counts)', async () => {
    const code = `coop-${uid()}`;
    const item = (await create(admin, { type: 'unit_type', code, labelZh: '合作社', labelEn: 'Co-op' })).body;
    await unitWithType(tn.areas.community.id, code);
    await unitWithType(tn.areas.community3.id, code);
    const del = await admin.del(`/api/dictionaries/${item.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('IN_USE');
    expect(del.body.error.details).toEqual({ references: { units: 2 } });
    admin.lang = 'en';
    const recode = await admin.patch(`/api/dictionaries/${item.id}`, { code: `${code}-2` });
    admin.lang = 'zh-CN';
    expect(recode.status).toBe(409);
    expect(recode.body.error.code).toBe('IN_USE');
    expect(recode.body.error.message).toContain('still in use');
    expect((await admin.get<Item>(`/api/dictionaries/${item.id}`)).body.code).toBe(code);
    // Relabelling and disabling a used item stay possible.
    expect(
      (await admin.patch(`/api/dictionaries/${item.id}`, { labelZh: '专业合作社', enabled: false })).status,
    ).toBe(200);

    const skill = (await create(admin, { type: 'skill', code: `sk-${uid()}`, labelZh: '甲', labelEn: 'A' }))
      .body;
    const role = (
      await create(admin, { type: 'member_role', code: `ro-${uid()}`, labelZh: '乙', labelEn: 'B' })
    ).body;
    await t.database.db.insert(members).values({
      areaId: tn.areas.building.id,
      name: '党员丙',
      gender: 'male',
      idNumber: fakeIdNumber(),
      category: 'retired',
      skills: ['medical', skill.code],
      roles: [role.code],
    });
    const skillDel = await admin.del(`/api/dictionaries/${skill.id}`);
    expect(skillDel.status).toBe(409);
    expect(skillDel.body.error.details).toEqual({ references: { members: 1 } });
    const roleDel = await admin.del(`/api/dictionaries/${role.id}`);
    expect(roleDel.status).toBe(409);
    expect(roleDel.body.error.details).toEqual({ references: { members: 1 } });
  });

  it("counts only the district's own records when checking use", async () => {
    const code = `local-${uid()}`;
    const mine = (await create(admin, { type: 'unit_type', code, labelZh: '甲', labelEn: 'A' })).body;
    const theirs = await create(tn.clients.platform, {
      districtId: other.id,
      type: 'unit_type',
      code,
      labelZh: '甲',
      labelEn: 'A',
    });
    expect(theirs.status).toBe(201);
    await unitWithType(other.id, code);
    expect((await admin.del(`/api/dictionaries/${mine.id}`)).status).toBe(200);
    expect((await tn.clients.platform.del(`/api/dictionaries/${theirs.body.id}`)).status).toBe(409);
  });

  it('rejects bad input field by field, in Chinese or English, and writes nothing', async () => {
    const before = (await list(admin, 'includeDisabled=true&pageSize=1')).body.total;
    const bad = await create(admin, { type: 'planet', code: 'bad code!', labelZh: '', sort: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['code', 'labelEn', 'labelZh', 'sort', 'type']);
    expect(bad.body.error.details.find((d: { path: string }) => d.path === 'code').message).toContain('编码');
    expect(bad.body.error.details.find((d: { path: string }) => d.path === 'labelEn').message).toBe('必填');
    admin.lang = 'en';
    const badEn = await create(admin, { type: 'skill', code: 'bad code!', labelZh: '甲', labelEn: 'A' });
    admin.lang = 'zh-CN';
    expect(badEn.body.error.message).toBe('Invalid input; check the fields marked');
    expect(badEn.body.error.details[0].message).toContain('Codes may contain');

    const item = (await list(admin, 'type=skill')).body.data[0]!;
    const badPatch = await admin.patch(`/api/dictionaries/${item.id}`, { enabled: 'yes', labelZh: '' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'enabled',
      'labelZh',
    ]);
    expect((await admin.get<Item>(`/api/dictionaries/${item.id}`)).body).toMatchObject({
      labelZh: item.labelZh,
      enabled: item.enabled,
    });

    expect((await list(admin, 'type=planet')).status).toBe(400);
    expect((await list(admin, 'includeDisabled=maybe')).status).toBe(400);
    expect((await admin.get('/api/dictionaries/abc')).status).toBe(400);
    expect((await list(admin, 'includeDisabled=true&pageSize=1')).body.total).toBe(before);
  });

  it('gives a new district the system items', async () => {
    const res = await list(tn.clients.platform, `districtId=${other.id}&type=member_category`);
    expect(res.body.data.map((i) => i.code)).toEqual(
      SYSTEM_DICTIONARIES.member_category.items.map(([c]) => c),
    );
  });
});
