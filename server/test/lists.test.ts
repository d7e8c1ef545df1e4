import { beforeAll, describe, expect, it } from 'vitest';
import { EXACT_TOTAL_LIMIT } from '#server/db/lists.ts';
import { createTenant, type Tenant, uid, useTestApp } from './helpers.ts';
import { download, readSheet } from './workbooks.ts';

/*
 * The lists that grow with the registry: totals exact up to EXACT_TOTAL_LIMIT and flagged as
 * estimates past it, keyset paging, the work-log and batch filters an outside client needs.
 * Bulk rows are fixtures written straight into the tables; every assertion reads the HTTP API.
 */

const t = useTestApp();
let tn: Tenant;

const fieldPaths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

/** `n` members in the tenant's building, named `<prefix><g>` (an ID number each, unique across runs). */
async function bulkMembers(prefix: string, n: number) {
  await t.database.pool.query(
    `insert into members (area_id, name, gender, id_number, category)
     select $1, $2 || g, 'male', $3 || lpad(g::text, 9, '0'), 'in_service' from generate_series(1, $4) g`,
    [tn.areas.building.id, prefix, `T${tn.tag}${prefix.codePointAt(0)}`, n],
  );
}

/** What the members table really holds for a name prefix in the tenant's district (the truth to compare). */
async function countNamed(prefix: string) {
  const r = await t.database.pool.query(
    `select count(*)::int as n from members m join areas a on a.id = m.area_id
      where a.path like $1 and m.name like $2`,
    [`${tn.areas.district.path}%`, `${prefix}%`],
  );
  return r.rows[0].n as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
});

