import { t as say } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { createTenant, recordLog, type Tenant, useTestApp } from './helpers.ts';

/**
 * 提醒 from the board (POST /api/compliance/remind): scoped, for district/street/community admins,
 * told as the reminder scan tells (to those responsible when the appointee has no account), once
 * per appointee × duty × period × day, audited.
 */
const cn = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);
/** Saturday of 2026-W42: the weekly contact, not yet made, is at risk; W41 was missed. */
let now = cn('2026-10-17');
const t = useTestApp({}, { now: () => now });
let tn: Tenant;
/** The tenant member's appointment in C1 (the member has an account) and its twin's in C3 (none). */
let inC1: number;
let inC3: number;

const RULE = 'ss_weekly_contact';
const body = (appointmentId: number, periodKey = '2026-W42') => ({
  appointmentId,
  ruleCode: RULE,
  periodKey,
});

/** The notices a remind wrote (the board's have no `reminders_sent` row). */
async function notices(appointmentId: number, periodKey: string) {
  const r = await t.database.pool.query(
    `select a.role, n.kind, n.title_zh, n.body_zh, n.body_en, n.link from notifications n
       join accounts a on a.id = n.recipient_account_id
      where n.reminder_id is null and n.link like $1 order by a.role, n.id`,
    [`%appointmentId=${appointmentId}&rule=${RULE}&period=${periodKey}`],
  );
  return r.rows as {
    role: string;
    kind: string;
    title_zh: string;
    body_zh: string;
    body_en: string;
    link: string;
  }[];
}

async function remindEvents(appointmentId: number) {
  const r = await t.database.pool.query(
    `select actor_name, actor_role, area_id, after from audit_events
      where entity_type = 'appointment' and entity_id = $1 and action = 'remind' order by id`,
    [String(appointmentId)],
  );
  return r.rows as {
    actor_name: string;
    actor_role: string;
    area_id: number;
    after: Record<string, unknown>;
  }[];
}

beforeAll(async () => {
  tn = await createTenant(t);
  ({ inC1, inC3 } = await factories(t, tn).appointmentsInAndOut('2026-06-01'));
  // W41 (5–11 Oct) met in C1: a contact, confirmed by the community.
  await recordLog(
    tn.clients.member,
    inC1,
    { kind: 'contact', occurredAt: '2026-10-08T10:00:00+08:00', withWhom: '村居书记' },
    tn.clients.community_admin,
  );
});

describe('reminding from the board', () => {
  it('tells the appointee with an account, once today; audited; the second press is 409 with the time of the first', async () => {
    const c = tn.clients.community_admin;
    const res = await c.post('/api/compliance/remind', body(inC1));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      appointmentId: inC1,
      ruleCode: RULE,
      periodKey: '2026-W42',
      kind: 'at_risk',
      delivery: 'appointee',
      recipients: 2,
      escalated: false,
      remindedAt: now.toISOString(),
    });
    const sent = await notices(inC1, '2026-W42');
    // As the reminder scan tells: the appointee on its own page, the community on the board.
    expect(sent.map((n) => [n.role, n.kind])).toEqual([
      ['community_admin', 'duty_at_risk'],
      ['member', 'duty_at_risk'],
    ]);
    expect(sent[0]!.link).toBe(`/compliance?appointmentId=${inC1}&rule=${RULE}&period=2026-W42`);
    expect(sent[1]!.link).toBe(`/my-duty?appointmentId=${inC1}&rule=${RULE}&period=2026-W42`);
    expect(sent[1]!.body_zh).not.toContain('请转告');
    expect(sent[1]!.body_zh).toContain('提醒');
    const events = await remindEvents(inC1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_role: 'community_admin',
      area_id: tn.areas.community.id,
      after: { ruleCode: RULE, periodKey: '2026-W42', kind: 'at_risk', delivery: 'appointee', recipients: 2 },
    });

    // Later the same day, by another admin over the area: refused, nothing written.
    now = cn('2026-10-17', '21:30');
    const again = await tn.clients.street_admin.post('/api/compliance/remind', body(inC1));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'ALREADY_REMINDED',
      message: say('e.alreadyReminded', 'zh-CN'),
      details: { remindedAt: cn('2026-10-17').toISOString() },
    });
    expect(await notices(inC1, '2026-W42')).toHaveLength(2);
    expect(await remindEvents(inC1)).toHaveLength(1);

    // The next day (W42 still at risk on its Sunday) it may be sent again.
    now = cn('2026-10-18', '09:00');
    const sunday = await tn.clients.street_admin.post('/api/compliance/remind', body(inC1));
    expect(sunday.status, JSON.stringify(sunday.body)).toBe(201);
    expect(await notices(inC1, '2026-W42')).toHaveLength(4);
    now = cn('2026-10-17');
  });

  it('goes to those responsible when the appointee has no account, and the answer says so', async () => {
    const res = await tn.clients.outsideCommunityAdmin.post('/api/compliance/remind', body(inC3, '2026-W41'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'missed',
      delivery: 'responsible',
      recipients: 1,
      escalated: false,
    });
    const sent = await notices(inC3, '2026-W41');
    expect(sent.map((n) => [n.role, n.kind])).toEqual([['community_admin', 'duty_missed']]);
    expect(sent[0]!.body_zh).toContain('没有账号，本人收不到此提醒，请转告。');
    expect(sent[0]!.link).toBe(`/compliance?appointmentId=${inC3}&rule=${RULE}&period=2026-W41`);
  });

  it('refuses a duty with nothing to remind of', async () => {
    const res = await tn.clients.community_admin.post('/api/compliance/remind', body(inC1, '2026-W41'));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'NOTHING_TO_REMIND', details: { status: 'met' } });
  });

  it('is 404 out of scope, 403 for roles that may not, 400 for a bad period; nothing written', async () => {
    const before = (await remindEvents(inC1)).length;
    expect((await tn.clients.outsideCommunityAdmin.post('/api/compliance/remind', body(inC1))).status).toBe(
      404,
    );
    // The sending unit's admin and the appointee read the cell, but do not remind from it.
    expect((await tn.clients.unit_admin.post('/api/compliance/remind', body(inC1))).status).toBe(403);
    expect((await tn.clients.member.post('/api/compliance/remind', body(inC1))).status).toBe(403);
    expect((await tn.clients.resident.post('/api/compliance/remind', body(inC1))).status).toBe(403);
    const bad = await tn.clients.community_admin.post('/api/compliance/remind', body(inC1, '2026-W54'));
    expect(bad.status).toBe(400);
    expect((await remindEvents(inC1)).length).toBe(before);
  });
});
