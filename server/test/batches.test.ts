import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchFacts, batchMachine } from '#server/modules/cadres/batches/machine.ts';
import { ageOn, evaluateConditions } from '#server/modules/cadres/batches/qualification.ts';
import { auditTrail, createTenant, fakeIdNumber, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
let orgC1: number;
let orgC3: number;
let secondSecretary: number;
let programmeId: number;
/** Lives in C1 and works for the SOE: qualifies. */
let m1: number;
/** Lives in C2, outside the receiving community: fails. */
let m2: number;
/** Lives in C1 and works for the SOE: qualifies, then is rejected at review. */
let m3: number;

const today = localDate(new Date());

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

async function eventCount(types: string[]) {
  const rows = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = any($1) and area_id in (select id from areas where path like $2)`,
    [types, `${tn.areas.district.path}%`],
  );
  return rows.rows[0].n as number;
}

async function member(areaId: number, name: string, extra: Record<string, unknown> = {}) {
  const res = await tn.clients.district_admin.post('/api/members', {
    areaId,
    name,
    gender: 'female',
    idNumber: fakeIdNumber(),
    category: 'in_service',
    joinDate: '2012-07-01',
    unitId: tn.inside.unitId,
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const candidateOf = (batch: any, memberId: number) =>
  batch.candidates.find((c: { memberId: number }) => c.memberId === memberId);

beforeAll(async () => {
  tn = await createTenant(t);
  const org = async (areaId: number, name: string) => {
    const res = await tn.clients.district_admin.post('/api/orgs', { areaId, type: 'branch', name });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  orgC3 = await org(tn.areas.community3.id, `C3党支部-${tn.tag}`);
  const kinds = await tn.clients.street_admin.get('/api/appointment-kinds?pageSize=100');
  secondSecretary = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  m1 = await member(tn.areas.building.id, '王一');
  m2 = await member(tn.areas.community2.id, '王二');
  m3 = await member(tn.areas.compound.id, '王三');
});

describe('work programmes', () => {
  it('a street writes a programme with text and structured candidate conditions', async () => {
    const res = await tn.clients.street_admin.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: secondSecretary,
      year: 2026,
      title: '“第二书记”工作方案',
      scopeText: '驻镇央企居住在村居的职工党员',
      conditionsText: '中共党员；居住在所任村居；派出单位在职职工；年龄一般不超过 55 岁',
      conditions: [
        { type: 'lives_in_receiving_community' },
        { type: 'is_party_member' },
        { type: 'employee_of_sending_unit' },
        { type: 'max_age', years: 55 },
        { type: 'category_in', categories: ['in_service', 'community'] },
      ],
      procedureText: '个人推荐、单位推荐 → 资格审查 → 组织审核 → 任前公示 → 任命',
      dutiesText: '五个一',
      assessmentText: '年度述职，镇党委考核',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kindCode: 'second_secretary',
      areaId: tn.areas.street.id,
      batchCount: 0,
      actions: ['update', 'delete'],
    });
    expect(res.body.conditions).toHaveLength(5);
    programmeId = res.body.id;
    expect((await auditTrail(t, 'work_programme', programmeId)).map((e) => e.action)).toEqual(['create']);
    const edited = await tn.clients.street_admin.patch(`/api/work-programmes/${programmeId}`, {
      conditions: [
        { type: 'lives_in_receiving_community' },
        { type: 'is_party_member' },
        { type: 'employee_of_sending_unit' },
        { type: 'max_age', years: 60 },
        { type: 'category_in', categories: ['in_service', 'community'] },
      ],
    });
    expect(edited.status).toBe(200);
    const trail = await auditTrail(t, 'work_programme', programmeId);
    expect(trail.map((e) => e.action)).toEqual(['create', 'update']);
    expect(Object.keys(trail[1]!.after!)).toEqual(['conditions']);
  });

  it('bad conditions are field errors, and a second programme for the same kind and year is a conflict', async () => {
    const before = await eventCount(['work_programme']);
    const bad = await tn.clients.street_admin.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: secondSecretary,
      year: 2027,
      title: 'x',
      conditions: [
        { type: 'category_in', categories: ['in_service', 'astronaut'] },
        { type: 'is_party_member' },
        { type: 'is_party_member' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['conditions.0.categories.1', 'conditions.2.type']);
    const unknown = await tn.clients.street_admin.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: secondSecretary,
      year: 2027,
      title: 'x',
      conditions: [{ type: 'max_age' }, { type: 'likes_tea' }],
    });
    expect(unknown.status).toBe(400);
    const outside = await tn.clients.street_admin.post('/api/work-programmes', {
      areaId: tn.areas.street2.id,
      kindId: secondSecretary,
      year: 2027,
      title: 'x',
    });
    expect(paths(outside)).toEqual(['areaId']);
    const dup = await tn.clients.street_admin.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: secondSecretary,
      year: 2026,
      title: '重复',
    });
    expect(dup.status).toBe(409);
    expect(paths(dup)).toEqual(['year']);
    expect(await eventCount(['work_programme'])).toBe(before);
  });

  it('programmes are the admins’ business: other roles get 403, other streets 404', async () => {
    for (const role of ['member', 'resident', 'unit_admin'] as const) {
      expect((await tn.clients[role].get('/api/work-programmes')).status).toBe(403);
      expect((await tn.clients[role].get(`/api/work-programmes/${programmeId}`)).status).toBe(403);
    }
    expect((await tn.clients.outsideStreetAdmin.get(`/api/work-programmes/${programmeId}`)).status).toBe(404);
    const listed = await tn.clients.outsideStreetAdmin.get('/api/work-programmes');
    expect(listed.body.data.map((p: { id: number }) => p.id)).not.toContain(programmeId);
    expect((await tn.clients.district_admin.get(`/api/work-programmes/${programmeId}`)).status).toBe(200);
    const byYear = await tn.clients.district_admin.get('/api/work-programmes?year=2026');
    expect(byYear.body.data.map((p: { id: number }) => p.id)).toEqual([programmeId]);
  });
});

describe('a selection batch from nomination to appointment', () => {
  let batchId: number;

  it('opens a batch and nominates three candidates, refusing bad nominations', async () => {
    const c = tn.clients.street_admin;
    const opened = await c.post('/api/batches', { programmeId, title: '第一批' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'nominating', batchDate: today, candidates: [] });
    expect(opened.body.actions).toEqual(['update', 'nominate', 'cancel']);
    batchId = opened.body.id;

    for (const memberId of [m1, m2, m3]) {
      const res = await c.post(`/api/batches/${batchId}/candidates`, {
        memberId,
        sendingUnitId: tn.inside.unitId,
        receivingOrgId: orgC1,
      });
      expect(res.status).toBe(201);
    }
    const before = await eventCount(['batch_candidate']);
    const dup = await c.post(`/api/batches/${batchId}/candidates`, {
      memberId: m1,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
    });
    expect(dup.status).toBe(409);
    expect(paths(dup)).toEqual(['memberId']);
    const bad = await c.post(`/api/batches/${batchId}/candidates`, {
      memberId: tn.outside.memberId,
      receivingOrgId: orgC3,
    });
    expect(bad.status).toBe(400);
    // C3 lies outside the street running the selection; a second secretary needs a sending unit.
    expect(paths(bad)).toEqual(['receivingOrgId', 'sendingUnitId']);
    expect(await eventCount(['batch_candidate'])).toBe(before);

    const detail = await c.get(`/api/batches/${batchId}`);
    expect(detail.body.candidates.map((x: { memberId: number }) => x.memberId)).toEqual([m1, m2, m3]);
    expect(detail.body.candidates[0]).toMatchObject({
      status: 'nominated',
      checkResults: null,
      actions: ['delete'],
    });
  });

  it('refuses moves the procedure does not allow yet with 409', async () => {
    const c = tn.clients.street_admin;
    for (const path of ['review', 'appoint']) {
      const res = await c.post(`/api/batches/${batchId}/${path}`, {});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
    }
    const notice = await c.post(`/api/batches/${batchId}/notice`, { noticeStart: today, noticeEnd: today });
    expect(notice.status).toBe(409);
    const empty = await c.post('/api/batches', { programmeId, title: '空批次' });
    const check = await c.post(`/api/batches/${empty.body.id}/check`, {});
    expect(check.status).toBe(409);
    expect(check.body.error.code).toBe('NO_CANDIDATES');
    expect((await c.post(`/api/batches/${empty.body.id}/cancel`, { reason: '误建' })).status).toBe(200);
  });

  it('the qualification check stores every condition’s result and shows why a candidate fails', async () => {
    const res = await tn.clients.street_admin.post(`/api/batches/${batchId}/check`, {});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('checked');
    expect(res.body.actions).toEqual(['update', 'reopen', 'startReview', 'cancel']);
    const one = candidateOf(res.body, m1);
    expect(one.status).toBe('qualified');
    expect(one.checkResults.map((r: { type: string; passed: boolean }) => [r.type, r.passed])).toEqual([
      ['lives_in_receiving_community', true],
      ['is_party_member', true],
      ['employee_of_sending_unit', true],
      ['max_age', true],
      ['category_in', true],
    ]);
    const two = candidateOf(res.body, m2);
    expect(two.status).toBe('disqualified');
    const failed = two.checkResults.filter((r: { passed: boolean }) => !r.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: 'lives_in_receiving_community',
      reasonZh: `居住地「C2-${tn.tag}」不在接收组织所在的「C1-${tn.tag}」范围内`,
      reasonEn: `Lives in C2-${tn.tag}, outside C1-${tn.tag} of the receiving organisation`,
    });
    expect(candidateOf(res.body, m3).status).toBe('qualified');
    const trail = await auditTrail(t, 'selection_batch', batchId);
    expect(trail.at(-1)).toMatchObject({ action: 'check', summary: '2/3 qualified' });
    expect((trail.at(-1)!.after as any).candidates).toContainEqual({
      candidateId: two.id,
      memberId: m2,
      qualified: false,
      failed: ['lives_in_receiving_community'],
    });
  });

  it('review approves one and rejects one; a disqualified candidate cannot go on', async () => {
    const c = tn.clients.street_admin;
    const review = await c.post(`/api/batches/${batchId}/review`, {});
    expect(review.status).toBe(200);
    expect(review.body.status).toBe('review');
    const [one, two, three] = [m1, m2, m3].map((m) => candidateOf(review.body, m));
    expect(two.actions).toEqual([]);
    expect(one.actions).toEqual(['review']);
    const refused = await c.post(`/api/batches/${batchId}/candidates/${two.id}/review`, {
      decision: 'approve',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('NOT_QUALIFIED');

    const undecided = await c.post(`/api/batches/${batchId}/notice`, {
      noticeStart: today,
      noticeEnd: today,
    });
    expect(undecided.status).toBe(409);
    expect(undecided.body.error.code).toBe('UNDECIDED_CANDIDATES');

    const noReason = await c.post(`/api/batches/${batchId}/candidates/${three.id}/review`, {
      decision: 'reject',
    });
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['comment']);
    expect(
      (await c.post(`/api/batches/${batchId}/candidates/${one.id}/review`, { decision: 'approve' })).status,
    ).toBe(200);
    const rejected = await c.post(`/api/batches/${batchId}/candidates/${three.id}/review`, {
      decision: 'reject',
      comment: '群众基础有待加强',
    });
    expect(candidateOf(rejected.body, m3)).toMatchObject({
      status: 'rejected',
      reviewComment: '群众基础有待加强',
    });
    expect(candidateOf(rejected.body, m1).status).toBe('approved');
    const trail = await auditTrail(t, 'batch_candidate', three.id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'review']);
    expect(trail[1]!.after).toEqual({ status: 'rejected', reviewComment: '群众基础有待加强' });
  });

  it('publishes the public notice; bad dates are refused', async () => {
    const c = tn.clients.street_admin;
    const bad = await c.post(`/api/batches/${batchId}/notice`, {
      noticeStart: today,
      noticeEnd: addDays(today, -1),
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['noticeEnd']);
    // The notice ran for the five working days before yesterday's end.
    const res = await c.post(`/api/batches/${batchId}/notice`, {
      noticeStart: addDays(today, -7),
      noticeEnd: addDays(today, -1),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'notice', noticeEnd: addDays(today, -1) });
    expect(res.body.actions).toEqual(['update', 'appoint', 'cancel']);
  });

  it('appointing after the notice creates the appointments of the approved candidates in one go', async () => {
    const c = tn.clients.street_admin;
    const early = await c.post(`/api/batches/${batchId}/appoint`, { termStart: addDays(today, -1) });
    expect(early.status).toBe(400);
    expect(paths(early)).toEqual(['termStart']);
    const res = await c.post(`/api/batches/${batchId}/appoint`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'appointed', termStart: today, actions: [] });
    const appointed = candidateOf(res.body, m1);
    expect(appointed.status).toBe('appointed');
    expect(candidateOf(res.body, m2).appointmentId).toBeNull();
    expect(candidateOf(res.body, m3).appointmentId).toBeNull();

    const list = await c.get(`/api/appointments?batchId=${batchId}`);
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({
      id: appointed.appointmentId,
      memberId: m1,
      kindCode: 'second_secretary',
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      areaId: tn.areas.community.id,
      termStart: today,
      termEnd: null,
      status: 'active',
      batchId,
    });
    // The receiving community sees its new second secretary; the secretary sees the appointment.
    expect(
      (await tn.clients.community_admin.get(`/api/appointments/${appointed.appointmentId}`)).status,
    ).toBe(200);

    expect((await auditTrail(t, 'selection_batch', batchId)).map((e) => e.action)).toEqual([
      'create',
      'check',
      'start_review',
      'notice',
      'appoint',
    ]);
    const made = await auditTrail(t, 'appointment', appointed.appointmentId);
    expect(made.map((e) => [e.action, e.summary])).toEqual([['create', `batch ${batchId}`]]);
    const again = await c.post(`/api/batches/${batchId}/appoint`, {});
    expect(again.status).toBe(409);
    expect((await c.post(`/api/batches/${batchId}/cancel`, { reason: 'x' })).status).toBe(409);
    const programme = await c.get(`/api/work-programmes/${programmeId}`);
    expect(programme.body).toMatchObject({ batchCount: 2, actions: ['update'] });
    expect((await c.del(`/api/work-programmes/${programmeId}`)).status).toBe(409);
  });

  it('refuses to appoint while the notice period is still running', async () => {
    const c = tn.clients.street_admin;
    const opened = await c.post('/api/batches', { programmeId, title: '第二批' });
    const id = opened.body.id;
    const nominated = await c.post(`/api/batches/${id}/candidates`, {
      memberId: m3,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
    });
    const cid = nominated.body.candidates[0].id;
    await c.post(`/api/batches/${id}/check`, {});
    await c.post(`/api/batches/${id}/review`, {});
    await c.post(`/api/batches/${id}/candidates/${cid}/review`, { decision: 'approve' });
    const notice = await c.post(`/api/batches/${id}/notice`, {
      noticeStart: today,
      noticeEnd: addDays(today, 4),
    });
    expect(notice.body.actions).toEqual(['update', 'cancel']);
    const res = await c.post(`/api/batches/${id}/appoint`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOTICE_NOT_ENDED');
    expect(res.body.error.message).toBe('公示期尚未结束，不能任命');
    expect((await c.get(`/api/appointments?batchId=${id}`)).body.total).toBe(0);
    const cancelled = await c.post(`/api/batches/${id}/cancel`, { reason: '人选调整' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '人选调整', actions: [] });
  });

  it('a reopened batch clears its check; candidates can then be withdrawn', async () => {
    const c = tn.clients.street_admin;
    const opened = await c.post('/api/batches', { programmeId, title: '第三批', batchDate: '2026-01-15' });
    const id = opened.body.id;
    const retitled = await c.patch(`/api/batches/${id}`, { title: '第三批（补充）' });
    expect(retitled.body.title).toBe('第三批（补充）');
    const edits = await auditTrail(t, 'selection_batch', id);
    expect(edits.at(-1)).toMatchObject({
      action: 'update',
      before: { title: '第三批' },
      after: { title: '第三批（补充）' },
    });
    const added = await c.post(`/api/batches/${id}/candidates`, {
      memberId: m2,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
    });
    await c.post(`/api/batches/${id}/check`, {});
    expect((await c.patch(`/api/batches/${id}`, { batchDate: '2026-02-01' })).status).toBe(409);
    const reopened = await c.post(`/api/batches/${id}/reopen`, {});
    expect(reopened.body.status).toBe('nominating');
    expect(reopened.body.candidates[0]).toMatchObject({ status: 'nominated', checkResults: null });
    const removed = await c.del(`/api/batches/${id}/candidates/${added.body.candidates[0].id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.candidates).toEqual([]);
    expect(
      (await auditTrail(t, 'batch_candidate', added.body.candidates[0].id)).map((e) => e.action),
    ).toEqual(['create', 'delete']);
  });

  it('batches stay with the admins of the running area', async () => {
    for (const role of ['member', 'resident', 'unit_admin'] as const) {
      expect((await tn.clients[role].get(`/api/batches/${batchId}`)).status).toBe(403);
      expect((await tn.clients[role].post(`/api/batches/${batchId}/check`, {})).status).toBe(403);
    }
    // A community admin sits below the street running the selection.
    expect((await tn.clients.community_admin.get(`/api/batches/${batchId}`)).status).toBe(404);
    expect((await tn.clients.outsideStreetAdmin.get(`/api/batches/${batchId}`)).status).toBe(404);
    expect(
      (await tn.clients.outsideStreetAdmin.post(`/api/batches/${batchId}/cancel`, { reason: 'x' })).status,
    ).toBe(404);
    const outside = await tn.clients.outsideStreetAdmin.post('/api/batches', { programmeId, title: 'x' });
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['programmeId']);
    const district = await tn.clients.district_admin.get(`/api/batches?programmeId=${programmeId}`);
    expect(district.body.total).toBe(4);
    const appointedOnly = await tn.clients.district_admin.get(
      `/api/batches?programmeId=${programmeId}&status=appointed`,
    );
    expect(appointedOnly.body.data.map((b: { id: number }) => b.id)).toEqual([batchId]);
    expect((await tn.clients.outsideStreetAdmin.get('/api/batches')).body.total).toBe(0);
  });
});

