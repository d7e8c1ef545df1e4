import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { auditTrail, type Client, createTenant, type Tenant, useTestApp } from './helpers.ts';

/** 批量批准 / 批量不批准 on 请假免责, as 批量确认 on work logs: each row on its own, refusals said. */
const t = useTestApp();

let tn: Tenant;
const today = localDate(new Date());

/** Ask for an exemption of the weekly contact duty in each offered week; their ids, oldest week first. */
async function askAll(c: Client, appointmentId: number, n: number) {
  const choices = await c.get(`/api/duty-exemptions/choices?appointmentId=${appointmentId}`);
  const weekly = choices.body.rules.find((r: any) => r.ruleCode === 'ss_weekly_contact');
  const ids: number[] = [];
  for (const p of weekly.periods.slice(0, n)) {
    const res = await c.post('/api/duty-exemptions', {
      appointmentId,
      ruleCode: 'ss_weekly_contact',
      periodKey: p.key,
      reasonKind: 'leave',
      reason: '',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

let inside: number[];
let outside: number;

beforeAll(async () => {
  tn = await createTenant(t);
  const make = factories(t, tn);
  const { inC1, inC3 } = await make.appointmentsInAndOut(addDays(today, -60));
  inside = await askAll(tn.clients.member, inC1, 3);
  [outside] = (await askAll(tn.clients.outsideCommunityAdmin, inC3, 1)) as [number];
});

describe('deciding several exemption requests at once', () => {
  it('approves each it may, and says why for each it may not, the others unharmed', async () => {
    const c = tn.clients.community_admin;
    const [a, b, d] = inside as [number, number, number];
    expect((await c.post(`/api/duty-exemptions/${a}/reject`, { comment: '已另行安排' })).status).toBe(200);
    const res = await c.post('/api/duty-exemptions/batch-approve', {
      ids: [a, b, outside, d],
      comment: '同意',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.done).toEqual([b, d]);
    expect(res.body.refused).toEqual([
      { id: a, code: 'EXEMPTION_DECIDED', message: expect.any(String) },
      { id: outside, code: 'NOT_FOUND', message: expect.any(String) },
    ]);
    for (const id of [b, d]) {
      const one = await c.get(`/api/duty-exemptions/${id}`);
      expect(one.body).toMatchObject({ status: 'approved', reviewComment: '同意' });
      expect((await auditTrail(t, 'duty_exemption', id)).map((r) => r.action)).toEqual(['create', 'approve']);
      const history = await c.get(`/api/duty-exemptions/${id}/history`);
      expect(history.body.data.map((r: any) => r.event)).toEqual(['create', 'approve']);
    }
    // The refused ones are as they were: decided once, or untouched out of sight.
    expect((await auditTrail(t, 'duty_exemption', a)).map((r) => r.action)).toEqual(['create', 'reject']);
    expect((await tn.clients.outsideCommunityAdmin.get(`/api/duty-exemptions/${outside}`)).body.status).toBe(
      'pending',
    );
  });

  it('rejects with one reason for all, which it requires; roles that never decide are refused whole', async () => {
    const none = await tn.clients.outsideCommunityAdmin.post('/api/duty-exemptions/batch-reject', {
      ids: [outside],
    });
    expect(none.status).toBe(400);
    expect(
      (await tn.clients.member.post('/api/duty-exemptions/batch-approve', { ids: [outside] })).status,
    ).toBe(403);
    const res = await tn.clients.outsideCommunityAdmin.post('/api/duty-exemptions/batch-reject', {
      ids: [outside, inside[1]],
      comment: '材料不全',
    });
    expect(res.status).toBe(200);
    expect(res.body.done).toEqual([outside]);
    expect(res.body.refused).toEqual([{ id: inside[1], code: 'NOT_FOUND', message: expect.any(String) }]);
    const after = await tn.clients.outsideCommunityAdmin.get(`/api/duty-exemptions/${outside}`);
    expect(after.body).toMatchObject({ status: 'rejected', reviewComment: '材料不全', actions: [] });
  });
});
