import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_PASSWORD } from './constants.ts';
import { auditTrail, createTenant, newCommunityAdmin, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

describe('sign-in, sessions, CSRF and API tokens', () => {
  let tn: Tenant;

  beforeAll(async () => {
    tn = await createTenant(t);
  });

  const newAccount = () => newCommunityAdmin(tn, 'auth');

  /** A client that presents a given session cookie and nothing else. */
  const withCookie = (cookie: string | null) => {
    const c = t.client();
    c.cookie = cookie;
    return c;
  };

  it('signs in with the account, a CSRF token and an httpOnly SameSite session cookie', async () => {
    const { username, id } = await newAccount();
    const c = t.client();
    const res = await c.login(username, TENANT_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      username,
      role: 'community_admin',
      areaId: tn.areas.community2.id,
      areaName: `C2-${tn.tag}`,
      areaLevel: 'community',
      scopeLabel: `C2-${tn.tag} · 社区书记`,
    });
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('gj_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id, csrfToken: res.body.csrfToken });
    // Usernames are matched without regard to case.
    expect((await t.client().login(username.toUpperCase(), TENANT_PASSWORD)).status).toBe(200);
  });

  it('refuses a wrong password or an unknown user with 401 BAD_CREDENTIALS, in either language', async () => {
    const { username } = await newAccount();
    const c = t.client();
    const wrong = await c.login(username, 'Wrong2026pw');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'BAD_CREDENTIALS', message: '用户名或密码错误' });
    expect(wrong.headers.getSetCookie()).toEqual([]);
    c.lang = 'en-US,en;q=0.9';
    const unknown = await c.login(`nobody-${uid()}`, 'Wrong2026pw');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual({ code: 'BAD_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('blocks a username after five failures, even with the right password (429 with Retry-After)', async () => {
    const { username } = await newAccount();
    const c = t.client();
    for (let i = 0; i < 5; i++) expect((await c.login(username, `Wrong${i}pass`)).status).toBe(401);
    const blocked = await c.login(username, TENANT_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.body.error.message).toContain('稍后');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other usernames are not affected.
    const { username: otherUser } = await newAccount();
    expect((await t.client().login(otherUser, TENANT_PASSWORD)).status).toBe(200);
  });

  /** How many answers had each status, e.g. `{ 401: 5, 429: 15 }`. */
  const tally = (results: { status: number }[]) => {
    const out: Record<number, number> = {};
    for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
    return out;
  };
  const budgetKey = (username: string) => `account:${username.toLowerCase()}`;
  /** Move an account's window back past its end, as if the minutes had gone by. */
  const windowPasses = (username: string) =>
    t.database.pool.query(
      `update auth_throttle set window_started_at = window_started_at - interval '15 minutes' where key = $1`,
      [budgetKey(username)],
    );

  it('checks exactly five of 20 parallel wrong passwords for one account; the other 15 get 429 unchecked', async () => {
    const { username, id } = await newAccount();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.client().login(username, `Wrong${i}pass`)),
    );
    expect(tally(results)).toEqual({ 401: 5, 429: 15 });
    for (const r of results.filter((x) => x.status === 429)) {
      expect(r.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    const actions = (await auditTrail(t, 'account', id)).map((e) => e.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(5);
    expect(actions.filter((a) => a === 'login_throttled')).toHaveLength(15);
    // The right password waits for the window like any other attempt, and works once it is over.
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(429);
    await windowPasses(username);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(200);
    // A success clears the budget: five more failures are checked before the next refusal.
    const again = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.client().login(username, `Again${i}pass`)),
    );
    expect(tally(again)).toEqual({ 401: 5, 429: 3 });
  });

  it('holds at five checked of 100 parallel wrong passwords (the probe saw 60 checked)', async () => {
    const { username } = await newAccount();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => t.client().login(username, `Wrong${i}pass`)),
    );
    expect(tally(results)).toEqual({ 401: 5, 429: 95 });
    const { rows } = await t.database.pool.query('select attempts from auth_throttle where key = $1', [
      budgetKey(username),
    ]);
    expect(rows).toEqual([{ attempts: 5 }]);
  });

  it('resets the failure count on a successful sign-in', async () => {
    const { username } = await newAccount();
    const c = t.client();
    for (let i = 0; i < 4; i++) expect((await c.login(username, `Wrong${i}pass`)).status).toBe(401);
    expect((await c.login(username, TENANT_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await t.client().login(username, `Wrong${i}pass`)).status).toBe(401);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(200);
  });

  it('rotates the session on sign-in: the cookie sent along stops working', async () => {
    const { username } = await newAccount();
    const c = t.client();
    await c.login(username, TENANT_PASSWORD);
    const first = c.cookie;
    expect(first).toBeTruthy();
    const again = await c.login(username, TENANT_PASSWORD);
    expect(again.status).toBe(200);
    expect(c.cookie).not.toBe(first);
    expect((await withCookie(first).get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('ends the session on sign-out', async () => {
    const { username } = await newAccount();
    const c = t.client();
    await c.login(username, TENANT_PASSWORD);
    const cookie = c.cookie;
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((h) => /^gj_session=;/.test(h))).toBe(true);
    const after = await withCookie(cookie).get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('ends expired sessions', async () => {
    const { username } = await newAccount();
    const c = t.client();
    await c.login(username, TENANT_PASSWORD);
    await t.database.pool.query(
      `update sessions set expires_at = now() - interval '1 minute' where account_id = (select id from accounts where username = $1)`,
      [username],
    );
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps a disabled account out and closes the session it had open', async () => {
    const { username, id } = await newAccount();
    const c = t.client();
    await c.login(username, TENANT_PASSWORD);
    const cookie = c.cookie;
    expect((await tn.clients.street_admin.patch(`/api/accounts/${id}`, { disabled: true })).status).toBe(200);
    expect((await withCookie(cookie).get('/api/auth/me')).status).toBe(401);
    const login = await t.client().login(username, TENANT_PASSWORD);
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('BAD_CREDENTIALS');
    expect((await tn.clients.street_admin.patch(`/api/accounts/${id}`, { disabled: false })).status).toBe(
      200,
    );
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF header (403) and writes nothing', async () => {
    const c = tn.clients.district_admin;
    const code = `csrf-${uid()}`;
    const body = { parentId: tn.areas.street.id, level: 'community', code, name: '无令牌' };
    const post = await c.post('/api/areas', body, { csrf: false });
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe('CSRF_FAILED');
    expect(post.body.error.message).toContain('安全校验');
    const forged = await c.request('POST', '/api/areas', body, {
      csrf: false,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.status).toBe(403);
    expect((await c.get(`/api/areas?q=${code}`)).body.total).toBe(0);

    const target = tn.areas.community2;
    const patch = await c.patch(`/api/areas/${target.id}`, { name: '改名' }, { csrf: false });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe('CSRF_FAILED');
    const del = await c.del(`/api/areas/${target.id}`, { csrf: false });
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('CSRF_FAILED');
    const get = await c.get(`/api/areas/${target.id}`);
    expect(get.status).toBe(200);
    expect(get.body.name).toBe(target.name);

    // Another session's token does not do either.
    const foreign = tn.clients.street_admin.csrfToken!;
    const swapped = await c.request(
      'PATCH',
      `/api/areas/${target.id}`,
      { name: '改名' },
      {
        csrf: false,
        headers: { 'x-csrf-token': foreign },
      },
    );
    expect(swapped.status).toBe(403);
    expect((await c.post('/api/areas', body)).status).toBe(201);
  });

  it('issues API tokens shown once, usable as bearer without CSRF, listed, and revocable', async () => {
    const c = tn.clients.district_admin;
    const created = await c.post('/api/auth/tokens', { name: 'ETL 导出', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const secret: string = created.body.token;
    expect(secret).toMatch(/^gjt_/);
    expect(created.body.prefix).toBe(secret.slice(0, 10));
    expect(created.body.expiresAt).not.toBeNull();

    const bearer = t.client();
    bearer.token = secret;
    const me = await bearer.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: (await c.get('/api/auth/me')).body.username, csrfToken: null });
    const write = await bearer.post('/api/areas', {
      parentId: tn.areas.street.id,
      level: 'community',
      code: `tok-${uid()}`,
      name: '令牌创建',
    });
    expect(write.status).toBe(201);

    const listed = await c.get('/api/auth/tokens');
    const row = listed.body.data.find((x: { id: number }) => x.id === created.body.id);
    expect(row).toMatchObject({ name: 'ETL 导出', prefix: created.body.prefix, revokedAt: null });
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // Tokens are private to their account.
    expect((await tn.clients.street_admin.get('/api/auth/tokens')).body.data).toEqual([]);
    expect((await tn.clients.street_admin.del(`/api/auth/tokens/${created.body.id}`)).status).toBe(404);

    expect((await c.del(`/api/auth/tokens/${created.body.id}`)).status).toBe(200);
    const revoked = await bearer.get('/api/auth/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
    expect((await c.del(`/api/auth/tokens/${created.body.id}`)).status).toBe(404);
    const events = await auditTrail(t, 'api_token', created.body.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('issues tokens only from a session: a bearer token cannot mint one that would outlive it', async () => {
    const c = tn.clients.street_admin;
    const parent = await c.post('/api/auth/tokens', { name: '父令牌' });
    expect(parent.status).toBe(201);
    const bearer = t.client();
    bearer.token = parent.body.token;
    const before = (await c.get('/api/auth/tokens')).body.data.length;
    const child = await bearer.post('/api/auth/tokens', { name: '子令牌' });
    expect(child.status).toBe(403);
    expect(child.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('不能用令牌再创建令牌'),
    });
    expect(JSON.stringify(child.body)).not.toContain('gjt_');
    // Nothing was issued, and the bearer still does what tokens are for, until it is revoked.
    expect((await c.get('/api/auth/tokens')).body.data).toHaveLength(before);
    expect((await bearer.get('/api/auth/tokens')).status).toBe(200);
    expect((await c.del(`/api/auth/tokens/${parent.body.id}`)).status).toBe(200);
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
    expect((await bearer.post('/api/auth/tokens', { name: '子令牌' })).status).toBe(401);
  });

  it('refuses expired, malformed and unknown bearer tokens (401)', async () => {
    const c = tn.clients.community_admin;
    const created = await c.post('/api/auth/tokens', { name: 'short-lived' });
    const bearer = t.client();
    bearer.token = created.body.token;
    expect((await bearer.get('/api/auth/me')).status).toBe(200);
    await t.database.pool.query(
      `update api_tokens set expires_at = now() - interval '1 second' where id = $1`,
      [created.body.id],
    );
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
    bearer.token = 'not-a-token';
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
    bearer.token = `gjt_${uid()}`;
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
    const bad = await c.post('/api/auth/tokens', { name: '', expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'expiresInDays',
      'name',
    ]);
  });

  it('keeps 401, 403 and 404 apart', async () => {
    const anonymous = await t.client().get('/api/accounts');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await t.client().post('/api/auth/logout')).status).toBe(401);
    const resident = await tn.clients.resident.get('/api/accounts');
    expect(resident.status).toBe(403);
    expect(resident.body.error.code).toBe('FORBIDDEN');
    const outsideId = (await tn.clients.outsideCommunityAdmin.get('/api/auth/me')).body.id;
    const outOfScope = await tn.clients.street_admin.get(`/api/accounts/${outsideId}`);
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.error.code).toBe('NOT_FOUND');
    expect((await tn.clients.district_admin.get(`/api/accounts/${outsideId}`)).status).toBe(200);
  });

  it('audits sign-ins, failed sign-ins and sign-outs', async () => {
    const { username, id } = await newAccount();
    const c = t.client();
    await c.login(username, 'Wrong2026pw');
    await c.login(username, TENANT_PASSWORD);
    await c.post('/api/auth/logout');
    // Without TRUST_PROXY a forwarded-for header is the client's word, not its address.
    await c.request(
      'POST',
      '/api/auth/login',
      { username, password: 'Wrong2026pw' },
      { headers: { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'probe/2.0' } },
    );
    const events = await auditTrail(t, 'account', id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'login_failed',
      'login',
      'logout',
      'login_failed',
    ]);
    const { rows } = await t.database.pool.query(
      `select ip, after->>'userAgent' as ua from audit_events where entity_type = 'account' and entity_id = $1 and action like 'login%' order by id`,
      [String(id)],
    );
    expect(rows.map((r) => r.ip)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(rows.at(-1)?.ua).toBe('probe/2.0');
    expect(events[1]).toMatchObject({ actor_id: null, summary: username, area_id: tn.areas.community2.id });
    expect(events[2]).toMatchObject({ summary: username, area_id: tn.areas.community2.id });
    expect(events[3]).toMatchObject({ actor_id: id });
    expect(events[2]).toMatchObject({ actor_id: id });
    const unknown = `ghost-${uid()}`;
    await t.client().login(unknown, 'Wrong2026pw');
    const ghost = await t.database.pool.query(
      `select entity_id, area_id from audit_events where action = 'login_failed' and summary = $1`,
      [unknown],
    );
    expect(ghost.rows).toEqual([{ entity_id: null, area_id: null }]);
  });

  it('validates the sign-in body (400) before checking anything', async () => {
    const res = await t.client().post('/api/auth/login', { username: '', password: 123 });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'password',
      'username',
    ]);
  });
});