describe('the selection rules as pure functions', () => {
  const facts = (over: Partial<BatchFacts> = {}): BatchFacts => ({
    status: 'nominating',
    candidates: [],
    noticeEnd: null,
    today: '2026-05-10',
    ...over,
  });

  it('moves a batch only along the procedure, with its guards', () => {
    expect(batchMachine.transition(facts({ candidates: ['nominated'] }), 'check')).toEqual({
      ok: true,
      to: 'checked',
    });
    expect(batchMachine.transition(facts(), 'check')).toMatchObject({ ok: false, code: 'NO_CANDIDATES' });
    expect(
      batchMachine.transition(facts({ status: 'checked', candidates: ['disqualified'] }), 'startReview'),
    ).toMatchObject({
      ok: false,
      code: 'NO_QUALIFIED',
    });
    expect(
      batchMachine.transition(
        facts({ status: 'review', candidates: ['approved', 'rejected'] }),
        'publishNotice',
      ),
    ).toEqual({
      ok: true,
      to: 'notice',
    });
    expect(
      batchMachine.transition(facts({ status: 'review', candidates: ['rejected'] }), 'publishNotice'),
    ).toMatchObject({
      code: 'NONE_APPROVED',
    });
    // The last day of the notice still belongs to it.
    const notice = facts({ status: 'notice', candidates: ['approved'], noticeEnd: '2026-05-10' });
    expect(batchMachine.transition(notice, 'appoint')).toMatchObject({ ok: false, code: 'NOTICE_NOT_ENDED' });
    expect(batchMachine.transition({ ...notice, today: '2026-05-11' }, 'appoint')).toEqual({
      ok: true,
      to: 'appointed',
    });
    for (const status of ['appointed', 'cancelled'] as const)
      expect(batchMachine.allowed(facts({ status, candidates: ['approved'] }))).toEqual([]);
    expect(batchMachine.transition(facts({ status: 'notice' }), 'nominate')).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
  });

  it('explains every failed condition in both languages', () => {
    const results = evaluateConditions(
      [
        { type: 'is_party_member' },
        { type: 'employee_of_sending_unit' },
        { type: 'max_age', years: 40 },
        { type: 'category_in', categories: ['retired'] },
      ],
      {
        member: {
          name: '李四',
          birthDate: '1985-05-11',
          joinDate: null,
          unitId: 7,
          unitName: '某公司',
          category: 'in_service',
          areaPath: '/1/2/3/',
          areaName: '甲社区',
        },
        sendingUnit: { id: 8, name: '某央企' },
        receiving: { orgName: '甲社区党委', areaPath: '/1/2/3/', areaName: '甲社区' },
        batchDate: '2026-05-10',
        categoryLabels: {
          in_service: { zh: '在职党员', en: 'In-service' },
          retired: { zh: '离退休党员', en: 'Retired' },
        },
      },
    );
    expect(results.map((r) => [r.passed, r.reasonZh])).toEqual([
      [false, '党员档案中未登记入党日期'],
      [false, '工作单位为「某公司」，不是派出单位「某央企」'],
      // Forty until the day before the 41st birthday.
      [true, '2026-05-10 时 40 岁，不超过 40 岁'],
      [false, '党员分类为「在职党员」，不在「离退休党员」之内'],
    ]);
    expect(results[3]!.reasonEn).toBe('Category In-service is not one of: Retired');
    expect(ageOn('1985-05-11', '2026-05-11')).toBe(41);
  });
});
