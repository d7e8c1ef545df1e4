import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { createTenant, type Tenant, useTestApp } from './helpers.ts';

/**
 * One clock: every service judges "now" and "today" by the request's clock (`ctx.now`), which
 * tests fix through `buildApp`. Here it is 10:00 on 10 March 2026 in Beijing, long before the
 * day this test runs, and each service below must say so.
 */
const NOW = new Date('2026-03-10T10:00:00+08:00');
const t = useTestApp({}, { now: () => NOW });
let tn: Tenant;

beforeAll(async () => {
  tn = await createTenant(t);
});

describe('ctx.now: the one clock services read', () => {
  it('judges a work log "in the future" by the request clock, not the machine’s', async () => {
    const ap = await factories(t, tn).appointment({ termStart: '2026-01-01' });
    const log = (occurredAt: string) =>
      tn.clients.community_admin.post('/api/work-logs', {
        appointmentId: ap.id,
        kind: 'contact',
        occurredAt,
        withWhom: '村居书记',
        content: '电话沟通',
      });
    // A day after the clock: in the future for this app, though long past for the machine.
    const later = await log('2026-03-11T10:00:00+08:00');
    expect(later.status).toBe(400);
    expect(later.body.error.details).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
    expect((await log('2026-03-09T10:00:00+08:00')).status).toBe(201);
  });

  it('dates a new selection batch on the request clock’s day', async () => {
    const make = factories(t, tn);
    const c = tn.clients.street_admin;
    const programme = await c.post('/api/work-programmes', {
      areaId: tn.areas.street.id,
      kindId: await make.kindId('second_secretary'),
      year: 2026,
      title: `方案-${tn.tag}`,
    });
    expect(programme.status, JSON.stringify(programme.body)).toBe(201);
    const batch = await c.post('/api/batches', { programmeId: programme.body.id, title: `第一批-${tn.tag}` });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    expect(batch.body.batchDate).toBe('2026-03-10');
  });
});
