import { describe, expect, it } from 'vitest';
import { partyOrgs, units } from '#server/db/schema/index.ts';
import { evaluateCoverage, type NodeInput } from '#server/modules/cadres/coverage/rules.ts';
import { generateDemo } from '#server/seed/generate.ts';
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

let tn: Tenant;
/** Four branches of the C1 unit (the "bureau" the tenant's unit admin runs), sitting in C2. */
let branches: number[];
/** A branch of another unit, a joint body, and a branch registered in another district. */
let otherUnitBranch: number;
let jointBody: number;
let foreignBranch: number;

/**
 * A community under S1 built for the status checks:
 *   Z1 ─ P1 (B1, B2), P2 (B3)    Z2 ─ P3 (B4, B5), P4 (B6)
 *   Z3 ─ P5 (B7, B8)             Z4 ─ P6 (B9, B10)
 */
let community: { id: number; path: string };
/** The cross-appointment serving 向荣社区, its two-new organisations and the SOE there. */
let visitAppointment: number;
let twoNewOrgs: number[];
let soeId: number;
const zone: Record<string, number> = {};
const compound: Record<string, number> = {};
const building: Record<string, number> = {};

/** Report items without their drill-down queries (checked on their own below). */
const bare = (items: any[]) => items.map(({ drill: _d, ...rest }) => rest);

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

/** Rows of a table recorded against this tenant's district (other test files share the database). */
async function countRows(table: string) {
  const res = await t.database.pool.query(
    `select count(*)::int as n from ${table} where area_id in (select id from areas where path like $1)`,
    [`${tn.areas.district.path}%`],
  );
  return res.rows[0].n as number;
}

async function mkArea(parentId: number, level: string, name: string) {
  const p = tn.clients.platform;
  const res = await p.post('/api/areas', { parentId, level, code: `${level}-${uid()}`, name });
  expect(res.status).toBe(201);
  return res.body as { id: number; path: string };
}

async function org(areaId: number, name: string, unitId: number | null, type = 'branch') {
  const [row] = await t.database.db
    .insert(partyOrgs)
    .values({ areaId, unitId, type: type as 'branch', name })
    .returning({ id: partyOrgs.id });
  return row!.id;
}

const assign = (c: Client, orgId: number, areaId: number, extra: Record<string, unknown> = {}) =>
  c.post('/api/coverage/assignments', { orgId, areaId, startOn: '2026-01-01', ...extra });