describe('totals', () => {
  beforeAll(async () => {
    // Exactly the limit under one name, one more under another: the building holds limit + 1.
    await bulkMembers('甲', EXACT_TOTAL_LIMIT);
    await bulkMembers('乙', 1);
  });

  it('are exact up to the limit and say so', async () => {
    const c = tn.clients.district_admin;
    const atLimit = await c.get(`/api/members?q=${encodeURIComponent('甲')}&pageSize=5`);
    expect(atLimit.status).toBe(200);
    expect(atLimit.body).toMatchObject({ total: EXACT_TOTAL_LIMIT, totalExact: true });
    expect(await countNamed('甲')).toBe(EXACT_TOTAL_LIMIT);
    const one = await c.get(`/api/members?q=${encodeURIComponent('乙')}`);
    expect(one.body).toMatchObject({ total: 1, totalExact: true, next: null });
    expect(one.body.data.map((m: { name: string }) => m.name)).toEqual(['乙1']);
    // The small lists of the same caller are exact too.
    for (const list of ['residents', 'units', 'work-logs']) {
      const res = await c.get(`/api/${list}`);
      expect(res.status, list).toBe(200);
      expect(res.body.totalExact, list).toBe(true);
      expect(res.body.total, list).toBeLessThan(EXACT_TOTAL_LIMIT);
    }
  });

  it('are flagged as estimates past the limit, never below what was counted', async () => {
    const c = tn.clients.district_admin;
    const res = await c.get(`/api/members?within=${tn.areas.building.id}&pageSize=20`);
    expect(res.status).toBe(200);
    expect(res.body.totalExact).toBe(false);
    expect(res.body.total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
    expect(res.body.data).toHaveLength(20);
    // Narrowed below the limit again, the same list is exact: the flag follows the count.
    const narrowed = await c.get(`/api/members?within=${tn.areas.building.id}&q=${encodeURIComponent('乙')}`);
    expect(narrowed.body).toMatchObject({ total: 1, totalExact: true });
    // An export is not a page: it writes every row, whatever the list's total says.
    const book = await download(c, `/api/excel/members/export?q=${encodeURIComponent('甲999')}`);
    expect(book.status).toBe(200);
    const sheet = await readSheet(book.buf);
    expect(sheet.rows).toHaveLength(await countNamed('甲999'));
  });
});

describe('keyset paging', () => {
  it('walks the list by cursor exactly as by page number, and ends with next: null', async () => {
    const c = tn.clients.district_admin;
    const q = `q=${encodeURIComponent('甲99')}&pageSize=7`;
    const all = (await c.get(`/api/members?${q.replace('pageSize=7', 'pageSize=200')}`)).body;
    expect(all.totalExact).toBe(true);
    const ids: number[] = [];
    let after: string | null = null;
    for (let n = 1; n <= 50; n++) {
      const res: { status: number; body: any } = await c.get(
        `/api/members?${q}${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      // The total is the filter's, whatever the cursor.
      expect(res.body.total).toBe(all.total);
      const byPage = await c.get(`/api/members?${q}&page=${n}`);
      expect(res.body.data.map((m: { id: number }) => m.id)).toEqual(
        byPage.body.data.map((m: { id: number }) => m.id),
      );
      ids.push(...res.body.data.map((m: { id: number }) => m.id));
      after = res.body.next;
      if (after === null) break;
    }
    expect(ids).toEqual(all.data.map((m: { id: number }) => m.id));
    expect(new Set(ids).size).toBe(all.total);
  });

  it('refuses what is not a cursor of the list with 400 on after', async () => {
    const c = tn.clients.district_admin;
    for (const bad of ['abc', '99999999999', '1_2', '-5']) {
      const res = await c.get(`/api/members?after=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(fieldPaths(res), bad).toEqual(['after']);
    }
    expect((await c.get('/api/work-logs?after=12')).status).toBe(400);
    expect((await c.get('/api/work-logs?after=1_99999999999')).status).toBe(400);
  });
});

describe('work-log filters', () => {
  let appointmentId: number;
  let unitA: number;
  let unitB: number;
  const logs: Record<string, number> = {};

  beforeAll(async () => {
    const admin = tn.clients.district_admin;
    const org = await admin.post('/api/orgs', {
      areaId: tn.areas.community.id,
      type: 'branch',
      name: `支部${uid()}`,
    });
    const kinds = await admin.get('/api/appointment-kinds?pageSize=100');
    const kind = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
    const made = await admin.post('/api/appointments', {
      kindId: kind,
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org.body.id,
      termStart: '2026-01-01',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    appointmentId = made.body.id;
    unitA = tn.inside.unitId;
    unitB = tn.outside.unitId;
    const account = await t.database.pool.query(`select id from accounts order by id limit 1`);
    // Fixture logs around the November/December and October/November edges, Beijing time.
    const insert = async (name: string, values: Record<string, unknown>) => {
      const row = {
        appointment_id: appointmentId,
        area_id: tn.areas.community.id,
        content: `纪实${name}`,
        recorded_by: account.rows[0].id,
        recorded_by_name: 'fixture',
        recorded_by_role: 'district_admin',
        ...values,
      };
      const cols = Object.keys(row);
      const r = await t.database.pool.query(
        `insert into work_logs (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
        Object.values(row),
      );
      logs[name] = r.rows[0].id;
    };
    await insert('unitVisit', {
      kind: 'visit',
      occurred_at: '2026-11-30T23:30:00+08:00',
      target_type: 'unit',
      target_unit_id: unitA,
      demand_categories: ['employment'],
    });
    await insert('twoNewVisit', {
      kind: 'visit',
      occurred_at: '2026-12-01T00:30:00+08:00',
      target_type: 'two_new_org',
      target_unit_id: unitB,
      demand_categories: ['medical', 'employment'],
    });
    await insert('householdVisit', {
      kind: 'visit',
      occurred_at: '2026-11-02T09:00:00+08:00',
      target_type: 'household',
      household_address: '1号楼101',
    });
    await insert('activity', {
      kind: 'activity',
      occurred_at: '2026-11-01T23:59:00+08:00',
      activity_type: 'theme_party_day',
      activity_role: 'led',
    });
    await insert('study', {
      kind: 'activity',
      occurred_at: '2026-10-26T10:00:00+08:00',
      activity_type: 'joint_study',
      activity_role: 'attended',
    });
  });

  /** The fixture logs a filtered list returns, by name, latest first. */
  async function named(query: string) {
    const res = await tn.clients.district_admin.get(
      `/api/work-logs?appointmentId=${appointmentId}&pageSize=100&${query}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.totalExact).toBe(true);
    expect(res.body.total).toBe(res.body.data.length);
    const byId = Object.fromEntries(Object.entries(logs).map(([k, v]) => [v, k]));
    return res.body.data.map((l: { id: number }) => byId[l.id]);
  }

  it('filter by target type, target unit, demand category and activity type', async () => {
    expect(await named('')).toEqual(['twoNewVisit', 'unitVisit', 'householdVisit', 'activity', 'study']);
    expect(await named('targetType=two_new_org')).toEqual(['twoNewVisit']);
    expect(await named('targetType=household')).toEqual(['householdVisit']);
    expect(await named(`targetUnitId=${unitA}`)).toEqual(['unitVisit']);
    expect(await named('demandCategory=employment')).toEqual(['twoNewVisit', 'unitVisit']);
    expect(await named('demandCategory=medical')).toEqual(['twoNewVisit']);
    expect(await named('activityType=theme_party_day')).toEqual(['activity']);
    expect(await named('kind=visit&targetType=unit&demandCategory=employment')).toEqual(['unitVisit']);
    // A cleared form field is no filter.
    expect(await named('targetType=&activityType=')).toHaveLength(5);
  });

  it('filter by period, named as the board names it, in Beijing days', async () => {
    // 23:30 on 30 November is November; 00:30 on 1 December is December and week 49.
    expect(await named('period=2026-11')).toEqual(['unitVisit', 'householdVisit', 'activity']);
    expect(await named('period=2026-12')).toEqual(['twoNewVisit']);
    // ISO week 49 runs Monday 30 November to Sunday 6 December; week 44 ends Sunday 1 November.
    expect(await named('period=2026-W49')).toEqual(['twoNewVisit', 'unitVisit']);
    expect(await named('period=2026-W44')).toEqual(['activity', 'study']);
    expect(await named('period=2026-Q4')).toHaveLength(5);
    expect(await named('period=2026-Q3')).toEqual([]);
    expect(await named('period=2026')).toHaveLength(5);
    expect(await named('period=2026-11-01/2026-11-02')).toEqual(['householdVisit', 'activity']);
    // With a date range both apply.
    expect(await named('period=2026-11&from=2026-11-02')).toEqual(['unitVisit', 'householdVisit']);
  });

  it('refuse bad filter values with 400 naming the field', async () => {
    const c = tn.clients.district_admin;
    const cases: [string, string][] = [
      ['targetType=bogus', 'targetType'],
      ['targetUnitId=abc', 'targetUnitId'],
      ['demandCategory=not a code', 'demandCategory'],
      ['activityType=dinner', 'activityType'],
      ['period=2026-W54', 'period'],
      ['period=2026-13', 'period'],
      ['period=November', 'period'],
    ];
    for (const [query, field] of cases) {
      const res = await c.get(`/api/work-logs?${query}`);
      expect(res.status, query).toBe(400);
      expect(fieldPaths(res), query).toEqual([field]);
      expect((await download(c, `/api/excel/work-logs/export?${query}`)).status, `export ${query}`).toBe(400);
    }
  });

  it('the export takes the same filters', async () => {
    const book = await download(
      tn.clients.district_admin,
      `/api/excel/work-logs/export?appointmentId=${appointmentId}&period=2026-W49&targetType=two_new_org`,
    );
    expect(book.status).toBe(200);
    const sheet = await readSheet(book.buf);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.column('内容')).toEqual(['纪实twoNewVisit']);
  });
});

describe('batches by area', () => {
  it('list only the batches run inside the subtree asked for, and refuse a bad or foreign area', async () => {
    const c = tn.clients.district_admin;
    const kinds = await c.get('/api/appointment-kinds?pageSize=100');
    const kind = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
    const batchIn = async (areaId: number, title: string) => {
      const r = await t.database.pool.query(
        `with p as (insert into work_programmes (area_id, kind_id, year, title) values ($1, $2, 2026, $3) returning id)
         insert into selection_batches (programme_id, area_id, title, batch_date)
         select p.id, $1, $3, date '2026-06-01' from p returning id`,
        [areaId, kind, title],
      );
      return r.rows[0].id as number;
    };
    const s1 = await batchIn(tn.areas.street.id, `一街道批次${uid()}`);
    const s2 = await batchIn(tn.areas.street2.id, `二街道批次${uid()}`);
    const ids = async (query: string) => {
      const res = await c.get(`/api/batches?pageSize=100&${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.map((b: { id: number }) => b.id).sort();
    };
    expect(await ids('')).toEqual([s1, s2].sort());
    expect(await ids(`within=${tn.areas.street.id}`)).toEqual([s1]);
    expect(await ids(`within=${tn.areas.street2.id}`)).toEqual([s2]);
    expect(await ids(`within=${tn.areas.community.id}`)).toEqual([]);
    expect(await ids('within=')).toEqual([s1, s2].sort());
    const sheet = await readSheet(
      (await download(c, `/api/excel/batches/export?within=${tn.areas.street2.id}`)).buf,
    );
    expect(sheet.rows).toHaveLength(1);

    for (const bad of ['abc', '0']) {
      const res = await c.get(`/api/batches?within=${bad}`);
      expect(res.status, `${bad} ${JSON.stringify(res.body)}`).toBe(400);
      expect(fieldPaths(res), bad).toEqual(['within']);
    }
    // Another street's admin cannot name this street.
    const foreign = await tn.clients.outsideStreetAdmin.get(`/api/batches?within=${tn.areas.street.id}`);
    expect(foreign.status).toBe(400);
    expect(fieldPaths(foreign)).toEqual(['within']);
  });
});
