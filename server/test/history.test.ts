import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { auditTrail, beijingMorning, createTenant, recordLog, type Tenant, useTestApp } from './helpers.ts';

/**
 * The history of every stateful record (convention C3), through HTTP: each event fired writes one
 * row in the transaction of its move and audit event, a refused one writes neither, and a history
 * is read exactly as its record is.
 */
const t = useTestApp();

let tn: Tenant;
let make: ReturnType<typeof factories>;
const today = localDate(new Date());

/** Account ids of the tenant's clients, for "by whom". */
const ids: Record<string, number> = {};

async function accountIdOf(where: string, value: number) {
  const r = await t.database.pool.query(`select id from accounts where ${where} = $1`, [value]);
  return r.rows[0].id as number;
}

/** The history's events and moves, in order. */
const moves = (rows: any[]) => rows.map((r) => [r.event, r.from, r.to]);

/** Count the rows of a history table, for what must not change. */
async function rowCount(table: string, column: string, id: number) {
  const r = await t.database.pool.query(`select count(*)::int as n from ${table} where ${column} = $1`, [id]);
  return r.rows[0].n as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  make = factories(t, tn);
  ids.street = await accountIdOf('area_id', tn.areas.street.id);
  ids.community = await accountIdOf('area_id', tn.areas.community.id);
  ids.member = await accountIdOf('member_id', tn.inside.memberId);
});

