import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_PASSWORD } from './constants.ts';
import { type Client, createTenant, newCommunityAdmin, type Tenant, uid, useTestApp } from './helpers.ts';

// Two app instances on the one database, behind a (pretend) proxy: every client names its own
// address in X-Forwarded-For, so other files' failures from 127.0.0.1 cannot touch the counts.
const env = { LOGIN_MAX_FAILURES_PER_IP: '7', TRUST_PROXY: 'true' };
const first = useTestApp(env);
const second = useTestApp(env);
// The tenant is built through an app with the usual lifted limit: its clients sign in from
// 127.0.0.1, whose budget the other files' failures share.
const setup = useTestApp();

/** A random private address, so a rerun on the same database within the window starts clean. */
const byte = () => Math.floor(Math.random() * 256);
const freshIp = () => `10.${byte()}.${byte()}.${byte()}`;

function signIn(c: Client, username: string, password: string, ip: string, userAgent = 'probe/1.0') {
  return c.request(
    'POST',
    '/api/auth/login',
    { username, password },
    {
      headers: { 'x-forwarded-for': ip, 'user-agent': userAgent },
    },
  );
}

const tally = (results: { status: number }[]) => {
  const out: Record<number, number> = {};
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
};

describe('sign-in throttling by IP address, across app instances', () => {
  let tn: Tenant;
  beforeAll(async () => {
    tn = await createTenant(setup);
  });

  const newAccount = (prefix: string) => newCommunityAdmin(tn, prefix);

  it('checks exactly the per-IP limit of 20 parallel failures spread over two instances and many usernames', async () => {
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signIn((i % 2 ? first : second).client(), `nobody-${uid()}`, 'Wrong2026pw', ip),
      ),
    );
    expect(tally(results)).toEqual({ 401: 7, 429: 13 });
    const refused = results.find((r) => r.status === 429);
    expect(refused?.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(first.client(), `nobody-${uid()}`, 'Wrong2026pw', freshIp())).status).toBe(401);
  });

  it('checks exactly five of 20 parallel wrong passwords for one account across the two instances', async () => {
    const { username } = await newAccount('ipt');
    // Each attempt from its own address: only the account's budget can stop them.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signIn((i % 2 ? first : second).client(), username, `Wrong${i}pass`, freshIp()),
      ),
    );
    expect(tally(results)).toEqual({ 401: 5, 429: 15 });
  });

  it('lets a correct password through without spending the address’s budget', async () => {
    const { username } = await newAccount('ipok');
    const ip = freshIp();
    // Ten good sign-ins from one office address, then the full budget of failures is still there.
    for (let i = 0; i < 10; i++)
      expect((await signIn(second.client(), username, TENANT_PASSWORD, ip)).status).toBe(200);
    const failures = await Promise.all(
      Array.from({ length: 9 }, () => signIn(first.client(), `nobody-${uid()}`, 'Wrong2026pw', ip)),
    );
    expect(tally(failures)).toEqual({ 401: 7, 429: 2 });
  });

  it('records the client address from X-Forwarded-For (TRUST_PROXY) and the user agent on sign-in events', async () => {
    const { username, id } = await newAccount('ipaudit');
    const ip = freshIp();
    await signIn(first.client(), username, 'Wrong2026pw', ip, 'Mozilla/5.0 probe-failed');
    await signIn(first.client(), username, TENANT_PASSWORD, ip, 'Mozilla/5.0 probe-ok');
    for (let i = 0; i < 5; i++) await signIn(second.client(), username, `Wrong${i}pass`, ip, 'probe-loop');
    await signIn(second.client(), username, TENANT_PASSWORD, ip, 'Mozilla/5.0 probe-throttled');
    const { rows } = await first.database.pool.query(
      `select action, ip, actor_id, after->>'userAgent' as ua, request_id from audit_events
       where entity_type = 'account' and entity_id = $1 and action like 'login%' order by id`,
      [String(id)],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'login_failed',
      'login',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_throttled',
    ]);
    expect(rows.every((r) => r.ip === ip)).toBe(true);
    expect(rows.every((r) => typeof r.request_id === 'string' && r.request_id.length > 0)).toBe(true);
    expect(rows[0]).toMatchObject({ ua: 'Mozilla/5.0 probe-failed', actor_id: null });
    expect(rows[1]).toMatchObject({ ua: 'Mozilla/5.0 probe-ok', actor_id: id });
    expect(rows.at(-1)).toMatchObject({ ua: 'Mozilla/5.0 probe-throttled' });
  });
});
