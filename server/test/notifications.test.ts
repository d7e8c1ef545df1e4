import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type ChannelMessage,
  channelDeliveryJob,
  dutyRemindersJob,
  startJobRunner,
  wecomChannel,
  wecomMarkdown,
} from '#server/jobs/index.ts';
import { createTenant, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();
let tn: Tenant;
let memberAccount: number;
let adminAccount: number;
/** The member's notifications, oldest first. */
let mine: number[] = [];
let theirs: number;

async function accountId(where: string, value: number) {
  const r = await t.database.pool.query(`select id from accounts where ${where} = $1`, [value]);
  return r.rows[0].id as number;
}

async function notify(accountId: number, title: string, createdAt: string) {
  const r = await t.database.pool.query(
    `insert into notifications (recipient_account_id, area_id, kind, title_zh, title_en, body_zh, body_en, link, created_at)
     values ($1, $2, 'duty_at_risk', $3, $3, '正文', 'Body', '/api/compliance/board/1/r/2026-W42', $4) returning id`,
    [accountId, tn.areas.community.id, title, createdAt],
  );
  return r.rows[0].id as number;
}

beforeAll(async () => {
  tn = await createTenant(t);
  memberAccount = await accountId("role = 'member' and member_id", tn.inside.memberId);
  adminAccount = await accountId("role = 'community_admin' and area_id", tn.areas.community.id);
  mine = [
    await notify(memberAccount, '一', '2026-10-01T10:00:00+08:00'),
    await notify(memberAccount, '二', '2026-10-02T10:00:00+08:00'),
    await notify(memberAccount, '三', '2026-10-03T10:00:00+08:00'),
  ];
  theirs = await notify(adminAccount, '管理员', '2026-10-04T10:00:00+08:00');
});

describe('the inbox', () => {
  it('lists only my notifications, newest first, with both languages and the drill-down link', async () => {
    const res = await tn.clients.member.get('/api/notifications');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ total: 3, unread: 3 });
    expect(res.body.data.map((n: any) => n.id)).toEqual([...mine].reverse());
    expect(res.body.data[0]).toMatchObject({
      kind: 'duty_at_risk',
      title: { 'zh-CN': '三', en: '三' },
      body: { 'zh-CN': '正文', en: 'Body' },
      link: '/api/compliance/board/1/r/2026-W42',
      readAt: null,
      actions: ['read'],
    });
    const admin = await tn.clients.community_admin.get('/api/notifications');
    expect(admin.body.data.map((n: any) => n.id)).toEqual([theirs]);
  });

  it('marks one read, lists unread first, and filters to unread', async () => {
    const res = await tn.clients.member.post(`/api/notifications/${mine[2]}/read`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.readAt).not.toBeNull();
    expect(res.body.actions).toEqual([]);
    // Marking it again keeps the first read time.
    const again = await tn.clients.member.post(`/api/notifications/${mine[2]}/read`, {});
    expect(again.body.readAt).toBe(res.body.readAt);
    const list = await tn.clients.member.get('/api/notifications');
    expect(list.body).toMatchObject({ total: 3, unread: 2 });
    expect(list.body.data.map((n: any) => n.id)).toEqual([mine[1], mine[0], mine[2]]);
    const unread = await tn.clients.member.get('/api/notifications?unread=true&pageSize=1');
    expect(unread.body).toMatchObject({ total: 2, unread: 2 });
    expect(unread.body.data.map((n: any) => n.id)).toEqual([mine[1]]);
    const page2 = await tn.clients.member.get('/api/notifications?unread=true&pageSize=1&page=2');
    expect(page2.body.data.map((n: any) => n.id)).toEqual([mine[0]]);
  });

  it("answers 404 for someone else's notification and for one that does not exist", async () => {
    expect((await tn.clients.community_admin.post(`/api/notifications/${mine[0]}/read`, {})).status).toBe(
      404,
    );
    expect((await tn.clients.member.post(`/api/notifications/${theirs}/read`, {})).status).toBe(404);
    expect((await tn.clients.member.post('/api/notifications/999999999/read', {})).status).toBe(404);
    const r = await t.database.pool.query('select read_at from notifications where id = $1', [mine[0]]);
    expect(r.rows[0].read_at).toBeNull();
    expect((await t.client().get('/api/notifications')).status).toBe(401);
  });

  it('marks all of mine read and leaves the others alone', async () => {
    const res = await tn.clients.member.post('/api/notifications/read-all', {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ updated: 2 });
    expect((await tn.clients.member.post('/api/notifications/read-all', {})).body).toEqual({ updated: 0 });
    expect((await tn.clients.member.get('/api/notifications')).body).toMatchObject({ total: 3, unread: 0 });
    expect((await tn.clients.community_admin.get('/api/notifications')).body).toMatchObject({ unread: 1 });
  });
});

