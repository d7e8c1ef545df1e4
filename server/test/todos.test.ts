import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectionBatches, workProgrammes } from '#server/db/schema/index.ts';
import { factories } from './factories.ts';
import { type Client, createTenant, type Tenant, useTestApp } from './helpers.ts';

/**
 * A fixed clock two days before a month and a quarter close: the appointee's monthly duty, with
 * nothing recorded, is at risk then. In the past, because work logs are still judged "not in the
 * future" by the system clock (services reading one clock is issue 9).
 */
const NOW = new Date('2026-09-28T10:00:00+08:00');
const t = useTestApp({}, { now: () => NOW });

let tn: Tenant;
/** The tenant member's second-secretary appointment in C1, and the C3 twin's in C3. */
let inC1: number;
let inC3: number;
const today = localDate(NOW);
const at = (days: number) => `${addDays(today, days)}T10:00:00+08:00`;

const todos = async (c: Client) => {
  const res = await c.get('/api/todos');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as { kind: string; count: number; link: string; title: { 'zh-CN': string } }[];
};
const todo = async (c: Client, kind: string) => (await todos(c)).find((x) => x.kind === kind);

/** The total of the list a to-do opens, fetched the way the page fetches it. */
async function listTotal(c: Client, link: string) {
  const [path, query] = link.split('?');
  const endpoint = {
    '/work-logs': '/api/work-logs',
    '/exemptions': '/api/duty-exemptions',
    '/batches': '/api/batches',
  }[path!];
  const res = await c.get(`${endpoint}?${query}&pageSize=1`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  ({ inC1, inC3 } = await factories(t, tn).appointmentsInAndOut(addDays(today, -40)));
});

