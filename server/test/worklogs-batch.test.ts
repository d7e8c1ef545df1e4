import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { auditTrail, createTenant, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
let inC1: number;
let inC3: number;
const today = localDate(new Date());
const at = (days: number) => `${addDays(today, days)}T10:00:00+08:00`;

async function contact(appointmentId: number, days: number, by = tn.clients.community_admin) {
  const res = await by.post('/api/work-logs', {
    appointmentId,
    kind: 'contact',
    occurredAt: at(days),
    withWhom: '村居书记',
    content: '电话沟通',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const statusOf = async (id: number) =>
  (await t.database.pool.query('select status from work_logs where id = $1', [id])).rows[0].status as string;

beforeAll(async () => {
  tn = await createTenant(t);
  ({ inC1, inC3 } = await factories(t, tn).appointmentsInAndOut(addDays(today, -60)));
});

describe('批量确认: confirming the ticked work logs', () => {
  it('confirms each it may, and says why for each it may not, the others unharmed', async () => {
    const c = tn.clients.community_admin;
    const fresh = [await contact(inC1, -5), await contact(inC1, -4), await contact(inC1, -3)];
    const decided = await contact(inC1, -2);
    expect((await c.post(`/api/work-logs/${decided}/reject`, { comment: '重复' })).status).toBe(200);
    const elsewhere = await contact(inC3, -2, tn.clients.outsideCommunityAdmin);
    const report = await tn.clients.member.post('/api/work-logs', {
      appointmentId: inC1,
      kind: 'annual_report',
      occurredAt: at(-1),
      reportYear: Number(today.slice(0, 4)),
      content: '年度述职报告',
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);

    const res = await c.post('/api/work-logs/batch-confirm', {
      ids: [fresh[0], decided, fresh[1], elsewhere, report.body.id, fresh[2], 2_000_000_000],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.done).toEqual(fresh);
    expect(res.body.refused).toEqual([
      { id: decided, code: 'ILLEGAL_TRANSITION', message: expect.any(String) },
      { id: elsewhere, code: 'NOT_FOUND', message: '记录不存在' },
      { id: report.body.id, code: 'VALIDATION_FAILED', message: '述职报告须填写审核意见，请单独确认' },
      { id: 2_000_000_000, code: 'NOT_FOUND', message: '记录不存在' },
    ]);
    for (const id of fresh) {
      expect(await statusOf(id)).toBe('confirmed');
      // Each with its own audit event, as if confirmed one by one.
      expect((await auditTrail(t, 'work_log', id)).map((e) => e.action)).toEqual(['create', 'confirm']);
    }
    expect(await statusOf(decided)).toBe('rejected');
    expect(await statusOf(elsewhere)).toBe('pending');
    expect(await statusOf(report.body.id)).toBe('pending');

    // With a comment for all, the annual report goes through too; English reasons in English.
    const again = await c.post('/api/work-logs/batch-confirm', { ids: [report.body.id], comment: '同意' });
    expect(again.body).toEqual({ done: [report.body.id], refused: [] });
    const en = tn.clients.community_admin;
    en.lang = 'en';
    try {
      const twice = await en.post('/api/work-logs/batch-confirm', { ids: [fresh[0]] });
      expect(twice.body.refused[0].message).toMatch(/[A-Za-z]/);
      expect(twice.body.refused[0].message).not.toMatch(/[\u4e00-\u9fff]/);
    } finally {
      en.lang = 'zh-CN';
    }
  });

  it('refuses roles that never confirm, and bad bodies, field by field', async () => {
    const log = await contact(inC1, -6);
    for (const role of ['unit_admin', 'member', 'resident'] as const)
      expect((await tn.clients[role].post('/api/work-logs/batch-confirm', { ids: [log] })).status, role).toBe(
        403,
      );
    const c = tn.clients.community_admin;
    const bad = async (body: unknown) => {
      const res = await c.post('/api/work-logs/batch-confirm', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return (res.body.error.details as { path: string; message: string }[]).map((d) => d.path);
    };
    expect(await bad({ ids: [] })).toEqual(['ids']);
    expect(await bad({ ids: [log, log] })).toEqual(['ids']);
    expect(await bad({ ids: Array.from({ length: 201 }, (_, i) => i + 1) })).toEqual(['ids']);
    expect(await bad({ ids: ['1'] })).toEqual(['ids.0']);
    expect(await bad({ ids: [log], isAdmin: true })).toEqual(['isAdmin']);
    expect(await statusOf(log)).toBe('pending');
  });
});
