import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, fakeIdNumber, ONSITE_TWICE_A_MONTH, type Tenant, useTestApp } from './helpers.ts';

/*
 * A replay judges a past day as the board stood then. Besides logs and exemptions (compliance
 * tests), that means the appointments and the rule versions known then: one recorded later is
 * left out, an end or a new version recorded later is not yet known. Everything here is recorded
 * today (2026-11-22 or later); the appointment that "was on the board in September" has its
 * creation stamp moved back, as if it had been entered then.
 */

const t = useTestApp();
let tn: Tenant;
let early: number;
let late: number;

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = (
    await d.post('/api/orgs', { areaId: tn.areas.community.id, type: 'branch', name: `支部-${tn.tag}` })
  ).body.id as number;
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  const appoint = async (memberId: number) => {
    const res = await tn.clients.community_admin.post('/api/appointments', {
      kindId,
      memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org,
      termStart: '2026-06-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  early = await appoint(tn.inside.memberId);
  await t.database.pool.query(
    `update appointments set created_at = '2026-06-01T09:00:00+08:00' where id = $1`,
    [early],
  );
  const other = await d.post('/api/members', {
    areaId: tn.areas.community.id,
    name: '后录入',
    gender: 'female',
    idNumber: fakeIdNumber(),
    category: 'in_service',
    unitId: tn.inside.unitId,
  });
  expect(other.status).toBe(201);
  // Entered today with a term dating back to June: it was not on September's board.
  late = await appoint(other.body.id);

  // Today the district asks for two on-site days a month from September on…
  const version = await d.post('/api/duty-rules/ss_monthly_onsite_day/versions', {
    effectiveFrom: '2026-09-01',
    rule: ONSITE_TWICE_A_MONTH,
  });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  // …and the early appointee is recalled today, back-dated to the end of September.
  const recalled = await tn.clients.community_admin.post(`/api/appointments/${early}/recall`, {
    endedOn: '2026-09-30',
    reason: '派出单位调整',
  });
  expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
});

const board = (query: string) => tn.clients.community_admin.get(`/api/compliance/board?${query}`);
const ids = (body: any) => body.rows.map((r: any) => r.appointmentId).sort();
const onsite = (body: any, appointmentId: number) =>
  body.rows
    .find((r: any) => r.appointmentId === appointmentId)
    .duties.find((d: any) => d.ruleCode === 'ss_monthly_onsite_day').evaluations;

describe('a replay sees the appointments and rules as they stood', () => {
  it('leaves out an appointment recorded after the replayed day, which today’s view shows', async () => {
    const now = await board('period=month&periods=1&at=2026-09-20');
    expect(now.status).toBe(200);
    expect(ids(now.body)).toEqual([early, late].sort());
    const then = await board('period=month&periods=1&at=2026-09-20&replay=true');
    expect(ids(then.body)).toEqual([early]);
  });

  it('judges by the rule version in force then, not one published since', async () => {
    const now = await board('period=month&periods=1&at=2026-09-20');
    expect(onsite(now.body, early)).toEqual([
      expect.objectContaining({ periodKey: '2026-09', ruleVersion: 2, progress: { actual: 0, required: 2 } }),
    ]);
    const then = await board('period=month&periods=1&at=2026-09-20&replay=true');
    expect(onsite(then.body, early)).toEqual([
      expect.objectContaining({ periodKey: '2026-09', ruleVersion: 1, progress: { actual: 0, required: 1 } }),
    ]);
    // The drill-down replays the same way.
    const cell = await tn.clients.community_admin.get(
      `/api/compliance/board/${early}/ss_monthly_onsite_day/2026-09?at=2026-09-20&replay=true`,
    );
    expect(cell.status).toBe(200);
    expect(cell.body.evaluation).toMatchObject({ ruleVersion: 1, progress: { required: 1 } });
  });

  it('keeps a term running in a replay before its end was recorded', async () => {
    // Today the recall is known: the term ended with September, so October's board has no row for it.
    const now = await board('period=month&periods=1&at=2026-10-15');
    expect(ids(now.body)).toEqual([late]);
    const september = await board('period=month&periods=1&at=2026-09-20');
    expect(september.body.rows.find((r: any) => r.appointmentId === early)).toMatchObject({
      appointmentStatus: 'recalled',
      termEnd: '2026-09-30',
    });
    // On 15 October nobody knew yet: the appointee was still on the board, active.
    const then = await board('period=month&periods=1&at=2026-10-15&replay=true');
    expect(ids(then.body)).toEqual([early]);
    expect(then.body.rows[0]).toMatchObject({ appointmentStatus: 'active', termEnd: null });
    expect(onsite(then.body, early)).toEqual([expect.objectContaining({ periodKey: '2026-10' })]);
  });
});
