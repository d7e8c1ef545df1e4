import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, recordLog, type Tenant, useTestApp } from './helpers.ts';

/**
 * A record named inside a batch or a log (a candidate, an evidence file) that does not exist is
 * not found (404) whatever state the batch or log is in: being visible is checked before being
 * legal now (409), as for the batch or log itself. An existing one in a closed state stays a 409.
 */
const t = useTestApp();
let tn: Tenant;
let orgC1: number;
let secondSecretary: number;
const today = localDate(new Date());
const MISSING = 2_000_000_000;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  tn = await createTenant(t);
  const kinds = await tn.clients.street_admin.get('/api/appointment-kinds?pageSize=100');
  secondSecretary = kinds.body.data.find((k: { code: string }) => k.code === 'second_secretary').id;
  const org = await tn.clients.district_admin.post('/api/orgs', {
    type: 'branch',
    areaId: tn.areas.community.id,
    name: `受援支部-${tn.tag}`,
  });
  expect(org.status).toBe(201);
  orgC1 = org.body.id;
});

describe('a batch that is cancelled', () => {
  it('answers 404 for a candidate it does not hold and 409 for one it does', async () => {
    const c = tn.clients.street_admin;
    const programme = await c.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: secondSecretary,
      year: 2031,
      title: '方案',
      conditions: [],
    });
    expect(programme.status, JSON.stringify(programme.body)).toBe(201);
    const batch = await c.post('/api/batches', { programmeId: programme.body.id, title: '批次' });
    expect(batch.status).toBe(201);
    const id = batch.body.id as number;
    const nominated = await c.post(`/api/batches/${id}/candidates`, {
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
    });
    expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
    const candidateId = nominated.body.candidates[0].id as number;
    expect((await c.post(`/api/batches/${id}/cancel`, { reason: '误建' })).status).toBe(200);

    const review = { decision: 'approve' };
    expect((await c.del(`/api/batches/${id}/candidates/${MISSING}`)).status).toBe(404);
    expect((await c.post(`/api/batches/${id}/candidates/${MISSING}/review`, review)).status).toBe(404);
    const removeHeld = await c.del(`/api/batches/${id}/candidates/${candidateId}`);
    expect([removeHeld.status, removeHeld.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const reviewHeld = await c.post(`/api/batches/${id}/candidates/${candidateId}/review`, review);
    expect([reviewHeld.status, reviewHeld.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    // A candidate of another batch is not one of this batch's.
    const other = await c.post('/api/batches', { programmeId: programme.body.id, title: '另一批次' });
    expect((await c.del(`/api/batches/${other.body.id}/candidates/${candidateId}`)).status).toBe(404);
  });
});

describe('a work log that is confirmed', () => {
  it('answers 404 for a file it does not carry and 409 for one it does', async () => {
    const made = await tn.clients.community_admin.post('/api/appointments', {
      kindId: secondSecretary,
      memberId: tn.inside.memberId,
      sendingUnitId: tn.inside.unitId,
      receivingOrgId: orgC1,
      termStart: addDays(today, -30),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const logId = await recordLog(tn.clients.member, made.body.id, {
      kind: 'contact',
      occurredAt: `${addDays(today, -2)}T10:00:00+08:00`,
      withWhom: '村居书记',
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'photo.png');
    const m = tn.clients.member;
    const uploaded = await fetch(`${t.url}/api/work-logs/${logId}/files`, {
      method: 'POST',
      headers: { cookie: m.cookie ?? '', 'x-csrf-token': m.csrfToken ?? '' },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { files: { id: number }[] }).files[0]!.id;
    expect((await tn.clients.community_admin.post(`/api/work-logs/${logId}/confirm`, {})).status).toBe(200);

    expect((await m.del(`/api/work-logs/${logId}/files/${MISSING}`)).status).toBe(404);
    expect((await m.get(`/api/work-logs/${logId}/files/${MISSING}`)).status).toBe(404);
    const held = await m.del(`/api/work-logs/${logId}/files/${fileId}`);
    expect([held.status, held.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    expect((await m.get(`/api/work-logs/${logId}/files/${fileId}`)).status).toBe(200);
  });
});