describe('coverage assignments (包保)', () => {
  it('builds a tenant with a bureau of branches and a community of 4 zones, 6 compounds, 10 buildings', async () => {
    tn = await createTenant(t);
    const bureau = tn.inside.unitId;
    branches = [];
    for (let i = 1; i <= 4; i++) branches.push(await org(tn.areas.community2.id, `局第${i}党支部`, bureau));
    const [other] = await t.database.db
      .insert(units)
      .values({ areaId: tn.areas.community2.id, name: `其他单位-${tn.tag}`, type: 'agency' })
      .returning({ id: units.id });
    otherUnitBranch = await org(tn.areas.community2.id, '其他单位党支部', other!.id);
    jointBody = await org(tn.areas.community.id, '社区大党委', null, 'joint_community_committee');
    const foreign = await tn.clients.platform.post('/api/areas', {
      parentId: null,
      level: 'district',
      code: `district-${uid()}`,
      name: '外区',
    });
    foreignBranch = await org(foreign.body.id, '外区支部', null);

    community = await mkArea(tn.areas.street.id, 'community', '向荣社区');
    const layout: [string, [string, string[]][]][] = [
      [
        'Z1',
        [
          ['P1', ['B1', 'B2']],
          ['P2', ['B3']],
        ],
      ],
      [
        'Z2',
        [
          ['P3', ['B4', 'B5']],
          ['P4', ['B6']],
        ],
      ],
      ['Z3', [['P5', ['B7', 'B8']]]],
      ['Z4', [['P6', ['B9', 'B10']]]],
    ];
    for (const [z, compounds] of layout) {
      zone[z] = (await mkArea(community.id, 'zone', z)).id;
      for (const [p, buildings] of compounds) {
        compound[p] = (await mkArea(zone[z]!, 'compound', p)).id;
        for (const b of buildings) building[b] = (await mkArea(compound[p]!, 'building', b)).id;
      }
    }
    expect(Object.keys(building)).toHaveLength(10);
  });

  it('a community admin assigns a zone of its community to a bureau branch registered elsewhere, audited', async () => {
    const res = await assign(tn.clients.community_admin, branches[0]!, tn.areas.zone.id, {
      note: '包保东片区',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orgId: branches[0],
      unitId: tn.inside.unitId,
      areaId: tn.areas.zone.id,
      areaLevel: 'zone',
      communityId: tn.areas.community.id,
      startOn: '2026-01-01',
      endOn: null,
      note: '包保东片区',
      active: true,
      actions: ['update', 'delete'],
    });
    const events = await auditTrail(t, 'coverage_assignment', res.body.id);
    expect(events.map((e) => e.action)).toEqual(['create']);
    expect(events[0]?.area_id).toBe(tn.areas.zone.id);
    expect(events[0]?.after).toMatchObject({ orgId: branches[0], areaId: tn.areas.zone.id });
  });

  it('ends an assignment by setting its last day and deletes a mistaken one, each step audited', async () => {
    const c = tn.clients.street_admin;
    const created = await assign(c, branches[1]!, tn.areas.building.id);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ended = await c.patch(`/api/coverage/assignments/${id}`, { endOn: '2026-02-28' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endOn: '2026-02-28', active: false });
    // Re-sending the same values is not an event.
    expect((await c.patch(`/api/coverage/assignments/${id}`, { endOn: '2026-02-28' })).status).toBe(200);
    expect((await c.del(`/api/coverage/assignments/${id}`)).status).toBe(200);
    expect((await c.get(`/api/coverage/assignments/${id}`)).status).toBe(404);
    const events = await auditTrail(t, 'coverage_assignment', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events[1]?.before).toEqual({ endOn: null });
    expect(events[1]?.after).toEqual({ endOn: '2026-02-28' });
    expect(events[2]?.before).toMatchObject({ orgId: branches[1], areaId: tn.areas.building.id });
  });

  it('refuses a second assignment of the same branch to the same node in an overlapping period (409)', async () => {
    const c = tn.clients.street_admin;
    const first = await assign(c, branches[1]!, tn.areas.compound.id, { endOn: '2026-06-30' });
    expect(first.status).toBe(201);
    const before = await countRows('coverage_assignments');
    const clash = await assign(c, branches[1]!, tn.areas.compound.id, { startOn: '2026-06-01' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('COVERAGE_OVERLAP');
    expect(await countRows('coverage_assignments')).toBe(before);
    // The next term, starting after the first ends, is fine.
    expect((await assign(c, branches[1]!, tn.areas.compound.id, { startOn: '2026-07-01' })).status).toBe(201);
    // Stretching the first term into the second is refused too.
    const stretch = await c.patch(`/api/coverage/assignments/${first.body.id}`, { endOn: null });
    expect(stretch.status).toBe(409);
  });

  it('scopes reads and writes by role: area admins over their subtree, the unit admin reads its own', async () => {
    const mine = (await tn.clients.community_admin.get('/api/coverage/assignments?pageSize=100')).body;
    const id = mine.data.find((a: any) => a.areaId === tn.areas.zone.id).id;
    const foreign = await assign(tn.clients.street_admin, otherUnitBranch, compound.P1!);
    expect(foreign.status).toBe(201);
    expect(foreign.body).toMatchObject({ areaName: 'P1', areaLabel: 'Z1 / P1', communityName: '向荣社区' });

    // The street admin sees both; the community admin only its community's.
    const street = await tn.clients.street_admin.get('/api/coverage/assignments?pageSize=100');
    expect(street.body.data.map((a: any) => a.id)).toEqual(expect.arrayContaining([id, foreign.body.id]));
    expect(mine.data.map((a: any) => a.id)).not.toContain(foreign.body.id);
    expect(
      (await tn.clients.community_admin.get(`/api/coverage/assignments/${foreign.body.id}`)).status,
    ).toBe(404);

    // Other streets and communities: not visible, not writable.
    expect((await tn.clients.outsideStreetAdmin.get(`/api/coverage/assignments/${id}`)).status).toBe(404);
    expect(
      (await tn.clients.outsideCommunityAdmin.patch(`/api/coverage/assignments/${id}`, { note: 'x' })).status,
    ).toBe(404);
    expect((await tn.clients.outsideCommunityAdmin.del(`/api/coverage/assignments/${id}`)).status).toBe(404);
    expect((await tn.clients.outsideStreetAdmin.get('/api/coverage/assignments')).body.total).toBe(0);

    // The bureau's admin reads its own branches' assignments, read-only, and nothing else.
    const u = tn.clients.unit_admin;
    const own = await u.get('/api/coverage/assignments?pageSize=100');
    expect(own.status).toBe(200);
    expect(own.body.data.length).toBeGreaterThan(0);
    expect(own.body.data.every((a: any) => a.unitId === tn.inside.unitId)).toBe(true);
    const one = await u.get(`/api/coverage/assignments/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.actions).toEqual([]);
    expect((await u.get(`/api/coverage/assignments/${foreign.body.id}`)).status).toBe(404);
    expect((await u.patch(`/api/coverage/assignments/${id}`, { note: 'x' })).status).toBe(403);
    expect((await u.del(`/api/coverage/assignments/${id}`)).status).toBe(403);
    expect((await assign(u, branches[0]!, tn.areas.building.id)).status).toBe(403);
    expect((await u.get(`/api/coverage/status?areaId=${tn.areas.community.id}`)).status).toBe(403);

    // Members and residents never use coverage.
    for (const c of [tn.clients.member, tn.clients.resident]) {
      expect((await c.get('/api/coverage/assignments')).status).toBe(403);
      expect((await c.get(`/api/coverage/assignments/${id}`)).status).toBe(403);
      expect((await assign(c, branches[0]!, tn.areas.building.id)).status).toBe(403);
      expect((await c.get(`/api/coverage/status?areaId=${tn.areas.community.id}`)).status).toBe(403);
    }

    // Filters: by organisation, by unit, by subtree and by the day assignments run.
    const byOrg = await tn.clients.street_admin.get(`/api/coverage/assignments?orgId=${otherUnitBranch}`);
    expect(byOrg.body.data.map((a: any) => a.id)).toEqual([foreign.body.id]);
    const within = await tn.clients.street_admin.get(
      `/api/coverage/assignments?within=${tn.areas.community.id}`,
    );
    expect(within.body.data.every((a: any) => a.communityId === tn.areas.community.id)).toBe(true);
    const later = await tn.clients.street_admin.get(
      `/api/coverage/assignments?within=${tn.areas.community.id}&activeOn=2026-08-01&pageSize=100`,
    );
    expect(later.body.data.every((a: any) => a.endOn === null || a.endOn >= '2026-08-01')).toBe(true);
    expect(
      (await tn.clients.street_admin.get(`/api/coverage/assignments?within=${tn.areas.community3.id}`))
        .status,
    ).toBe(400);
    await tn.clients.street_admin.del(`/api/coverage/assignments/${foreign.body.id}`);
  });

  it('offers the district’s organisations for the form’s picker, bureau branches elsewhere included, joint bodies not', async () => {
    const c = tn.clients.community_admin;
    const res = await c.get('/api/coverage/orgs?pageSize=200');
    expect(res.status).toBe(200);
    const ids = res.body.data.map((o: any) => o.id);
    // The bureau's branches sit in C2, outside the community admin's own subtree.
    expect(ids).toEqual(expect.arrayContaining([...branches, otherUnitBranch]));
    expect(ids).not.toContain(jointBody);
    expect(ids).not.toContain(foreignBranch);
    expect(res.body.total).toBe(res.body.data.length);
    const one = res.body.data.find((o: any) => o.id === branches[0]);
    expect(one).toMatchObject({
      name: '局第1党支部',
      unitId: tn.inside.unitId,
      areaId: tn.areas.community2.id,
      actions: [],
    });
    const found = await c.get(`/api/coverage/orgs?q=${encodeURIComponent('局第2')}`);
    expect(found.body.data.map((o: any) => o.id)).toEqual([branches[1]]);
    // The platform admin names the node, and gets that node's district.
    const p = await tn.clients.platform.get(`/api/coverage/orgs?areaId=${tn.areas.zone.id}&pageSize=200`);
    expect(p.body.data.map((o: any) => o.id)).toEqual(expect.arrayContaining(branches));
    expect(p.body.data.map((o: any) => o.id)).not.toContain(foreignBranch);
    expect((await c.get(`/api/coverage/orgs?areaId=${tn.areas.community3.id}`)).status).toBe(400);
    for (const x of [tn.clients.unit_admin, tn.clients.member, tn.clients.resident])
      expect((await x.get('/api/coverage/orgs')).status).toBe(403);
  });

  it('rejects bad input with 400, every bad field at once, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const before = await countRows('coverage_assignments');
    const events = await countRows('audit_events');

    const order = await assign(c, branches[0]!, tn.areas.building.id, {
      startOn: '2026-05-01',
      endOn: '2026-04-01',
    });
    expect(order.status).toBe(400);
    expect(paths(order)).toEqual(['endOn']);
    // A community is not a coverable node; a joint body cannot take coverage on.
    const level = await assign(c, jointBody, tn.areas.community.id);
    expect(level.status).toBe(400);
    expect(paths(level)).toEqual(['areaId', 'orgId']);
    // A node outside the caller's subtree, and a branch of another district.
    const scope = await assign(c, foreignBranch, building.B1!);
    expect(scope.status).toBe(400);
    expect(paths(scope)).toEqual(['areaId', 'orgId']);
    const missing = await assign(c, 99_999_999, 99_999_999);
    expect(paths(missing)).toEqual(['areaId', 'orgId']);
    const shape = await c.post('/api/coverage/assignments', {
      orgId: 'x',
      areaId: -1,
      startOn: '2026-13-01',
    });
    expect(shape.status).toBe(400);
    expect(paths(shape)).toEqual(['areaId', 'orgId', 'startOn']);
    const patch = await c.patch(
      `/api/coverage/assignments/${(await c.get('/api/coverage/assignments')).body.data[0].id}`,
      { endOn: '2025-01-01' },
    );
    expect(patch.status).toBe(400);
    expect(paths(patch)).toEqual(['endOn']);

    expect((await c.get('/api/coverage/status')).status).toBe(400);
    const zoneStatus = await c.get(`/api/coverage/status?areaId=${tn.areas.zone.id}`);
    expect(zoneStatus.status).toBe(400);
    expect(paths(zoneStatus)).toEqual(['areaId']);
    expect((await c.get(`/api/coverage/status?areaId=${tn.areas.community3.id}`)).status).toBe(400);
    expect((await c.get(`/api/coverage/status?areaId=${tn.areas.community.id}&on=yesterday`)).status).toBe(
      400,
    );
    const visits = await c.get(
      `/api/coverage/visits?areaId=${tn.areas.community.id}&from=2026-03-31&to=2026-03-01`,
    );
    expect(visits.status).toBe(400);
    expect(paths(visits)).toEqual(['to']);
    expect((await c.get(`/api/coverage/visits?areaId=${tn.areas.community.id}`)).status).toBe(400);

    expect(await countRows('coverage_assignments')).toBe(before);
    expect(await countRows('audit_events')).toBe(events);
  });
});

describe('coverage status', () => {
  const status = async (c: Client, areaId = community.id, on?: string) => {
    const res = await c.get(`/api/coverage/status?areaId=${areaId}${on ? `&on=${on}` : ''}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const ids = (nodes: { id: number }[]) => nodes.map((n) => n.id).sort((a, b) => a - b);

  it('reports an incomplete community with the one building nobody covers, and the gap above it', async () => {
    const c = tn.clients.street_admin;
    const [b1, b2, b3, b4] = branches as [number, number, number, number];
    for (const [orgId, areaId] of [
      [b1, zone.Z1],
      [b2, compound.P3],
      [b2, compound.P4],
      [b3, compound.P5],
      [b4, building.B9],
      // Held within b1's zone: layered responsibility, not double coverage.
      [b2, building.B1],
    ] as [number, number][])
      expect((await assign(c, orgId, areaId)).status).toBe(201);
    // An assignment that ended, and one not yet started, cover nothing today.
    expect((await assign(c, b4, building.B10!, { startOn: '2025-01-01', endOn: '2025-12-31' })).status).toBe(
      201,
    );
    expect((await assign(c, b4, building.B10!, { startOn: '2099-01-01' })).status).toBe(201);

    const s = await status(c);
    expect(s.area).toEqual({ id: community.id, name: '向荣社区', level: 'community' });
    expect(s.communities).toHaveLength(1);
    const cc = s.communities[0];
    expect(cc.complete).toBe(false);
    expect(cc.counts).toEqual({
      zones: { total: 4, covered: 3 },
      compounds: { total: 6, covered: 5 },
      buildings: { total: 10, covered: 9 },
    });
    expect(cc.uncovered.filter((n: any) => n.level === 'building').map((n: any) => n.id)).toEqual([
      building.B10,
    ]);
    expect(ids(cc.uncovered)).toEqual([zone.Z4!, compound.P6!, building.B10!].sort((a, b) => a - b));
    const b10 = cc.uncovered.find((n: any) => n.id === building.B10);
    expect(b10.label).toBe('Z4 / P6 / B10');
    expect(cc.summary).toBe('包保未全覆盖：片区 3/4，小区 5/6，楼栋 9/10');
    expect(cc.doublyCovered).toEqual([]);

    // Per branch: nodes held directly, and buildings covered in all.
    const byOrg = Object.fromEntries(cc.orgs.map((o: any) => [o.orgId, o]));
    expect(byOrg[b1]).toMatchObject({ zones: 1, compounds: 0, buildings: 0, coveredBuildings: 3 });
    expect(byOrg[b2]).toMatchObject({ zones: 0, compounds: 2, buildings: 1, coveredBuildings: 4 });
    expect(byOrg[b4]).toMatchObject({ zones: 0, compounds: 0, buildings: 1, coveredBuildings: 1 });
    const row = cc.buildings.find((b: any) => b.id === building.B1);
    expect(row.coveredBy.map((x: any) => [x.orgId, x.viaLevel])).toEqual([
      [b1, 'zone'],
      [b2, 'building'],
    ]);
  });

  it('turns complete once the last building is covered, and judges any past day as it was', async () => {
    const c = tn.clients.street_admin;
    expect(
      (await assign(c, branches[3]!, building.B10!, { startOn: '2026-03-01', endOn: '2098-12-31' })).status,
    ).toBe(201);
    const cc = (await status(c)).communities[0];
    expect(cc.complete).toBe(true);
    expect(cc.uncovered).toEqual([]);
    expect(cc.counts).toEqual({
      zones: { total: 4, covered: 4 },
      compounds: { total: 6, covered: 6 },
      buildings: { total: 10, covered: 10 },
    });
    expect(cc.summary).toBe('4个片区、6个小区、10个楼栋全部包保覆盖');
    const en = tn.clients.street_admin;
    en.lang = 'en';
    expect((await status(en)).communities[0].summary).toBe('4 zones, 6 compounds, 10 buildings all covered');
    en.lang = 'zh-CN';
    // On 2026-02-01 the B10 assignment had not started yet.
    const past = (await status(c, community.id, '2026-02-01')).communities[0];
    expect(past.complete).toBe(false);
    expect(past.uncovered.map((n: any) => n.id)).toContain(building.B10);
  });

  it('lists a compound assigned directly to two organisations as doubly covered', async () => {
    const c = tn.clients.street_admin;
    expect((await assign(c, branches[2]!, compound.P3!)).status).toBe(201);
    const cc = (await status(c)).communities[0];
    expect(cc.complete).toBe(true);
    expect(cc.doublyCovered).toHaveLength(1);
    expect(cc.doublyCovered[0]).toMatchObject({ id: compound.P3, level: 'compound', label: 'Z2 / P3' });
    expect(cc.doublyCovered[0].orgs.map((o: any) => o.orgId).sort()).toEqual(
      [branches[1], branches[2]].sort(),
    );
  });

  it('names the building heads (楼栋长) of each building and the buildings without one', async () => {
    const c = tn.clients.street_admin;
    const head = async (areaId: number, name: string, roles = ['building_head']) => {
      const res = await c.post('/api/members', {
        areaId,
        name,
        gender: 'female',
        idNumber: fakeIdNumber(),
        category: 'community',
        roles,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const h1 = await head(building.B1!, '楼栋长甲');
    const h2 = await head(building.B1!, '楼栋长乙');
    const h3 = await head(building.B4!, '楼栋长丙');
    // Living in the building without the role, and holding the role while living in the compound.
    await head(building.B2!, '普通党员', []);
    await head(compound.P1!, '住小区的楼栋长');
    const cc = (await status(c)).communities[0];
    expect(cc.buildings).toHaveLength(10);
    const heads = Object.fromEntries(
      cc.buildings.map((b: any) => [b.id, b.heads.map((h: any) => h.memberId)]),
    );
    expect(heads[building.B1!]).toEqual([h1, h2]);
    expect(heads[building.B4!]).toEqual([h3]);
    expect(heads[building.B2!]).toEqual([]);
    expect(ids(cc.buildingsWithoutHead)).toEqual(
      Object.entries(building)
        .filter(([k]) => k !== 'B1' && k !== 'B4')
        .map(([, v]) => v)
        .sort((a, b) => a - b),
    );
  });

  it('reports each community of a street for a street admin, and nothing outside for others', async () => {
    const s = await status(tn.clients.street_admin, tn.areas.street.id);
    expect(s.area.level).toBe('street');
    const names = s.communities.map((x: any) => x.community.id);
    expect(names).toEqual(
      expect.arrayContaining([tn.areas.community.id, tn.areas.community2.id, community.id]),
    );
    const c1 = s.communities.find((x: any) => x.community.id === tn.areas.community.id);
    // C1: Z1 held by a bureau branch, so its compound and building are covered.
    expect(c1.complete).toBe(true);
    expect(c1.counts.buildings).toEqual({ total: 1, covered: 1 });
    const c2 = s.communities.find((x: any) => x.community.id === tn.areas.community2.id);
    // C2 has nothing under it: nothing to cover, not a gap.
    expect(c2).toMatchObject({ complete: false, nothingToCover: true, uncovered: [] });
    expect(c2.summary).toBe('无需包保：社区下未设片区、小区或楼栋');
    expect(c1.nothingToCover).toBe(false);
    const en = tn.clients.street_admin;
    en.lang = 'en';
    try {
      const again = await status(en, tn.areas.street.id);
      expect(again.communities.find((x: any) => x.community.id === tn.areas.community2.id).summary).toBe(
        'Nothing to cover: the community has no zones, compounds or buildings',
      );
    } finally {
      en.lang = 'zh-CN';
    }
    expect(
      (await tn.clients.outsideStreetAdmin.get(`/api/coverage/status?areaId=${community.id}`)).status,
    ).toBe(400);
    expect((await tn.clients.community_admin.get(`/api/coverage/status?areaId=${community.id}`)).status).toBe(
      400,
    );
  });
});

describe('visit coverage of two-new organisations', () => {
  it('counts 19 of 20 two-new organisations visited as 95 %, ignoring rejected and out-of-period visits', async () => {
    const d = tn.clients.district_admin;
    const c = tn.clients.street_admin;
    const kinds = await d.get('/api/appointment-kinds?pageSize=100');
    const kindId = kinds.body.data.find((k: any) => k.code === 'cross_appointment').id;
    const receiving = await org(community.id, '向荣社区党委', null, 'committee');
    const appointee = await c.post('/api/members', {
      areaId: community.id,
      name: '交叉任职书记',
      gender: 'male',
      idNumber: fakeIdNumber(),
      category: 'community',
    });
    const ap = await c.post('/api/appointments', {
      kindId,
      memberId: appointee.body.id,
      receivingOrgId: receiving,
      termStart: '2026-01-01',
    });
    expect(ap.status).toBe(201);
    visitAppointment = ap.body.id;

    // 20 two-new organisations spread over the community's compounds, plus an SOE.
    const orgs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await c.post('/api/units', {
        areaId: i % 2 ? compound.P1 : community.id,
        name: `两新组织${i + 1}-${tn.tag}`,
        type: i % 3 ? 'two_new_firm' : 'two_new_social',
      });
      expect(res.status).toBe(201);
      orgs.push(res.body.id);
    }
    const soe = await c.post('/api/units', { areaId: community.id, name: `国企-${tn.tag}`, type: 'soe' });
    twoNewOrgs = orgs;
    soeId = soe.body.id;

    const visit = async (targetUnitId: number | null, occurredAt: string) => {
      const res = await c.post('/api/work-logs', {
        appointmentId: ap.body.id,
        kind: 'visit',
        occurredAt,
        content: '走访了解需求',
        ...(targetUnitId
          ? { targetType: 'two_new_org', targetUnitId }
          : { targetType: 'household', householdAddress: '1栋101' }),
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    // 19 organisations visited in March; three of them twice; the first on 1 March just after midnight.
    await visit(orgs[0]!, '2026-03-01T00:30:00+08:00');
    for (let i = 1; i < 19; i++)
      await visit(orgs[i]!, `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00+08:00`);
    for (let i = 0; i < 3; i++) await visit(orgs[i]!, '2026-03-25T15:00:00+08:00');
    // The 20th: rejected in March, and visited on 1 April (00:30 Beijing, still 31 March in UTC).
    const rejected = await visit(orgs[19]!, '2026-03-20T10:00:00+08:00');
    expect((await c.post(`/api/work-logs/${rejected}/reject`, { comment: '未见走访记录' })).status).toBe(200);
    await visit(orgs[19]!, '2026-04-01T00:30:00+08:00');
    await visit(orgs[19]!, '2026-02-28T23:30:00+08:00');
    // Other targets: an SOE and a household.
    await c.post('/api/work-logs', {
      appointmentId: ap.body.id,
      kind: 'visit',
      occurredAt: '2026-03-10T10:00:00+08:00',
      content: '走访国企',
      targetType: 'unit',
      targetUnitId: soe.body.id,
    });
    await visit(null, '2026-03-11T10:00:00+08:00');

    const res = await c.get(`/api/coverage/visits?areaId=${community.id}&from=2026-03-01&to=2026-03-31`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      area: { id: community.id, level: 'community' },
      from: '2026-03-01',
      to: '2026-03-31',
      twoNewTotal: 20,
      visited: 19,
      sharePercent: 95,
      visits: 22,
    });
    expect(res.body.unvisited.map((u: any) => u.id)).toEqual([orgs[19]]);
    expect(res.body.visitedUnits).toHaveLength(19);
    expect(res.body.visitedUnits.find((u: any) => u.id === orgs[0])).toMatchObject({
      name: `两新组织1-${tn.tag}`,
      visits: 2,
    });
    expect(bare(res.body.byTargetType)).toEqual([
      { targetType: 'household', visits: 1 },
      { targetType: 'two_new_org', visits: 22 },
      { targetType: 'unit', visits: 1 },
    ]);

    // April alone: only the 20th was visited.
    const april = await c.get(`/api/coverage/visits?areaId=${community.id}&from=2026-04-01&to=2026-04-30`);
    expect(april.body).toMatchObject({ twoNewTotal: 20, visited: 1, sharePercent: 5, visits: 1 });
    // A compound's organisations only; an area without any gives no share.
    const p1 = await c.get(`/api/coverage/visits?areaId=${compound.P1}&from=2026-03-01&to=2026-03-31`);
    expect(p1.body).toMatchObject({ twoNewTotal: 10, visited: 9 });
    const none = await c.get(
      `/api/coverage/visits?areaId=${tn.areas.community2.id}&from=2026-03-01&to=2026-03-31`,
    );
    expect(none.body).toMatchObject({
      twoNewTotal: 0,
      visited: 0,
      sharePercent: null,
      visits: 0,
      unvisited: [],
    });

    // Scope: unit admins, members and residents may not; other streets see nothing of it.
    for (const x of [tn.clients.unit_admin, tn.clients.member, tn.clients.resident])
      expect(
        (await x.get(`/api/coverage/visits?areaId=${community.id}&from=2026-03-01&to=2026-03-31`)).status,
      ).toBe(403);
    expect(
      (
        await tn.clients.outsideStreetAdmin.get(
          `/api/coverage/visits?areaId=${community.id}&from=2026-03-01&to=2026-03-31`,
        )
      ).status,
    ).toBe(400);
  });
});

describe('one population per visit figure, each drillable to exactly its logs', () => {
  /** The total of the work-log list for a figure's drill-down query. */
  const drillTotal = async (c: Client, drill: Record<string, string>) => {
    const res = await c.get(`/api/work-logs?${new URLSearchParams({ ...drill, pageSize: '1' })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.total as number;
  };
  /** Every figure that counts logs, against its drill-down. */
  const expectDrillsExact = async (c: Client, v: any) => {
    const figures: [string, number, Record<string, string>][] = [
      ['visits', v.visits, v.drills.visits],
      ['appointeeVisits', v.appointeeVisits, v.drills.appointeeVisits],
      ['visitsWithDemands', v.visitsWithDemands, v.drills.visitsWithDemands],
      ['population to_area_orgs', v.visits, v.populations.toAreaOrgs.drill],
      ['population by_area_appointees', v.appointeeVisits, v.populations.byAreaAppointees.drill],
      ...v.visitedUnits.map((u: any) => [`unit ${u.name}`, u.visits, u.drill]),
      ...v.byTargetType.map((x: any) => [`target ${x.targetType}`, x.visits, x.drill]),
      ...v.demandsByCategory.map((d: any) => [`demand ${d.code}`, d.visits, d.drill]),
    ];
    for (const [name, figure, drill] of figures) expect(await drillTotal(c, drill), name).toBe(figure);
  };

  it('a visit across a street boundary counts TO the visited street and BY the visiting one, and each drill says so', async () => {
    const d = tn.clients.district_admin;
    const kinds = await d.get('/api/appointment-kinds?pageSize=100');
    const kindId = kinds.body.data.find((k: any) => k.code === 'cross_appointment').id;
    // An appointee received in C3 (street S2) visits a two-new organisation of 向荣社区 (street S1)…
    const receivingC3 = await org(tn.areas.community3.id, `C3党委-${tn.tag}`, null, 'committee');
    const ap = await d.post('/api/appointments', {
      kindId,
      memberId: tn.outside.memberId,
      receivingOrgId: receivingC3,
      termStart: '2026-01-01',
    });
    expect(ap.status, JSON.stringify(ap.body)).toBe(201);
    const s2 = tn.clients.outsideStreetAdmin;
    const s1 = tn.clients.street_admin;
    const log = async (
      c: Client,
      appointmentId: number,
      target: Record<string, unknown>,
      demands: string[] = [],
    ) => {
      const res = await c.post('/api/work-logs', {
        appointmentId,
        kind: 'visit',
        occurredAt: '2026-08-12T10:00:00+08:00',
        content: '跨街道走访',
        demandCategories: demands,
        ...target,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    const across = await log(s2, ap.body.id, { targetType: 'two_new_org', targetUnitId: twoNewOrgs[5] }, [
      'venue',
    ]);
    // …and 向荣社区's own appointee visits one organisation at home and a household.
    await log(s1, visitAppointment, { targetType: 'two_new_org', targetUnitId: twoNewOrgs[6] }, ['medical']);
    await log(s1, visitAppointment, { targetType: 'household', householdAddress: '2栋301' });
    const q = 'from=2026-08-01&to=2026-08-31';

    const s1Report = (await s1.get(`/api/coverage/visits?areaId=${tn.areas.street.id}&${q}`)).body;
    // To S1's organisations: both visits to them, the one from S2 included.
    expect(s1Report).toMatchObject({ visits: 2, visited: 2 });
    // By S1's appointees: its own two visits, not S2's.
    expect(s1Report.appointeeVisits).toBe(2);
    expect(bare(s1Report.byTargetType)).toEqual([
      { targetType: 'household', visits: 1 },
      { targetType: 'two_new_org', visits: 1 },
    ]);
    expect(s1Report.populations.toAreaOrgs).toMatchObject({
      key: 'to_area_orgs',
      name: '走访本辖区组织',
      figures: expect.arrayContaining(['visits', 'visitedUnits']),
    });
    expect(s1Report.populations.byAreaAppointees).toMatchObject({
      key: 'by_area_appointees',
      name: '本辖区干部的走访',
      figures: expect.arrayContaining(['byTargetType', 'demandsByCategory', 'visitsWithDemands']),
    });
    await expectDrillsExact(s1, s1Report);
    // The visit from S2 is S1's to read (it counts it), not to review (C3 confirms it).
    const acrossRead = await s1.get(`/api/work-logs/${across}`);
    expect(acrossRead.status).toBe(200);
    expect(acrossRead.body.actions).toEqual([]);
    expect((await s1.post(`/api/work-logs/${across}/confirm`, {})).status).toBe(403);

    const s2Report = (await s2.get(`/api/coverage/visits?areaId=${tn.areas.street2.id}&${q}`)).body;
    // S2 has no organisation visited, but its appointee made one visit, taking one demand.
    expect(s2Report).toMatchObject({ visits: 0, appointeeVisits: 1, visitsWithDemands: 1 });
    expect(s2Report.demandsByCategory.find((x: any) => x.code === 'venue').visits).toBe(1);
    await expectDrillsExact(s2, s2Report);
    // A district admin sees both streets; the figures add up without counting any visit twice.
    const district = (await d.get(`/api/coverage/visits?areaId=${tn.areas.district.id}&${q}`)).body;
    expect(district).toMatchObject({ visits: 2, appointeeVisits: 3 });
    await expectDrillsExact(d, district);

    s1.lang = 'en';
    try {
      const en = (await s1.get(`/api/coverage/visits?areaId=${tn.areas.street.id}&${q}`)).body;
      expect(en.populations.toAreaOrgs.name).toBe("Visits to the area's organisations");
      expect(en.populations.byAreaAppointees.name).toBe("Visits by the area's appointees");
    } finally {
      s1.lang = 'zh-CN';
    }
    // A drill into a node outside the caller's scope is refused, not widened.
    const outside = await s1.get(`/api/work-logs?targetWithin=${tn.areas.street2.id}`);
    expect(outside.status).toBe(400);
  });
});

describe('demands taken on visits', () => {
  const report = async (c: Client, areaId: number, from = '2026-05-01', to = '2026-05-31') => {
    const res = await c.get(`/api/coverage/visits?areaId=${areaId}&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const counts = (body: any) =>
    Object.fromEntries(body.demandsByCategory.map((d: any) => [d.code, d.visits]));

  it('counts the visits naming each demand category, every category listed, rejected visits left out', async () => {
    const c = tn.clients.street_admin;
    const visit = async (occurredAt: string, target: Record<string, unknown>, demandCategories: string[]) => {
      const res = await c.post('/api/work-logs', {
        appointmentId: visitAppointment,
        kind: 'visit',
        occurredAt,
        content: '走访收集需求',
        demandCategories,
        ...target,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const twoNew = (i: number) => ({ targetType: 'two_new_org', targetUnitId: twoNewOrgs[i] });
    // May 2026: three visits take demands, one takes none; a rejected one and one in June do not count.
    await visit('2026-05-06T10:00:00+08:00', twoNew(0), ['consulting', 'venue']);
    await visit('2026-05-07T10:00:00+08:00', twoNew(1), ['venue', 'social']);
    await visit('2026-05-08T10:00:00+08:00', { targetType: 'household', householdAddress: 'B3 楼 201 室' }, [
      'medical',
    ]);
    await visit('2026-05-09T10:00:00+08:00', { targetType: 'unit', targetUnitId: soeId }, []);
    const rejected = await visit('2026-05-10T10:00:00+08:00', twoNew(2), ['training']);
    expect((await c.post(`/api/work-logs/${rejected}/reject`, { comment: '重复记录' })).status).toBe(200);
    await visit('2026-06-01T10:00:00+08:00', twoNew(3), ['charity']);

    const may = await report(c, community.id);
    // The district's whole list in dictionary order, so the chart always reads the same way.
    expect(may.demandsByCategory.map((d: any) => d.code)).toEqual([
      'consulting',
      'charity',
      'culture_sports',
      'venue',
      'training',
      'medical',
      'social',
      'recruitment',
    ]);
    expect(counts(may)).toEqual({
      consulting: 1,
      charity: 0,
      culture_sports: 0,
      venue: 2,
      training: 0,
      medical: 1,
      social: 1,
      recruitment: 0,
    });
    expect(bare(may.demandsByCategory)[3]).toEqual({
      code: 'venue',
      labelZh: '场地租赁',
      labelEn: 'Venue rental',
      visits: 2,
    });
    expect(may).toMatchObject({
      demands: 5,
      visitsWithDemands: 3,
      twoNewTotal: 20,
      visited: 2,
      sharePercent: 10,
    });
    expect(bare(may.byTargetType)).toEqual([
      { targetType: 'household', visits: 1 },
      { targetType: 'two_new_org', visits: 2 },
      { targetType: 'unit', visits: 1 },
    ]);
    expect(may.visitedUnits.map((u: any) => u.id)).toEqual([twoNewOrgs[0], twoNewOrgs[1]]);

    // March's visits took no demands: the list is all zeros.
    const march = await report(c, community.id, '2026-03-01', '2026-03-31');
    expect(march).toMatchObject({ demands: 0, visitsWithDemands: 0 });
    expect(march.demandsByCategory.every((d: any) => d.visits === 0)).toBe(true);
    // A street sees the same visits; another community of it sees none of them.
    expect(counts(await report(c, tn.areas.street.id)).venue).toBe(2);
    expect((await report(c, tn.areas.community2.id)).demands).toBe(0);
  });

  it('keeps counting a category the district added and later disabled, after the enabled ones', async () => {
    const d = tn.clients.district_admin;
    const added = await d.post('/api/dictionaries', {
      type: 'demand_category',
      code: 'parking',
      labelZh: '停车',
      labelEn: 'Parking',
      sort: 5,
    });
    expect(added.status).toBe(201);
    const res = await tn.clients.street_admin.post('/api/work-logs', {
      appointmentId: visitAppointment,
      kind: 'visit',
      occurredAt: '2026-05-20T10:00:00+08:00',
      content: '走访收集停车需求',
      targetType: 'two_new_org',
      targetUnitId: twoNewOrgs[4],
      demandCategories: ['parking'],
    });
    expect(res.status).toBe(201);
    // Enabled, with the lowest sort: first in the list.
    const enabled = await report(tn.clients.community_admin, tn.areas.community.id);
    expect(enabled.demandsByCategory[0]).toMatchObject({ code: 'parking', visits: 0 });
    const withIt = await report(tn.clients.street_admin, community.id);
    expect(bare(withIt.demandsByCategory)[0]).toEqual({
      code: 'parking',
      labelZh: '停车',
      labelEn: 'Parking',
      visits: 1,
    });

    // A category a visit has named cannot be deleted (only disabled): the report would lose it.
    const del = await d.del(`/api/dictionaries/${added.body.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.details).toEqual({ references: { workLogs: 1 } });
    expect((await d.patch(`/api/dictionaries/${added.body.id}`, { enabled: false })).status).toBe(200);
    const after = await report(tn.clients.street_admin, community.id);
    expect(bare(after.demandsByCategory).at(-1)).toEqual({
      code: 'parking',
      labelZh: '停车',
      labelEn: 'Parking',
      visits: 1,
    });
    expect(after.demandsByCategory).toHaveLength(9);
    expect(after.demands).toBe(6);
    // No longer offered and not named in the period: gone from the list.
    expect(
      (await report(tn.clients.street_admin, community.id, '2026-03-01', '2026-03-31')).demandsByCategory.map(
        (x: any) => x.code,
      ),
    ).not.toContain('parking');
  });
});

describe('the demo district', () => {
  it('has 向荣社区 fully covered by the education bureau’s 12 branches: 4 zones, 24 compounds, 98 buildings', () => {
    const data = generateDemo(0.2);
    const community = data.areas.findIndex((a) => a.name === '向荣社区');
    const inside = (i: number): boolean => {
      const parent = data.areas[i]?.parent ?? null;
      return parent === community || (parent !== null && inside(parent));
    };
    const nodes: NodeInput[] = data.areas.flatMap((a, i) =>
      (a.level === 'zone' || a.level === 'compound' || a.level === 'building') && inside(i)
        ? [{ id: i, parentId: a.parent, level: a.level, name: a.name, sort: a.sort }]
        : [],
    );
    const assignments = data.coverage.map((c) => ({
      areaId: c.area,
      orgId: c.org,
      orgName: data.orgs[c.org]?.name ?? '',
      unitId: data.orgs[c.org]?.unit ?? null,
      unitName: null,
    }));
    const result = evaluateCoverage({ id: community, name: '向荣社区' }, nodes, assignments, []);
    expect(result.complete).toBe(true);
    expect(result.counts).toEqual({
      zones: { total: 4, covered: 4 },
      compounds: { total: 24, covered: 24 },
      buildings: { total: 98, covered: 98 },
    });
    expect(result.orgs).toHaveLength(12);
    expect(new Set(result.orgs.map((o) => o.unitId)).size).toBe(1);
    expect(result.doublyCovered).toEqual([]);
  });
});