describe('a batch', () => {
  it('walked nominate → check → review → notice → appoint keeps every step, by whom, in order', async () => {
    const c = tn.clients.street_admin;
    const programme = await make.programme();
    const opened = await c.post('/api/batches', { programmeId: programme.id, title: '第一批' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as number;
    const org = await make.org();
    const nominated = await c.post(`/api/batches/${id}/candidates`, {
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: org.id,
    });
    expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
    expect((await c.post(`/api/batches/${id}/check`)).status).toBe(200);
    expect((await c.post(`/api/batches/${id}/review`)).status).toBe(200);
    const candidateId = nominated.body.candidates[0].id;
    const reviewed = await c.post(`/api/batches/${id}/candidates/${candidateId}/review`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const notice = await c.post(`/api/batches/${id}/notice`, {
      noticeStart: addDays(today, -7),
      noticeEnd: addDays(today, -1),
    });
    expect(notice.status).toBe(200);
    const appointed = await c.post(`/api/batches/${id}/appoint`, {});
    expect(appointed.status, JSON.stringify(appointed.body)).toBe(200);

    const history = await c.get(`/api/batches/${id}/history`);
    expect(history.status).toBe(200);
    expect(moves(history.body.data)).toEqual([
      ['create', null, 'nominating'],
      ['nominate', 'nominating', 'nominating'],
      ['check', 'nominating', 'checked'],
      ['startReview', 'checked', 'review'],
      ['review', 'review', 'review'],
      ['publishNotice', 'review', 'notice'],
      ['appoint', 'notice', 'appointed'],
    ]);
    for (const row of history.body.data)
      expect(row.actor).toEqual({ id: ids.street, name: expect.any(String) });
    expect(history.body.data[4].note).toContain('同意');
    const ats = history.body.data.map((r: any) => r.at);
    expect([...ats].sort()).toEqual(ats);

    // The appointment the batch made has its own history, starting there.
    const made = await c.get(`/api/appointments?batchId=${id}`);
    const ap = await c.get(`/api/appointments/${made.body.data[0].id}/history`);
    expect(ap.body.data).toEqual([
      expect.objectContaining({ event: 'create', from: null, to: 'active', note: `batch ${id}` }),
    ]);
  });

  it('a refused move (409) writes no history and no audit event', async () => {
    const c = tn.clients.street_admin;
    const programme = await make.programme({ year: 2027 });
    const opened = await c.post('/api/batches', { programmeId: programme.id, title: '空批次' });
    const id = opened.body.id as number;
    const audits = (await auditTrail(t, 'selection_batch', id)).length;
    const rows = await rowCount('batch_transitions', 'batch_id', id);
    const refused = await c.post(`/api/batches/${id}/check`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'NO_CANDIDATES',
      details: { status: 'nominating', event: 'check' },
    });
    const illegal = await c.post(`/api/batches/${id}/appoint`, {});
    expect(illegal.body.error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      details: { status: 'nominating', event: 'appoint' },
    });
    expect(await rowCount('batch_transitions', 'batch_id', id)).toBe(rows);
    expect((await auditTrail(t, 'selection_batch', id)).length).toBe(audits);
    // Out of scope: 404 before anything else, as reading the batch is.
    expect((await tn.clients.outsideStreetAdmin.get(`/api/batches/${id}/history`)).status).toBe(404);
    expect((await tn.clients.member.get(`/api/batches/${id}/history`)).status).toBe(403);
  });
});

describe('an appointment', () => {
  it('ended: created, corrected and ended, each by the community', async () => {
    const c = tn.clients.community_admin;
    const created = await c.post('/api/appointments', {
      kindId: await make.kindId('second_secretary'),
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: (await make.org()).id,
      termStart: addDays(today, -100),
      termEnd: addDays(today, 100),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    expect((await c.patch(`/api/appointments/${id}`, { post: '第二书记' })).status).toBe(200);
    const ended = await c.post(`/api/appointments/${id}/end`, { endedOn: today, reason: '任期调整' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const history = await c.get(`/api/appointments/${id}/history`);
    expect(moves(history.body.data)).toEqual([
      ['create', null, 'active'],
      ['update', 'active', 'active'],
      ['end', 'active', 'ended'],
    ]);
    expect(history.body.data.map((r: any) => r.actor?.id)).toEqual([
      ids.community,
      ids.community,
      ids.community,
    ]);
    expect(history.body.data[2].note).toContain('任期调整');
    // The appointee reads its own; another street's admin does not see it at all.
    expect((await tn.clients.member.get(`/api/appointments/${id}/history`)).status).toBe(200);
    expect((await tn.clients.outsideStreetAdmin.get(`/api/appointments/${id}/history`)).status).toBe(404);
    // Ending it twice is refused and leaves the history as it was.
    expect((await c.post(`/api/appointments/${id}/end`, { endedOn: today })).status).toBe(409);
    expect((await c.get(`/api/appointments/${id}/history`)).body.data).toHaveLength(3);
  });
});

describe('a work log', () => {
  let appointmentId: number;
  beforeAll(async () => {
    appointmentId = (await make.appointment({ termStart: addDays(today, -60) })).id;
  });

  it('submitted by the appointee, then confirmed or returned by the community', async () => {
    const occurredAt = beijingMorning(addDays(today, -2));
    const kept = await recordLog(tn.clients.member, appointmentId, {
      kind: 'employee_contact',
      occurredAt,
      subjectMemberId: tn.inside.memberId,
    });
    const returned = await recordLog(tn.clients.member, appointmentId, {
      kind: 'employee_contact',
      occurredAt,
      subjectMemberId: tn.inside.memberId,
    });
    expect((await tn.clients.community_admin.post(`/api/work-logs/${kept}/confirm`, {})).status).toBe(200);
    const back = await tn.clients.community_admin.post(`/api/work-logs/${returned}/reject`, {
      comment: '请补充',
    });
    expect(back.status).toBe(200);

    const a = await tn.clients.member.get(`/api/work-logs/${kept}/history`);
    expect(a.status).toBe(200);
    expect(a.body.data.map((r: any) => [r.event, r.from, r.to, r.actor?.id])).toEqual([
      ['create', null, 'pending', ids.member],
      ['confirm', 'pending', 'confirmed', ids.community],
    ]);
    const b = await tn.clients.community_admin.get(`/api/work-logs/${returned}/history`);
    expect(b.body.data.map((r: any) => [r.event, r.to, r.note])).toEqual([
      ['create', 'pending', null],
      ['reject', 'rejected', '请补充'],
    ]);
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/work-logs/${kept}/history`)).status).toBe(404);
    expect((await tn.clients.resident.get(`/api/work-logs/${kept}/history`)).status).toBe(403);
  });

  it('two parallel confirms of one log make one move and one history row; the other is 409', async () => {
    const id = await recordLog(tn.clients.member, appointmentId, {
      kind: 'employee_contact',
      occurredAt: beijingMorning(addDays(today, -1)),
      subjectMemberId: tn.inside.memberId,
    });
    const [x, y] = await Promise.all([
      tn.clients.community_admin.post(`/api/work-logs/${id}/confirm`, {}),
      tn.clients.street_admin.post(`/api/work-logs/${id}/confirm`, {}),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body.error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      details: { status: 'confirmed', event: 'confirm' },
    });
    const history = await tn.clients.community_admin.get(`/api/work-logs/${id}/history`);
    expect(moves(history.body.data)).toEqual([
      ['create', null, 'pending'],
      ['confirm', 'pending', 'confirmed'],
    ]);
    expect((await auditTrail(t, 'work_log', id)).map((r) => r.action)).toEqual(['create', 'confirm']);
  });
});

describe('an exemption', () => {
  it('requested by the appointee and approved by the community; deciding again is refused', async () => {
    const appointmentId = (await make.appointment({ termStart: addDays(today, -40) })).id;
    const choices = await tn.clients.member.get(
      `/api/duty-exemptions/choices?appointmentId=${appointmentId}`,
    );
    const weekly = choices.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
    const asked = await tn.clients.member.post('/api/duty-exemptions', {
      appointmentId,
      ruleCode: 'ss_weekly_contact',
      periodKey: weekly.periods.find((p: any) => p.current).key,
      reasonKind: 'illness',
      reason: '住院一周',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const id = asked.body.id as number;
    const approved = await tn.clients.community_admin.post(`/api/duty-exemptions/${id}/approve`, {
      comment: '同意',
    });
    expect(approved.status).toBe(200);
    const again = await tn.clients.community_admin.post(`/api/duty-exemptions/${id}/reject`, {
      comment: '不',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'EXEMPTION_DECIDED', details: { status: 'approved' } });

    const history = await tn.clients.member.get(`/api/duty-exemptions/${id}/history`);
    expect(history.body.data.map((r: any) => [r.event, r.from, r.to, r.actor?.id, r.note])).toEqual([
      ['create', null, 'pending', ids.member, '住院一周'],
      ['approve', 'pending', 'approved', ids.community, '同意'],
    ]);
    expect((await auditTrail(t, 'duty_exemption', id)).map((r) => r.action)).toEqual(['create', 'approve']);
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/duty-exemptions/${id}/history`)).status).toBe(
      404,
    );
  });
});