/** A stand-in WeCom robot on 127.0.0.1: records every body and answers from a script. */
let robot: Server;
let robotUrl: string;
const received: any[] = [];
let answers: { status: number; body: string; delayMs?: number }[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => resolve(data));
  });
}

beforeAll(async () => {
  robot = createServer(async (req, res) => {
    received.push({ method: req.method, url: req.url, body: JSON.parse(await readBody(req)) });
    const a = answers.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    setTimeout(
      () => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body),
      a.delayMs ?? 0,
    );
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
});
afterAll(() => new Promise<void>((resolve) => robot.close(() => resolve())));

const message: ChannelMessage = {
  title: '职责即将到期：每周联系社区（2026年第42周）',
  text: '党员A（C1）：2026-W42：尚未记录联系',
  link: '/compliance?appointmentId=1&rule=ss_weekly_contact&period=2026-W42',
};

describe('the WeCom group-robot channel', () => {
  it('posts the message as markdown to the webhook', async () => {
    received.length = 0;
    await wecomChannel(robotUrl).send(message);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/cgi-bin/webhook/send?key=test' });
    expect(received[0].body.msgtype).toBe('markdown');
    const content: string = received[0].body.markdown.content;
    expect(content).toContain(`**${message.title}**`);
    expect(content).toContain(message.text);
    // No public address configured: a path is useless in a chat, so the message names the page.
    expect(content).not.toContain('/compliance?');
    expect(content).toContain('履职看板');
  });

  it('links to the desk with an absolute address when the public URL is set', async () => {
    received.length = 0;
    await wecomChannel(robotUrl, { publicUrl: 'https://gj.example.gov.cn/desk' }).send(message);
    expect(received[0].body.markdown.content).toContain(
      '[查看详情](https://gj.example.gov.cn/desk/compliance?appointmentId=1&rule=ss_weekly_contact&period=2026-W42)',
    );
    expect(wecomMarkdown({ ...message, link: null }, 'https://gj.example.gov.cn')).not.toContain('详情');
  });

  it('fails on a non-2xx answer, a refusal in the body, and a timeout, so the job is retried', async () => {
    answers = [{ status: 502, body: 'bad gateway' }];
    await expect(wecomChannel(robotUrl).send(message)).rejects.toThrow(/HTTP 502/);
    answers = [{ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }];
    await expect(wecomChannel(robotUrl).send(message)).rejects.toThrow(/93000/);
    answers = [{ status: 200, body: '{"errcode":0}', delayMs: 500 }];
    await expect(wecomChannel(robotUrl, { timeoutMs: 100 }).send(message)).rejects.toThrow();
    answers = [];
  });

  it('is what the delivery job sends through, by channel name', async () => {
    received.length = 0;
    const ctx = {
      db: t.database.db,
      now: new Date(),
      channels: [wecomChannel(robotUrl)],
      enqueue: async () => {},
      log: () => {},
    };
    expect(await channelDeliveryJob.run(ctx, { channel: 'wecom', message })).toEqual({ delivered: true });
    expect(await channelDeliveryJob.run(ctx, { channel: 'sms', message })).toEqual({ delivered: false });
    expect(received).toHaveLength(1);
  });
});

describe('the job runner', () => {
  it('starts pg-boss, schedules the reminder scan, retries a failed delivery, and stops cleanly', async () => {
    received.length = 0;
    answers = [{ status: 500, body: 'boom' }];
    const runner = await startJobRunner({
      db: t.database.db,
      connectionString: inject('databaseUrl'),
      channels: [wecomChannel(robotUrl)],
      jobs: [dutyRemindersJob, { ...channelDeliveryJob, retry: { limit: 2, delaySeconds: 1 } }],
      pollingIntervalSeconds: 0.5,
      // Its own schema: another test file's runner on the same database must not take its jobs.
      schema: 'pgboss_runner_test',
    });
    try {
      const schedules = await runner.boss.getSchedules();
      expect(schedules.find((s) => s.name === 'duty-reminders')).toMatchObject({
        cron: '5 * * * *',
        options: expect.objectContaining({ tz: 'Asia/Shanghai' }),
      });
      await runner.enqueue('channel-delivery', { channel: 'wecom', message });
      const deadline = Date.now() + 30_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // The first attempt got HTTP 500; pg-boss retried and the second was accepted.
      expect(received).toHaveLength(2);
      expect(received[1].body.markdown.content).toContain(message.title);
    } finally {
      await runner.stop();
    }
    const queues = await t.database.pool.query('select name from pgboss_runner_test.queue order by name');
    expect(queues.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['channel-delivery', 'duty-reminders']),
    );
  }, 60_000);
});
