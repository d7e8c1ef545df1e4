import { describe, expect, it } from 'vitest';
import { createTenant, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

async function auditFor(entityType: string, entityId: number | string) {
  const rows = await t.database.pool.query(
    'select * from audit_events where entity_type = $1 and entity_id = $2 order by id',
    [entityType, String(entityId)],
  );
  return rows.rows as {
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    actor_id: number | null;
  }[];
}

describe('administrative tree', () => {
  let tn: Tenant;
  it('builds a tenant', async () => {
    tn = await createTenant(t);
    expect(tn.areas.building.path).toBe(`${tn.areas.compound.path}${tn.areas.building.id}/`);
  });

  it('a street admin creates, edits and deletes a community and every step is audited', async () => {
    const c = tn.clients.street_admin;
    const created = await c.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'community',
      code: `new-${uid()}`,
      name: '新社区',
    });
    expect(created.status).toBe(201);
    expect(created.body.actions).toEqual(expect.arrayContaining(['update', 'delete', 'move', 'addChild']));
    const id = created.body.id;
    const edited = await c.patch(`/api/areas/${id}`, { name: '新社区（改）' });
    expect(edited.status).toBe(200);
    expect(edited.body.name).toBe('新社区（改）');
    const got = await c.get(`/api/areas/${id}`);
    expect(got.body.ancestors.map((a: { id: number }) => a.id)).toEqual([
      tn.areas.district.id,
      tn.areas.street.id,
    ]);
    expect((await c.del(`/api/areas/${id}`)).status).toBe(200);
    expect((await c.get(`/api/areas/${id}`)).status).toBe(404);
    const events = await auditFor('area', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events[1]?.before).toEqual({ name: '新社区' });
    expect(events[1]?.after).toEqual({ name: '新社区（改）' });
  });

  it('lists nodes in scope only, with paging and search', async () => {
    const list = await tn.clients.street_admin.get(`/api/areas?pageSize=100`);
    expect(list.status).toBe(200);
    const ids = list.body.data.map((a: { id: number }) => a.id);
    expect(ids).toContain(tn.areas.building.id);
    expect(ids).not.toContain(tn.areas.community3.id);
    expect(ids).not.toContain(tn.areas.district.id);
    const page = await tn.clients.district_admin.get(`/api/areas?pageSize=2&page=1`);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.total).toBe(9);
    const search = await tn.clients.district_admin.get(`/api/areas?q=${encodeURIComponent(`C3-${tn.tag}`)}`);
    expect(search.body.data.map((a: { id: number }) => a.id)).toEqual([tn.areas.community3.id]);
    const community = list.body.data.find((a: { id: number }) => a.id === tn.areas.community.id);
    expect(community.childCount).toBe(1);
    const tree = await tn.clients.community_admin.get('/api/areas/tree?depth=4');
    expect(tree.body.data[0].childCount).toBe(1);
    expect(tree.body.data[0].id).toBe(tn.areas.community.id);
    expect(tree.body.data[0].children[0].children[0].children[0].id).toBe(tn.areas.building.id);
  });

  it('keeps other streets out of sight: 404 to read, and no writes', async () => {
    const c = tn.clients.street_admin;
    expect((await c.get(`/api/areas/${tn.areas.community3.id}`)).status).toBe(404);
    expect((await c.patch(`/api/areas/${tn.areas.community3.id}`, { name: 'x' })).status).toBe(404);
    expect((await c.del(`/api/areas/${tn.areas.community3.id}`)).status).toBe(404);
    const create = await c.post('/api/areas', {
      parentId: tn.areas.street2.id,
      level: 'community',
      code: `x-${uid()}`,
      name: 'x',
    });
    expect(create.status).toBe(400);
    expect(create.body.error.details[0].path).toBe('parentId');
  });

  it('an admin cannot edit the node it is bound to, and non-admins cannot write (403)', async () => {
    expect(
      (await tn.clients.street_admin.patch(`/api/areas/${tn.areas.street.id}`, { name: 'x' })).status,
    ).toBe(403);
    expect(
      (
        await tn.clients.member.post('/api/areas', {
          parentId: tn.areas.building.id,
          level: 'building',
          code: `x-${uid()}`,
          name: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (await tn.clients.unit_admin.patch(`/api/areas/${tn.areas.building.id}`, { name: 'x' })).status,
    ).toBe(403);
  });

  it('moves a subtree and every descendant keeps a correct path and depth', async () => {
    const c = tn.clients.district_admin;
    const res = await c.post(`/api/areas/${tn.areas.zone.id}/move`, { parentId: tn.areas.community2.id });
    expect(res.status).toBe(200);
    const building = (await c.get(`/api/areas/${tn.areas.building.id}`)).body;
    expect(building.path).toBe(
      `${tn.areas.community2.path}${tn.areas.zone.id}/${tn.areas.compound.id}/${tn.areas.building.id}/`,
    );
    expect(building.depth).toBe(5);
    expect(building.ancestors.map((a: { id: number }) => a.id)).toEqual([
      tn.areas.district.id,
      tn.areas.street.id,
      tn.areas.community2.id,
      tn.areas.zone.id,
      tn.areas.compound.id,
    ]);
    // Moving under its own descendant, or to a wrong level, is refused and changes nothing.
    expect(
      (await c.post(`/api/areas/${tn.areas.zone.id}/move`, { parentId: tn.areas.compound.id })).status,
    ).toBe(409);
    const wrong = await c.post(`/api/areas/${tn.areas.zone.id}/move`, { parentId: tn.areas.street2.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('parentId');
    // …and back, so later tests see the original shape.
    expect(
      (await c.post(`/api/areas/${tn.areas.zone.id}/move`, { parentId: tn.areas.community.id })).status,
    ).toBe(200);
    const events = await auditFor('area', tn.areas.zone.id);
    expect(events.filter((e) => e.action === 'move')).toHaveLength(2);
  });

  it('refuses to delete a node with children or records, saying why (409)', async () => {
    const c = tn.clients.district_admin;
    const withChildren = await c.del(`/api/areas/${tn.areas.compound.id}`);
    expect(withChildren.status).toBe(409);
    expect(withChildren.body.error.code).toBe('HAS_CHILDREN');
    expect(withChildren.body.error.message).toContain('下级');
    const withRecords = await c.del(`/api/areas/${tn.areas.community3.id}`);
    expect(withRecords.status).toBe(409);
    expect(withRecords.body.error.code).toBe('HAS_RECORDS');
    expect(withRecords.body.error.details.references).toMatchObject({ units: 1, members: 1, residents: 1 });
  });

  it('rejects bad input field by field, in Chinese or English, and writes nothing', async () => {
    const c = tn.clients.district_admin;
    const before = await c.get('/api/areas?pageSize=1');
    const bad = await c.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'planet',
      code: 'bad code!',
      name: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['code', 'level', 'name']);
    expect(bad.body.error.details.find((d: { path: string }) => d.path === 'code').message).toContain('编码');
    c.lang = 'en';
    const badEn = await c.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'community',
      code: 'bad code!',
      name: 'x',
    });
    expect(badEn.body.error.details[0].message).toContain('Codes may contain');
    c.lang = 'zh-CN';
    const dup = await c.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'community',
      code: `community-${tn.tag}-C1`,
      name: 'dup',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('code');
    const wrongLevel = await c.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'building',
      code: `x-${uid()}`,
      name: 'x',
    });
    expect(wrongLevel.status).toBe(400);
    const notJson = await c.request('POST', '/api/areas', undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect((await c.get('/api/areas?pageSize=1')).body.total).toBe(before.body.total);
    expect((await c.get('/api/areas/abc')).status).toBe(400);
  });
});
