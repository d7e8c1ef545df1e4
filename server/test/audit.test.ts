import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '#server/db/schema/index.ts';
import { type Client, createTenant, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

/** Either the record or, on failure, the error body: tests read whichever the status says. */
type Body<T> = T & { error: { code: string; message: string; details: any } };

interface Event {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  areaId: number | null;
  areaName: string | null;
  summary: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  actions: string[];
}
type Page = Body<{ data: Event[]; total: number }>;

/** Today's date in China time, the calendar the date filters use. */
const chinaDate = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('audit trail', () => {
  let tn: Tenant;
  /** Areas created by the admins below, one per subtree, to find their events by. */
  let inC1: { id: number };
  let inC3: { id: number };
  let streetAdminId: number;

  beforeAll(async () => {
    tn = await createTenant(t);
    const mk = async (c: Client, parentId: number) => {
      const res = await c.post('/api/areas', {
        parentId,
        level: 'grid',
        code: `grid-${uid()}`,
        name: `网格-${tn.tag}`,
      });
      expect(res.status).toBe(201);
      return res.body as { id: number };
    };
    inC1 = await mk(tn.clients.community_admin, tn.areas.community.id);
    inC3 = await mk(tn.clients.outsideCommunityAdmin, tn.areas.community3.id);
    streetAdminId = (await tn.clients.street_admin.get('/api/auth/me')).body.id;
  });

  const search = (c: Client, query: string) => c.get<Page>(`/api/audit?${query}`);
  const ofArea = (c: Client, id: number) => search(c, `entityType=area&entityId=${id}`);

  it('is closed to unit admins, members and residents (403)', async () => {
    for (const role of ['unit_admin', 'member', 'resident'] as const) {
      const res = await search(tn.clients[role], '');
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const some = (await ofArea(tn.clients.platform, inC1.id)).body.data[0]!;
    expect((await tn.clients.member.get(`/api/audit/${some.id}`)).status).toBe(403);
  });

  it('shows each event with who, what, where and the change', async () => {
    const res = await ofArea(tn.clients.district_admin, inC1.id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const e = res.body.data[0]!;
    expect(e).toMatchObject({
      action: 'create',
      entityType: 'area',
      entityId: String(inC1.id),
      areaId: inC1.id,
      areaName: `网格-${tn.tag}`,
      actorRole: 'community_admin',
      actorName: `community_admin ${tn.tag}`,
      summary: null,
      before: null,
      actions: [],
    });
    expect(e.after).toMatchObject({ id: inC1.id, level: 'grid' });
    expect(e.ip).toMatch(/127\.0\.0\.1/);
    expect(typeof e.actorId).toBe('number');
    expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    const one = await tn.clients.district_admin.get<Event>(`/api/audit/${e.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(e);
  });

  it('shows the platform admin everything, and area admins their own subtree', async () => {
    const visible = async (c: Client, id: number) => (await ofArea(c, id)).body.total === 1;
    const p = tn.clients.platform;
    expect(await visible(p, inC1.id)).toBe(true);
    expect(await visible(p, inC3.id)).toBe(true);
    // The district's own creation was made by the platform admin and sits on the district node.
    expect(await visible(tn.clients.district_admin, tn.areas.district.id)).toBe(true);
    expect(await visible(tn.clients.district_admin, inC3.id)).toBe(true);
    expect(await visible(tn.clients.street_admin, inC1.id)).toBe(true);
    expect(await visible(tn.clients.street_admin, inC3.id)).toBe(false);
    expect(await visible(tn.clients.street_admin, tn.areas.district.id)).toBe(false);
    expect(await visible(tn.clients.community_admin, inC1.id)).toBe(true);
    expect(await visible(tn.clients.community_admin, tn.areas.community2.id)).toBe(false);
    expect(await visible(tn.clients.outsideStreetAdmin, inC3.id)).toBe(true);
    expect(await visible(tn.clients.outsideStreetAdmin, inC1.id)).toBe(false);

    // Everything a street admin sees lies in its street, or was done by itself.
    const all = await search(tn.clients.street_admin, 'pageSize=200');
    expect(all.body.total).toBeGreaterThan(0);
    const c3Event = (await ofArea(p, inC3.id)).body.data[0]!;
    expect(all.body.data.map((e) => e.id)).not.toContain(c3Event.id);
    expect((await tn.clients.street_admin.get(`/api/audit/${c3Event.id}`)).status).toBe(404);
    expect((await tn.clients.district_admin.get(`/api/audit/${c3Event.id}`)).status).toBe(200);
    expect((await p.get('/api/audit/999999999999')).status).toBe(404);
  });

  it('shows an admin its own actions even when they fall outside its subtree', async () => {
    // Written directly: no endpoint yet lets a street admin act on a node outside its street.
    const [own] = await t.database.db
      .insert(auditEvents)
      .values({
        actorId: streetAdminId,
        actorName: 'street admin',
        actorRole: 'street_admin',
        action: 'export',
        entityType: 'report',
        entityId: `r-${tn.tag}`,
        areaId: tn.areas.community3.id,
      })
      .returning({ id: auditEvents.id });
    const [nobodys] = await t.database.db
      .insert(auditEvents)
      .values({ action: 'export', entityType: 'report', entityId: `r-${tn.tag}`, areaId: null })
      .returning({ id: auditEvents.id });
    const mine = await search(tn.clients.street_admin, `entityType=report&entityId=r-${tn.tag}`);
    expect(mine.body.data.map((e) => e.id)).toEqual([own!.id]);
    expect((await tn.clients.street_admin.get(`/api/audit/${own!.id}`)).status).toBe(200);
    expect((await tn.clients.street_admin.get(`/api/audit/${nobodys!.id}`)).status).toBe(404);
    expect((await tn.clients.outsideStreetAdmin.get(`/api/audit/${own!.id}`)).status).toBe(200);
    const all = await search(tn.clients.platform, `entityType=report&entityId=r-${tn.tag}`);
    expect(all.body.total).toBe(2);
  });

  it('filters by actor, record, action, time and text, newest first with paging', async () => {
    const c = tn.clients.district_admin;
    const code = `audit-${uid()}`;
    const item = (await c.post('/api/dictionaries', { type: 'skill', code, labelZh: '甲', labelEn: 'A' }))
      .body;
    await c.patch(`/api/dictionaries/${item.id}`, { labelZh: '乙' });
    await c.patch(`/api/dictionaries/${item.id}`, { labelZh: '丙' });
    const me = (await c.get('/api/auth/me')).body.id;

    const trail = await search(c, `entityType=dict_item&entityId=${item.id}`);
    expect(trail.body.data.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(trail.body.data[0]?.after).toEqual({ labelZh: '丙' });
    expect(trail.body.data[0]?.areaName).toBe(`D-${tn.tag}`);
    const ids = trail.body.data.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const paged = await search(c, `entityType=dict_item&entityId=${item.id}&pageSize=1&page=2`);
    expect(paged.body.total).toBe(3);
    expect(paged.body.data.map((e) => e.id)).toEqual([ids[1]]);

    const updates = await search(c, `entityType=dict_item&entityId=${item.id}&action=update`);
    expect(updates.body.total).toBe(2);
    const byActor = await search(c, `actorId=${me}&entityType=dict_item&pageSize=200`);
    expect(byActor.body.data.every((e) => e.actorId === me)).toBe(true);
    expect(byActor.body.data.map((e) => e.id)).toEqual(expect.arrayContaining(ids));
    const byText = await search(c, `q=${encodeURIComponent(`skill:${code}`)}`);
    expect(byText.body.total).toBe(3);
    const byName = await search(c, `q=${encodeURIComponent(`district_admin ${tn.tag}`)}&pageSize=200`);
    expect(byName.body.data.map((e) => e.id)).toEqual(expect.arrayContaining(ids));

    const today = await search(
      c,
      `entityId=${item.id}&entityType=dict_item&from=${chinaDate()}&to=${chinaDate()}`,
    );
    expect(today.body.total).toBe(3);
    expect(
      (await search(c, `entityId=${item.id}&entityType=dict_item&from=${chinaDate(1)}`)).body.total,
    ).toBe(0);
    expect((await search(c, `entityId=${item.id}&entityType=dict_item&to=${chinaDate(-1)}`)).body.total).toBe(
      0,
    );
    // A timestamp range that is exactly one event's `at` finds that event.
    const created = trail.body.data[2]!;
    const at = encodeURIComponent(created.at);
    const exact = await search(
      c,
      `entityId=${item.id}&entityType=dict_item&action=create&from=${at}&to=${at}`,
    );
    expect(exact.body.data.map((e) => e.id)).toEqual([created.id]);
  });

  it('rejects bad filters field by field (400)', async () => {
    const c = tn.clients.district_admin;
    const badDate = await search(c, 'from=yesterday&actorId=abc&pageSize=1000');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'actorId',
      'from',
      'pageSize',
    ]);
    const reversed = await search(c, `from=${chinaDate()}&to=${chinaDate(-2)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([
      expect.objectContaining({ path: 'to', message: '结束日期不能早于开始日期' }),
    ]);
    c.lang = 'en';
    const reversedEn = await search(c, `from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z`);
    c.lang = 'zh-CN';
    expect(reversedEn.body.error.details[0].message).toBe('End date cannot be before start date');
    expect((await c.get('/api/audit/abc')).status).toBe(400);
  });

  it('has no way to write, and the database refuses to change or remove events', async () => {
    const c = tn.clients.platform;
    const e = (await ofArea(c, inC1.id)).body.data[0]!;
    expect((await c.post('/api/audit', { action: 'x' })).status).toBe(404);
    expect((await c.patch(`/api/audit/${e.id}`, { action: 'x' })).status).toBe(404);
    expect((await c.del(`/api/audit/${e.id}`)).status).toBe(404);
    const pool = t.database.pool;
    await expect(pool.query(`update audit_events set action = 'x' where id = $1`, [e.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query('delete from audit_events where id = $1', [e.id])).rejects.toThrow(/append-only/);
    expect((await c.get<Event>(`/api/audit/${e.id}`)).body.action).toBe('create');
  });
});