describe('待办: what waits for whom', () => {
  it('starts empty for everyone, and is refused without a session', async () => {
    for (const role of [
      'district_admin',
      'street_admin',
      'community_admin',
      'unit_admin',
      'resident',
    ] as const)
      expect(await todos(tn.clients[role]), role).toEqual([]);
    expect((await t.client().get('/api/todos')).status).toBe(401);
    expect((await tn.clients.community_admin.get('/api/todos?kind=x')).status).toBe(400);
  });

  it('counts the logs the receiving community may confirm, equal to the list it opens', async () => {
    const c = tn.clients.community_admin;
    for (const days of [-3, -2]) {
      const res = await tn.clients.member.post('/api/work-logs', {
        appointmentId: inC1,
        kind: 'contact',
        occurredAt: at(days),
        withWhom: '村居书记',
        content: '电话沟通',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // A visit to C1's unit by C3's appointee: C1's admin sees it (visit coverage) but C3 confirms it.
    const visit = await tn.clients.outsideCommunityAdmin.post('/api/work-logs', {
      appointmentId: inC3,
      kind: 'visit',
      occurredAt: at(-1),
      targetType: 'unit',
      targetUnitId: tn.inside.unitId,
      content: '走访',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    expect((await c.get(`/api/work-logs/${visit.body.id}`)).status).toBe(200);

    const mine = await todo(c, 'worklogs.toConfirm');
    expect(mine).toMatchObject({
      count: 2,
      link: `/work-logs?status=pending&within=${tn.areas.community.id}`,
      title: { 'zh-CN': '待确认的工作纪实' },
    });
    expect(await listTotal(c, mine!.link)).toBe(2);
    // The street above confirms too; C3's admin only its own appointee's visit.
    expect((await todo(tn.clients.street_admin, 'worklogs.toConfirm'))?.count).toBe(2);
    const far = await todo(tn.clients.outsideCommunityAdmin, 'worklogs.toConfirm');
    expect(far?.count).toBe(1);
    expect(await listTotal(tn.clients.outsideCommunityAdmin, far!.link)).toBe(1);
    // Neither the appointee nor the sending unit confirms.
    expect(await todo(tn.clients.member, 'worklogs.toConfirm')).toBeUndefined();
    expect(await todo(tn.clients.unit_admin, 'worklogs.toConfirm')).toBeUndefined();

    // One confirmed: one left, and the list says the same.
    const pending = await c.get(`/api/work-logs?status=pending&within=${tn.areas.community.id}`);
    const first = pending.body.data[0].id;
    expect((await c.post(`/api/work-logs/${first}/confirm`, {})).status).toBe(200);
    const after = await todo(c, 'worklogs.toConfirm');
    expect(after?.count).toBe(1);
    expect(await listTotal(c, after!.link)).toBe(1);
  });

  it('counts the exemption requests the community decides; gone once decided', async () => {
    const c = tn.clients.community_admin;
    const asked = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId: inC1,
      ruleCode: 'ss_weekly_contact',
      periodKey: (
        await tn.clients.member.get(`/api/duty-exemptions/choices?appointmentId=${inC1}`)
      ).body.rules
        .find((r: any) => r.ruleCode === 'ss_weekly_contact')
        .periods.find((p: any) => p.current).key,
      reasonKind: 'illness',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const waiting = await todo(c, 'exemptions.toDecide');
    expect(waiting).toMatchObject({
      count: 1,
      link: `/exemptions?status=pending&within=${tn.areas.community.id}`,
    });
    expect(await listTotal(c, waiting!.link)).toBe(1);
    expect(await todo(tn.clients.outsideCommunityAdmin, 'exemptions.toDecide')).toBeUndefined();
    expect(await todo(tn.clients.unit_admin, 'exemptions.toDecide')).toBeUndefined();
    expect((await c.post(`/api/duty-exemptions/${asked.body.id}/approve`, { comment: '同意' })).status).toBe(
      200,
    );
    expect(await todo(c, 'exemptions.toDecide')).toBeUndefined();
  });

  it('counts the batches under review for the area running them', async () => {
    const { db } = t.database;
    const kindId = await factories(t, tn).kindId('second_secretary');
    // Built directly: this test is about the to-do, not about walking a batch to review.
    const [programme] = await db
      .insert(workProgrammes)
      .values({ areaId: tn.areas.street.id, kindId, year: 2026, title: `方案-${tn.tag}` })
      .returning({ id: workProgrammes.id });
    await db.insert(selectionBatches).values(
      ['review', 'review', 'notice'].map((status, i) => ({
        programmeId: programme!.id,
        areaId: tn.areas.street.id,
        title: `批次${i}-${tn.tag}`,
        batchDate: today,
        status: status as 'review' | 'notice',
      })),
    );
    const street = await todo(tn.clients.street_admin, 'batches.toReview');
    expect(street).toMatchObject({ count: 2, link: '/batches?status=review' });
    expect(await listTotal(tn.clients.street_admin, street!.link)).toBe(2);
    expect((await todo(tn.clients.district_admin, 'batches.toReview'))?.count).toBe(2);
    // Run by the street: the community below does not see them, the other street neither.
    expect(await todo(tn.clients.community_admin, 'batches.toReview')).toBeUndefined();
    expect(await todo(tn.clients.outsideStreetAdmin, 'batches.toReview')).toBeUndefined();
  });

  it('gives an appointee the duties at risk that 我的任职 lists', async () => {
    const mine = await tn.clients.member.get('/api/compliance/mine?period=quarter');
    expect(mine.status).toBe(200);
    const atRisk = mine.body.rows
      .flatMap((r: any) => r.duties)
      .filter((d: any) => d.status === 'at_risk').length;
    const item = await todo(tn.clients.member, 'duties.atRisk');
    expect(atRisk).toBeGreaterThan(0);
    expect(item).toMatchObject({ count: atRisk, link: '/my-duty', title: { 'zh-CN': '有风险的职责' } });
    // A resident has no duties; nor does a member without an appointment (the C3 twin has one,
    // but no account): the kind is simply not there.
    expect(await todo(tn.clients.resident, 'duties.atRisk')).toBeUndefined();
  });
});
