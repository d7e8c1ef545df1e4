import { describe, expect, it } from 'vitest';
import { type Client, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

async function auditFor(entityType: string, entityId: number | string) {
  const rows = await t.database.pool.query(
    'select * from audit_events where entity_type = $1 and entity_id = $2 order by id',
    [entityType, String(entityId)],
  );
  return rows.rows as {
    action: string;
    area_id: number | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];
}

const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((o) => o.id);
const paths = (res: { body: { error: { details: { path: string }[] } } }) =>
  res.body.error.details.map((d) => d.path).sort();

interface Node {
  id: number;
  children?: Node[];
}

describe('party organisations registry', () => {
  let tn: Tenant;
  let admin: Client;
  /** Ids of an organisation in C1 belonging to the inside unit, and one in C3 of the outside unit. */
  let insideOrg: number;
  let outsideOrg: number;

  const org = async (body: Record<string, unknown>, c: Client = admin) => {
    const res = await c.post('/api/orgs', { type: 'branch', name: `支部-${uid()}`, ...body });
    if (res.status !== 201) throw new Error(`org create failed: ${JSON.stringify(res.body)}`);
    return res.body as { id: number; name: string; areaId: number };
  };
  const unit = async (areaId: number, name = `单位-${uid()}`) => {
    const res = await admin.post('/api/units', { areaId, name, type: 'enterprise' });
    if (res.status !== 201) throw new Error(`unit create failed: ${JSON.stringify(res.body)}`);
    return res.body as { id: number; name: string };
  };
  const total = async () => (await admin.get('/api/orgs?pageSize=1')).body.total as number;

  it('builds a tenant with an organisation inside and one outside the street', async () => {
    tn = await createTenant(t);
    admin = tn.clients.district_admin;
    insideOrg = (await org({ areaId: tn.areas.community.id, unitId: tn.inside.unitId, name: '单位A党支部' }))
      .id;
    outsideOrg = (
      await org({ areaId: tn.areas.community3.id, unitId: tn.outside.unitId, name: '单位B党支部' })
    ).id;
  });

  it('a community admin founds, edits and deletes an organisation, and every step is audited', async () => {
    const c = tn.clients.community_admin;
    const code = `org-${uid()}`;
    const created = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      unitId: tn.inside.unitId,
      type: 'general_branch',
      code,
      name: '长兴社区第一党总支',
      secretaryName: '张书记',
      foundedOn: '2019-07-01',
      note: '试点',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      areaId: tn.areas.community.id,
      areaName: tn.areas.community.name,
      unitId: tn.inside.unitId,
      unitName: expect.stringContaining('单位A'),
      parentId: null,
      type: 'general_branch',
      code,
      foundedOn: '2019-07-01',
      childCount: 0,
      memberCount: 0,
      employerCount: null,
    });
    expect(created.body.actions).toEqual(['update', 'addChild', 'delete']);
    const id = created.body.id;

    const edited = await c.patch(`/api/orgs/${id}`, { secretaryName: '李书记', foundedOn: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ secretaryName: '李书记', foundedOn: null });
    const got = await c.get(`/api/orgs/${id}`);
    expect(got.body).toMatchObject({ id, seatCount: 0, children: [] });

    expect((await c.del(`/api/orgs/${id}`)).status).toBe(200);
    expect((await c.get(`/api/orgs/${id}`)).status).toBe(404);
    const events = await auditFor('party_org', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events[0]?.after).toMatchObject({ name: '长兴社区第一党总支', code, type: 'general_branch' });
    expect(events[1]?.before).toEqual({ secretaryName: '张书记', foundedOn: '2019-07-01' });
    expect(events[1]?.after).toEqual({ secretaryName: '李书记', foundedOn: null });
    expect(events[2]?.before).toMatchObject({ id, name: '长兴社区第一党总支' });
    expect(events.every((e) => e.area_id === tn.areas.community.id)).toBe(true);
  });

  it('builds a hierarchy, serves it as a tree, and refuses a parent that would make a cycle', async () => {
    const street = tn.clients.street_admin;
    const swc = await org(
      { areaId: tn.areas.street.id, type: 'street_working_committee', name: '街道党工委' },
      street,
    );
    const committee = await org(
      { areaId: tn.areas.community.id, parentId: swc.id, type: 'committee', name: '社区党委' },
      street,
    );
    const branch = await org(
      { areaId: tn.areas.compound.id, parentId: committee.id, name: '小区党支部' },
      street,
    );
    const group = await org(
      { areaId: tn.areas.building.id, parentId: branch.id, type: 'party_group', name: '楼栋党小组' },
      street,
    );
    expect((await street.get(`/api/orgs/${committee.id}`)).body).toMatchObject({
      parentName: '街道党工委',
      childCount: 1,
      children: [{ id: branch.id, name: '小区党支部', type: 'branch' }],
    });

    const tree = await street.get(`/api/orgs/tree?rootId=${swc.id}`);
    expect(tree.status).toBe(200);
    expect(tree.body.data).toHaveLength(1);
    const root = tree.body.data[0] as Node;
    expect(root.id).toBe(swc.id);
    expect(root.children?.[0]?.id).toBe(committee.id);
    expect(root.children?.[0]?.children?.[0]?.children?.[0]?.id).toBe(group.id);

    // The community admin cannot see the street committee: the community committee is a root.
    const own = await tn.clients.community_admin.get('/api/orgs/tree');
    const roots = own.body.data.map((n: Node) => n.id);
    expect(roots).toContain(committee.id);
    expect(roots).not.toContain(swc.id);
    expect(roots).not.toContain(outsideOrg);
    expect((await tn.clients.community_admin.get(`/api/orgs/tree?rootId=${swc.id}`)).status).toBe(404);

    const self = await street.patch(`/api/orgs/${committee.id}`, { parentId: committee.id });
    expect(self.status).toBe(400);
    expect(self.body.error.details).toEqual([expect.objectContaining({ path: 'parentId' })]);
    expect(self.body.error.details[0].message).toContain('下级组织');
    const cycle = await street.patch(`/api/orgs/${committee.id}`, { parentId: group.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details[0].path).toBe('parentId');
    street.lang = 'en';
    const cycleEn = await street.patch(`/api/orgs/${swc.id}`, { parentId: branch.id });
    expect(cycleEn.body.error.details[0].message).toContain('descendants');
    street.lang = 'zh-CN';
    expect((await street.get(`/api/orgs/${committee.id}`)).body.parentId).toBe(swc.id);

    // Re-hanging a subtree elsewhere is fine.
    const moved = await street.patch(`/api/orgs/${branch.id}`, { parentId: swc.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentName).toBe('街道党工委');
    const events = await auditFor('party_org', branch.id);
    expect(events.at(-1)?.before).toEqual({ parentId: committee.id });
    expect(events.at(-1)?.after).toEqual({ parentId: swc.id });
  });

  it('lists organisations in scope with search, filters and paging', async () => {
    const tag = uid();
    const u = await unit(tn.areas.community.id);
    const parent = await org({ areaId: tn.areas.community.id, type: 'committee', name: `检索党委-${tag}` });
    const a = await org({
      areaId: tn.areas.community.id,
      parentId: parent.id,
      unitId: u.id,
      code: `code-${tag}`,
      name: `检索甲-${tag}`,
    });
    const b = await org({ areaId: tn.areas.building.id, parentId: parent.id, name: `检索乙-${tag}` });
    const c3 = await org({ areaId: tn.areas.community3.id, name: `检索丙-${tag}` });

    const c = tn.clients.community_admin;
    const all = await c.get(`/api/orgs?q=${tag}&pageSize=100`);
    expect(all.status).toBe(200);
    expect(ids(all).sort()).toEqual([parent.id, a.id, b.id].sort());
    expect(all.body.total).toBe(3);
    expect((await admin.get(`/api/orgs?q=${tag}`)).body.total).toBe(4);
    expect(ids(await admin.get(`/api/orgs?q=${tag}`))).toContain(c3.id);

    expect(ids(await c.get(`/api/orgs?q=code-${tag}`))).toEqual([a.id]);
    expect(ids(await c.get(`/api/orgs?q=${tag}&within=${tn.areas.zone.id}`))).toEqual([b.id]);
    expect(ids(await c.get(`/api/orgs?q=${tag}&areaId=${tn.areas.community.id}`)).sort()).toEqual(
      [parent.id, a.id].sort(),
    );
    expect(ids(await c.get(`/api/orgs?q=${tag}&type=committee`))).toEqual([parent.id]);
    expect(ids(await c.get(`/api/orgs?unitId=${u.id}`))).toEqual([a.id]);
    expect(ids(await c.get(`/api/orgs?parentId=${parent.id}`)).sort()).toEqual([a.id, b.id].sort());
    const page1 = await c.get(`/api/orgs?q=${tag}&pageSize=2&page=1`);
    const page2 = await c.get(`/api/orgs?q=${tag}&pageSize=2&page=2`);
    expect(page1.body.data).toHaveLength(2);
    expect(page2.body.data).toHaveLength(1);
    expect(new Set([...ids(page1), ...ids(page2)]).size).toBe(3);
    expect((await c.get('/api/orgs?type=planet')).status).toBe(400);
    expect((await c.get(`/api/orgs?within=${tn.areas.community3.id}`)).status).toBe(400);
  });

  it('a 大党委 gets two member-unit seats and one concurrent member, and only joint bodies have seats', async () => {
    const c = tn.clients.community_admin;
    const jointBody = await org(
      { areaId: tn.areas.community.id, type: 'joint_community_committee', name: '长兴社区大党委' },
      c,
    );
    const detail = await c.get(`/api/orgs/${jointBody.id}`);
    expect(detail.body.actions).toEqual(['update', 'addChild', 'delete', 'manageSeats']);
    const unitB = await unit(tn.areas.compound.id, '长兴中学');

    const seatA = await c.post(`/api/orgs/${jointBody.id}/seats`, {
      kind: 'member_unit',
      unitId: tn.inside.unitId,
      startOn: '2024-01-01',
    });
    expect(seatA.status).toBe(201);
    expect(seatA.body).toMatchObject({
      orgId: jointBody.id,
      areaId: tn.areas.community.id,
      kind: 'member_unit',
      unitId: tn.inside.unitId,
      unitName: expect.stringContaining('单位A'),
      memberName: null,
      actions: ['update', 'delete'],
    });
    const seatB = await c.post(`/api/orgs/${jointBody.id}/seats`, { kind: 'member_unit', unitId: unitB.id });
    expect(seatB.status).toBe(201);
    const concurrent = await c.post(`/api/orgs/${jointBody.id}/seats`, {
      kind: 'concurrent_member',
      memberId: tn.inside.memberId,
      unitId: tn.inside.unitId,
      post: '兼职委员',
      startOn: '2024-01-01',
      endOn: '2026-12-31',
    });
    expect(concurrent.status).toBe(201);
    expect(concurrent.body).toMatchObject({ memberName: '党员A', post: '兼职委员' });

    const seats = await c.get(`/api/orgs/${jointBody.id}/seats`);
    expect(seats.status).toBe(200);
    expect(seats.body.total).toBe(3);
    expect(
      seats.body.data.map((s: { kind: string; unitName: string | null }) => [s.kind, s.unitName]),
    ).toEqual([
      ['concurrent_member', expect.stringContaining('单位A')],
      ['member_unit', expect.stringContaining('单位A')],
      ['member_unit', '长兴中学'],
    ]);
    expect((await c.get(`/api/orgs/${jointBody.id}`)).body.seatCount).toBe(3);

    const promoted = await c.patch(`/api/orgs/${jointBody.id}/seats/${concurrent.body.id}`, {
      post: '副书记',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.post).toBe('副书记');
    const backwards = await c.patch(`/api/orgs/${jointBody.id}/seats/${concurrent.body.id}`, {
      endOn: '2023-01-01',
    });
    expect(backwards.status).toBe(400);
    expect(paths(backwards)).toEqual(['endOn']);
    expect(backwards.body.error.details[0].message).toContain('结束日期');
    const noPerson = await c.patch(`/api/orgs/${jointBody.id}/seats/${concurrent.body.id}`, {
      memberId: null,
    });
    expect(noPerson.status).toBe(400);
    expect(paths(noPerson)).toEqual(['memberId']);
    const named = await c.patch(`/api/orgs/${jointBody.id}/seats/${concurrent.body.id}`, {
      memberId: null,
      personName: '赵校长',
    });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ memberId: null, memberName: null, personName: '赵校长' });

    // Removing a seat, and the audit of the whole seat history.
    expect((await c.del(`/api/orgs/${jointBody.id}/seats/${seatB.body.id}`)).status).toBe(200);
    expect((await c.get(`/api/orgs/${jointBody.id}/seats`)).body.total).toBe(2);
    expect((await c.del(`/api/orgs/${jointBody.id}/seats/${seatB.body.id}`)).status).toBe(404);
    expect((await auditFor('party_org_seat', seatB.body.id)).map((e) => e.action)).toEqual([
      'create',
      'delete',
    ]);
    const seatEvents = await auditFor('party_org_seat', concurrent.body.id);
    expect(seatEvents.map((e) => e.action)).toEqual(['create', 'update', 'update']);
    expect(seatEvents[1]?.before).toEqual({ post: '兼职委员' });
    expect(seatEvents[1]?.after).toEqual({ post: '副书记' });
    expect(seatEvents[2]?.after).toEqual({ memberId: null, personName: '赵校长' });

    // A seat belongs to its body: under another body's URL it does not exist.
    const other = await org({ areaId: tn.areas.community.id, type: 'joint_community_committee' }, c);
    expect((await c.patch(`/api/orgs/${other.id}/seats/${seatA.body.id}`, { post: 'x' })).status).toBe(404);

    // Bad seats: each rule answers on its field and nothing is written.
    const bad = async (body: Record<string, unknown>) => {
      const res = await c.post(`/api/orgs/${jointBody.id}/seats`, body);
      expect(res.status).toBe(400);
      return paths(res);
    };
    expect(await bad({ kind: 'member_unit' })).toEqual(['unitId']);
    expect(await bad({ kind: 'concurrent_member', post: '兼职委员' })).toEqual(['memberId']);
    expect(await bad({ kind: 'member_unit', unitId: tn.outside.unitId })).toEqual(['unitId']);
    expect(await bad({ kind: 'concurrent_member', memberId: tn.outside.memberId })).toEqual(['memberId']);
    expect(await bad({ kind: 'chair' })).toEqual(['kind']);
    expect(
      await bad({
        kind: 'member_unit',
        unitId: tn.inside.unitId,
        startOn: '2024-05-01',
        endOn: '2024-04-01',
      }),
    ).toEqual(['endOn']);
    expect(await bad({ kind: 'member_unit', unitId: tn.inside.unitId, startOn: '2024-02-30' })).toEqual([
      'startOn',
    ]);
    c.lang = 'en';
    const badEn = await c.post(`/api/orgs/${jointBody.id}/seats`, { kind: 'concurrent_member' });
    expect(badEn.body.error.details[0].message).toContain('give the person');
    c.lang = 'zh-CN';
    expect((await c.get(`/api/orgs/${jointBody.id}/seats`)).body.total).toBe(2);

    // An ordinary branch has no seats.
    const onBranch = await c.post(`/api/orgs/${insideOrg}/seats`, {
      kind: 'member_unit',
      unitId: tn.inside.unitId,
    });
    expect(onBranch.status).toBe(400);
    expect(paths(onBranch)).toEqual(['orgId']);
    expect(onBranch.body.error.details[0].message).toContain('大党委');
    // …and a joint body with seats cannot turn into one, nor be deleted.
    const retype = await c.patch(`/api/orgs/${jointBody.id}`, { type: 'branch' });
    expect(retype.status).toBe(400);
    expect(paths(retype)).toEqual(['type']);
    const refused = await c.del(`/api/orgs/${jointBody.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.references).toEqual({ seats: 2 });

    // Seats follow their body when it moves, and lose sight with it.
    expect((await admin.patch(`/api/orgs/${jointBody.id}`, { areaId: tn.areas.community2.id })).status).toBe(
      200,
    );
    const moved = await admin.get(`/api/orgs/${jointBody.id}/seats`);
    expect(moved.body.data.every((s: { areaId: number }) => s.areaId === tn.areas.community2.id)).toBe(true);
    expect((await c.get(`/api/orgs/${jointBody.id}/seats`)).status).toBe(404);
  });

  it('a building joint branch counts members of two employers as employerCount 2', async () => {
    const c = tn.clients.community_admin;
    const branch = await org(
      { areaId: tn.areas.building.id, type: 'building_joint_branch', name: '商务楼宇联合党支部' },
      c,
    );
    const firmB = await unit(tn.areas.building.id, '楼宇企业B');
    for (const [name, unitId] of [
      ['楼宇党员甲', tn.inside.unitId],
      ['楼宇党员乙', tn.inside.unitId],
      ['楼宇党员丙', firmB.id],
    ] as const) {
      const res = await c.post('/api/members', {
        areaId: tn.areas.building.id,
        name,
        gender: 'male',
        idNumber: fakeIdNumber(),
        category: 'in_service',
        unitId,
        orgId: branch.id,
      });
      expect(res.status).toBe(201);
    }
    const got = await c.get(`/api/orgs/${branch.id}`);
    expect(got.body).toMatchObject({ memberCount: 3, employerCount: 2 });
    const listed = await c.get(`/api/orgs?type=building_joint_branch`);
    expect(listed.body.data.find((o: { id: number }) => o.id === branch.id)).toMatchObject({
      memberCount: 3,
      employerCount: 2,
    });
    const tree = await c.get(`/api/orgs/tree?rootId=${branch.id}`);
    expect(tree.body.data[0]).toMatchObject({ id: branch.id, memberCount: 3 });
    // Ordinary branches do not report employers.
    expect((await c.get(`/api/orgs/${insideOrg}`)).body.employerCount).toBeNull();

    const refused = await c.del(`/api/orgs/${branch.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('HAS_RECORDS');
    expect(refused.body.error.details.references).toEqual({ members: 3 });
  });

  it('keeps every role to its own data scope (allowed, 404 out of scope, 403 without the capability)', async () => {
    const expectations: [keyof Tenant['clients'], number, number][] = [
      ['platform', 200, 200],
      ['district_admin', 200, 200],
      ['street_admin', 200, 404],
      ['community_admin', 200, 404],
      ['outsideStreetAdmin', 404, 200],
      ['outsideCommunityAdmin', 404, 200],
      ['unit_admin', 200, 404],
      ['member', 403, 403],
      ['resident', 403, 403],
    ];
    for (const [role, inStatus, outStatus] of expectations) {
      const c = tn.clients[role];
      expect([role, (await c.get(`/api/orgs/${insideOrg}`)).status]).toEqual([role, inStatus]);
      expect([role, (await c.get(`/api/orgs/${outsideOrg}`)).status]).toEqual([role, outStatus]);
      expect([role, (await c.get(`/api/orgs/${insideOrg}/seats`)).status]).toEqual([role, inStatus]);
      const listed = await c.get('/api/orgs?pageSize=200');
      const tree = await c.get('/api/orgs/tree');
      if (inStatus === 403) {
        expect([role, listed.status, tree.status]).toEqual([role, 403, 403]);
        continue;
      }
      expect([role, ids(listed).includes(insideOrg), ids(listed).includes(outsideOrg)]).toEqual([
        role,
        inStatus === 200,
        outStatus === 200,
      ]);
      const treeIds = JSON.stringify(tree.body.data);
      expect(treeIds.includes(`"id":${outsideOrg},`)).toBe(outStatus === 200);
    }
    for (const role of ['street_admin', 'community_admin'] as const) {
      const c = tn.clients[role];
      expect((await c.patch(`/api/orgs/${outsideOrg}`, { note: 'x' })).status).toBe(404);
      expect((await c.del(`/api/orgs/${outsideOrg}`)).status).toBe(404);
      expect((await c.post(`/api/orgs/${outsideOrg}/seats`, { kind: 'member_unit', unitId: 1 })).status).toBe(
        404,
      );
      const create = await c.post('/api/orgs', { areaId: tn.areas.community3.id, type: 'branch', name: 'x' });
      expect(create.status).toBe(400);
      expect(paths(create)).toEqual(['areaId']);
      const underOutside = await c.post('/api/orgs', {
        areaId: tn.areas.community.id,
        parentId: outsideOrg,
        unitId: tn.outside.unitId,
        type: 'branch',
        name: 'x',
      });
      expect(underOutside.status).toBe(400);
      expect(paths(underOutside)).toEqual(['parentId', 'unitId']);
    }
    for (const role of ['member', 'resident'] as const) {
      const c = tn.clients[role];
      expect(
        (await c.post('/api/orgs', { areaId: tn.areas.community.id, type: 'branch', name: 'x' })).status,
      ).toBe(403);
      expect((await c.patch(`/api/orgs/${insideOrg}`, { note: 'x' })).status).toBe(403);
      expect((await c.del(`/api/orgs/${insideOrg}`)).status).toBe(403);
      expect((await c.post(`/api/orgs/${insideOrg}/seats`, { kind: 'member_unit', unitId: 1 })).status).toBe(
        403,
      );
      expect((await c.del(`/api/orgs/${insideOrg}/seats/1`)).status).toBe(403);
    }
  });

  it('a unit admin reads, updates and founds organisations of its own unit only', async () => {
    const c = tn.clients.unit_admin;
    const neighbour = await org({ areaId: tn.areas.community.id, name: '邻居支部' });
    const jointBody = await org({ areaId: tn.areas.community.id, type: 'joint_community_committee' });

    const list = await c.get('/api/orgs?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.data.every((o: { unitId: number }) => o.unitId === tn.inside.unitId)).toBe(true);
    expect(ids(list)).toContain(insideOrg);
    expect((await c.get(`/api/orgs/${neighbour.id}`)).status).toBe(404);
    expect((await c.patch(`/api/orgs/${neighbour.id}`, { note: 'x' })).status).toBe(404);
    expect((await c.get(`/api/orgs/${jointBody.id}/seats`)).status).toBe(404);

    const got = await c.get(`/api/orgs/${insideOrg}`);
    expect(got.body.actions).toEqual(['update', 'addChild']);
    const edited = await c.patch(`/api/orgs/${insideOrg}`, { secretaryName: '单位书记' });
    expect(edited.status).toBe(200);
    expect(edited.body.secretaryName).toBe('单位书记');

    // A new organisation is its unit's whether or not the unit is named.
    const created = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      parentId: insideOrg,
      type: 'party_group',
      name: '单位党小组',
    });
    expect(created.status).toBe(201);
    expect(created.body.unitId).toBe(tn.inside.unitId);
    const otherUnit = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      unitId: tn.outside.unitId,
      type: 'branch',
      name: 'x',
    });
    expect(otherUnit.status).toBe(400);
    expect(paths(otherUnit)).toEqual(['unitId']);
    const noUnit = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      unitId: null,
      type: 'branch',
      name: 'x',
    });
    expect(paths(noUnit)).toEqual(['unitId']);
    const foreignParent = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      parentId: neighbour.id,
      type: 'branch',
      name: 'x',
    });
    expect(paths(foreignParent)).toEqual(['parentId']);
    const giveAway = await c.patch(`/api/orgs/${created.body.id}`, { unitId: null });
    expect(giveAway.status).toBe(400);
    expect(paths(giveAway)).toEqual(['unitId']);

    expect((await c.del(`/api/orgs/${created.body.id}`)).status).toBe(403);
    expect((await admin.del(`/api/orgs/${created.body.id}`)).status).toBe(200);
    const events = await auditFor('party_org', created.body.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
  });

  it('refuses to delete an organisation with child organisations (409, saying why)', async () => {
    const parent = await org({ areaId: tn.areas.community.id, type: 'general_branch' });
    const child = await org({ areaId: tn.areas.community.id, parentId: parent.id });
    const refused = await admin.del(`/api/orgs/${parent.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('HAS_RECORDS');
    expect(refused.body.error.message).toContain('引用');
    expect(refused.body.error.details.references).toEqual({ children: 1 });
    expect((await admin.del(`/api/orgs/${child.id}`)).status).toBe(200);
    expect((await admin.del(`/api/orgs/${parent.id}`)).status).toBe(200);
  });

  it('rejects bad input field by field, in Chinese or English, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const before = await total();
    const bad = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      type: 'planet',
      code: 'bad code!',
      name: '',
      foundedOn: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(bad)).toEqual(['code', 'foundedOn', 'name', 'type']);
    expect(bad.body.error.details.find((d: { path: string }) => d.path === 'code').message).toContain('编码');
    c.lang = 'en';
    const badEn = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      type: 'branch',
      code: 'a b',
      name: 'x',
    });
    expect(badEn.body.error.details[0].message).toContain('Codes may contain');
    const missing = await c.post('/api/orgs', {});
    expect(paths(missing)).toEqual(['areaId', 'name', 'type']);
    expect(missing.body.error.details[0].message).toBe('Required');
    c.lang = 'zh-CN';
    const refs = await c.post('/api/orgs', {
      areaId: tn.areas.community.id,
      parentId: 99_999_999,
      unitId: 99_999_999,
      type: 'branch',
      name: 'x',
    });
    expect(refs.status).toBe(400);
    expect(paths(refs)).toEqual(['parentId', 'unitId']);
    expect(refs.body.error.details[0].message).toContain('不存在');
    expect(await total()).toBe(before);

    const code = `dup-${uid()}`;
    const first = await org({ areaId: tn.areas.community.id, code, name: '原名' }, c);
    const dup = await c.post('/api/orgs', { areaId: tn.areas.community.id, type: 'branch', code, name: 'x' });
    expect(dup.status).toBe(409);
    expect(paths(dup)).toEqual(['code']);
    expect(await total()).toBe(before + 1);

    const eventsBefore = (await auditFor('party_org', first.id)).length;
    const badPatch = await c.patch(`/api/orgs/${first.id}`, {
      name: '',
      type: 'club',
      foundedOn: '2020-13-01',
    });
    expect(badPatch.status).toBe(400);
    expect(paths(badPatch)).toEqual(['foundedOn', 'name', 'type']);
    const other = await org({ areaId: tn.areas.community.id, code: `other-${uid()}` }, c);
    const dupPatch = await c.patch(`/api/orgs/${other.id}`, { code });
    expect(dupPatch.status).toBe(409);
    expect(paths(dupPatch)).toEqual(['code']);
    expect((await c.patch(`/api/orgs/${first.id}`, { areaId: tn.areas.community3.id })).status).toBe(400);
    expect((await c.patch(`/api/orgs/${first.id}`, { unitId: tn.outside.unitId })).status).toBe(400);
    expect((await c.get(`/api/orgs/${first.id}`)).body.name).toBe('原名');
    expect(await auditFor('party_org', first.id)).toHaveLength(eventsBefore);
    expect((await auditFor('party_org', other.id)).map((e) => e.action)).toEqual(['create']);
    expect((await c.get('/api/orgs/abc')).status).toBe(400);
    expect((await c.get('/api/orgs/tree?rootId=abc')).status).toBe(400);
  });
});
