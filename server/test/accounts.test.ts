import { passwordIssue } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '#server/seed/index.ts';
import { TENANT_PASSWORD } from './constants.ts';
import { auditTrail, type Client, createTenant, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

/** Either the record or, on failure, the error body: tests read whichever the status says. */
type Body<T> = T & { error: { code: string; message: string; details: any } };

interface Account {
  id: number;
  username: string;
  displayName: string;
  role: string;
  areaId: number | null;
  areaName: string | null;
  unitId: number | null;
  memberId: number | null;
  residentId: number | null;
  disabled: boolean;
  lastLoginAt: string | null;
  actions: string[];
}

describe('accounts', () => {
  let tn: Tenant;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    tn = await createTenant(t);
    for (const role of [
      'district_admin',
      'street_admin',
      'community_admin',
      'outsideCommunityAdmin',
    ] as const)
      ids[role] = (await tn.clients[role].get('/api/auth/me')).body.id;
  });

  const create = (c: Client, body: Record<string, unknown>) =>
    c.post<Body<Account>>('/api/accounts', { password: TENANT_PASSWORD, displayName: '新账号', ...body });
  const list = (c: Client, query = '') =>
    c.get<Body<{ data: Account[]; total: number }>>(`/api/accounts?${query}`);

  it('creates, edits and deletes an account, auditing each step without the password hash', async () => {
    const c = tn.clients.street_admin;
    const username = `acc-${uid()}`;
    const created = await create(c, { username, role: 'community_admin', areaId: tn.areas.community2.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username,
      role: 'community_admin',
      areaId: tn.areas.community2.id,
      areaName: `C2-${tn.tag}`,
      disabled: false,
      lastLoginAt: null,
      actions: ['update', 'delete'],
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const id = created.body.id;

    const renamed = await c.patch<Account>(`/api/accounts/${id}`, { displayName: '二社区书记' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('二社区书记');
    expect((await c.get<Account>(`/api/accounts/${id}`)).body.displayName).toBe('二社区书记');

    expect((await c.del(`/api/accounts/${id}`)).status).toBe(200);
    expect((await c.get(`/api/accounts/${id}`)).status).toBe(404);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(401);

    const events = await auditTrail(t, 'account', id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(events.every((e) => e.actor_id === ids.street_admin && e.area_id === tn.areas.community2.id)).toBe(
      true,
    );
    expect(events[0]?.after).toMatchObject({ username, role: 'community_admin' });
    expect(events[1]?.before).toEqual({ displayName: '新账号' });
    expect(events[1]?.after).toEqual({ displayName: '二社区书记' });
    expect(events[2]?.before).toMatchObject({ username });
    expect(JSON.stringify(events)).not.toMatch(/passwordHash|argon2/);
  });

  it('binds unit, member and resident accounts to the node of their record', async () => {
    const c = tn.clients.community_admin;
    const unitAdmin = await create(c, {
      username: `u-${uid()}`,
      role: 'unit_admin',
      unitId: tn.inside.unitId,
    });
    expect(unitAdmin.status).toBe(201);
    expect(unitAdmin.body).toMatchObject({ unitId: tn.inside.unitId, areaId: tn.areas.community.id });
    const member = await create(c, { username: `m-${uid()}`, role: 'member', memberId: tn.inside.memberId });
    expect(member.body).toMatchObject({ memberId: tn.inside.memberId, areaId: tn.areas.community.id });
    const missing = await create(c, { username: `r-${uid()}`, role: 'resident' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'residentId', message: '必填' });
    const foreign = await create(c, {
      username: `r-${uid()}`,
      role: 'resident',
      residentId: tn.outside.residentId,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('residentId');
  });

  it('lets admins grant only roles below their own (403 otherwise)', async () => {
    const s = tn.clients.street_admin;
    for (const role of ['platform_admin', 'district_admin', 'street_admin'] as const) {
      const res = await create(s, { username: `x-${uid()}`, role, areaId: tn.areas.street.id });
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const byCommunity = await create(tn.clients.community_admin, {
      username: `x-${uid()}`,
      role: 'community_admin',
      areaId: tn.areas.community.id,
    });
    expect(byCommunity.status).toBe(403);
    for (const role of ['unit_admin', 'member', 'resident'] as const) {
      const res = await create(tn.clients[role], {
        username: `x-${uid()}`,
        role: 'resident',
        residentId: tn.inside.residentId,
      });
      expect(res.status, role).toBe(403);
    }
    // Peers and superiors are visible (when in scope) but not manageable; oneself neither.
    const peer = await create(tn.clients.district_admin, {
      username: `peer-${uid()}`,
      role: 'street_admin',
      areaId: tn.areas.street.id,
    });
    expect(peer.status).toBe(201);
    const seen = await s.get<Account>(`/api/accounts/${peer.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    expect((await s.patch(`/api/accounts/${peer.body.id}`, { displayName: 'x' })).status).toBe(403);
    expect((await s.del(`/api/accounts/${peer.body.id}`)).status).toBe(403);
    const self = await s.get<Account>(`/api/accounts/${ids.street_admin}`);
    expect(self.status).toBe(200);
    expect(self.body.actions).toEqual([]);
    expect((await s.del(`/api/accounts/${ids.street_admin}`)).status).toBe(403);
    expect((await s.get(`/api/accounts/${ids.district_admin}`)).status).toBe(404);
    expect((await s.patch(`/api/accounts/${ids.district_admin}`, { disabled: true })).status).toBe(404);
  });

  it('binds accounts only inside the subtree and at the level the role needs (400 on areaId)', async () => {
    const s = tn.clients.street_admin;
    const outside = await create(s, {
      username: `x-${uid()}`,
      role: 'community_admin',
      areaId: tn.areas.community3.id,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0]).toMatchObject({ path: 'areaId' });
    expect(outside.body.error.details[0].message).toContain('管辖范围');
    const wrongLevel = await create(s, {
      username: `x-${uid()}`,
      role: 'community_admin',
      areaId: tn.areas.zone.id,
    });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.error.details[0].path).toBe('areaId');
    const districtOnStreet = await create(tn.clients.platform, {
      username: `x-${uid()}`,
      role: 'district_admin',
      areaId: tn.areas.street.id,
    });
    expect(districtOnStreet.status).toBe(400);
    expect(districtOnStreet.body.error.details[0].path).toBe('areaId');
    const unbound = await create(s, { username: `x-${uid()}`, role: 'community_admin' });
    expect(unbound.status).toBe(400);
    expect(unbound.body.error.details[0].path).toBe('areaId');
  });

  it('lists only the accounts of the caller’s subtree, with filters and paging', async () => {
    const street = await list(tn.clients.street_admin, 'pageSize=200');
    expect(street.status).toBe(200);
    const names = street.body.data.map((a) => a.username);
    const tagged = names.filter((n) => n.includes(tn.tag));
    expect(tagged.length).toBeGreaterThanOrEqual(5);
    const roles = new Set(street.body.data.filter((a) => a.username.includes(tn.tag)).map((a) => a.role));
    expect([...roles].sort()).toEqual([
      'community_admin',
      'member',
      'resident',
      'street_admin',
      'unit_admin',
    ]);
    expect(street.body.data.map((a) => a.id)).not.toContain(ids.outsideCommunityAdmin);
    expect(street.body.data.map((a) => a.id)).not.toContain(ids.district_admin);
    expect(street.body.total).toBe(street.body.data.length);

    const outside = await list(tn.clients.outsideStreetAdmin, 'pageSize=200');
    expect(outside.body.data.map((a) => a.id)).toContain(ids.outsideCommunityAdmin);
    expect(outside.body.data.map((a) => a.id)).not.toContain(ids.community_admin);

    const district = await list(tn.clients.district_admin, `q=${tn.tag}&pageSize=200`);
    expect(district.body.data.map((a) => a.id)).toEqual(
      expect.arrayContaining([ids.outsideCommunityAdmin, ids.community_admin, ids.district_admin]),
    );

    const byRole = await list(tn.clients.district_admin, `role=community_admin&q=${tn.tag}`);
    expect(byRole.body.data.every((a) => a.role === 'community_admin')).toBe(true);
    expect(byRole.body.data.map((a) => a.id)).toEqual(
      expect.arrayContaining([ids.community_admin, ids.outsideCommunityAdmin]),
    );
    const byArea = await list(tn.clients.district_admin, `areaId=${tn.areas.street2.id}`);
    expect(byArea.body.data.map((a) => a.id)).toContain(ids.outsideCommunityAdmin);
    expect(byArea.body.data.map((a) => a.id)).not.toContain(ids.community_admin);
    const foreignArea = await list(tn.clients.street_admin, `areaId=${tn.areas.street2.id}`);
    expect(foreignArea.status).toBe(400);
    expect(foreignArea.body.error.details[0].path).toBe('areaId');

    const page = await list(tn.clients.district_admin, `q=${tn.tag}&pageSize=2&page=2`);
    expect(page.body.data).toHaveLength(2);
    // The tenant's eight accounts carry its tag; the platform admin is in no district.
    expect(page.body.total).toBe(8);

    for (const role of ['unit_admin', 'member', 'resident'] as const)
      expect((await list(tn.clients[role])).status, role).toBe(403);
  });

  it('enforces the password policy with field details in either language, writing nothing', async () => {
    const c = tn.clients.community_admin;
    const username = `pw-${uid()}`;
    const short = await create(c, {
      username,
      role: 'resident',
      residentId: tn.inside.residentId,
      password: 'ab1',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([
      expect.objectContaining({ path: 'password', message: '密码至少 10 位' }),
    ]);
    c.lang = 'en';
    const noDigit = await create(c, {
      username,
      role: 'resident',
      residentId: tn.inside.residentId,
      password: 'onlyletters',
    });
    c.lang = 'zh-CN';
    expect(noDigit.status).toBe(400);
    expect(noDigit.body.error.details[0].message).toBe('Password must contain both letters and digits');
    const several = await c.post('/api/accounts', { username: 'a b', role: 'mayor', password: '1' });
    expect(several.status).toBe(400);
    expect([...new Set(several.body.error.details.map((d: { path: string }) => d.path))].sort()).toEqual([
      'displayName',
      'password',
      'role',
      'username',
    ]);
    expect((await list(c, `q=${username}`)).body.total).toBe(0);
    const weakReset = await tn.clients.street_admin.patch(`/api/accounts/${ids.community_admin}`, {
      password: '12345678',
    });
    expect(weakReset.status).toBe(400);
    expect(weakReset.body.error.details[0].path).toBe('password');
    // Usernames are unique regardless of case.
    const first = await create(c, { username, role: 'resident', residentId: tn.inside.residentId });
    expect(first.status).toBe(201);
    const dup = await create(c, {
      username: username.toUpperCase(),
      role: 'resident',
      residentId: tn.inside.residentId,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('username');
  });

  /** A username with a digit in it, so a password equal to it fails on the username and nothing earlier. */
  const policyUser = () => `policy-7${uid()}`;
  /** The password each probe finding sends, and the reason the answer must name. */
  const weakPasswords = (username: string) => [
    { password: 'password1', message: '密码至少 10 位' },
    { password: `${' '.repeat(8)}1a`, message: '密码中不同的字符太少（不计空格，至少 5 种）' },
    { password: '          ', message: '密码中不同的字符太少（不计空格，至少 5 种）' },
    { password: 'Password2026!', message: '这是常用密码，很容易被猜中，请换一个' },
    { password: 'qwertyuiop1', message: '这是常用密码，很容易被猜中，请换一个' },
    { password: 'a1234567890', message: '这是常用密码，很容易被猜中，请换一个' },
    { password: username, message: '密码不能包含用户名（含倒写），也不能是用户名的一部分' },
    {
      password: `${username.toUpperCase()}!`,
      message: '密码不能包含用户名（含倒写），也不能是用户名的一部分',
    },
    {
      password: [...username].reverse().join(''),
      message: '密码不能包含用户名（含倒写），也不能是用户名的一部分',
    },
  ];

  it('refuses weak passwords on creation, naming the reason, and writes nothing', async () => {
    const c = tn.clients.community_admin;
    const username = policyUser();
    for (const { password, message } of weakPasswords(username)) {
      const res = await create(c, { username, role: 'resident', residentId: tn.inside.residentId, password });
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(res.body.error.details, JSON.stringify(password)).toEqual([
        expect.objectContaining({ path: 'password', message }),
      ]);
    }
    expect((await list(c, `q=${username}`)).body.total).toBe(0);
    c.lang = 'en';
    const english = await create(c, {
      username,
      role: 'resident',
      residentId: tn.inside.residentId,
      password: username,
    });
    c.lang = 'zh-CN';
    expect(english.body.error.details[0].message).toBe(
      'Password must not contain the username (or it reversed), nor be part of it',
    );
    const ok = await create(c, {
      username,
      role: 'resident',
      residentId: tn.inside.residentId,
      password: DEMO_PASSWORD,
    });
    expect(ok.status).toBe(201);
  });

  /** A community admin made by the street admin, and a client signed in as it. */
  async function signedInAccount(username: string) {
    const created = await create(tn.clients.street_admin, {
      username,
      role: 'community_admin',
      areaId: tn.areas.community2.id,
    });
    expect(created.status).toBe(201);
    const client = t.client();
    expect((await client.login(username, TENANT_PASSWORD)).status).toBe(200);
    return { username, id: created.body.id, client };
  }

  it('refuses weak passwords when an admin resets one and when one changes one’s own', async () => {
    const { username, id, client: self } = await signedInAccount(policyUser());
    for (const { password, message } of weakPasswords(username)) {
      const reset = await tn.clients.street_admin.patch(`/api/accounts/${id}`, { password });
      expect(reset.status, JSON.stringify(password)).toBe(400);
      expect(reset.body.error.details, JSON.stringify(password)).toEqual([
        expect.objectContaining({ path: 'password', message }),
      ]);
      const own = await self.post('/api/auth/password', {
        currentPassword: TENANT_PASSWORD,
        newPassword: password,
      });
      expect(own.status, JSON.stringify(password)).toBe(400);
      expect(own.body.error.details, JSON.stringify(password)).toEqual([
        expect.objectContaining({ path: 'newPassword', message }),
      ]);
    }
    // Nothing was changed, and a refused new password spends nothing of the guessing budget.
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(200);
    const updates = (await auditTrail(t, 'account', id)).filter((e) => e.action === 'update');
    expect(updates).toEqual([]);
  });

  it('accepts the demo password for every demo account (the rule must not lock the demo out)', () => {
    const demo = generateDemo(1);
    expect(demo.accounts.length).toBeGreaterThan(10);
    for (const a of demo.accounts) expect(passwordIssue(DEMO_PASSWORD, a.username), a.username).toBeNull();
  });

  it('throttles guessing the current password (12 parallel wrong → 5 checked, 7 × 429), audited, sharing the sign-in budget', async () => {
    const { username, id, client: holder } = await signedInAccount(`guess-${uid()}`);
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        holder.post('/api/auth/password', {
          currentPassword: `Guess${i}2026x`,
          newPassword: 'Changed2026pw',
        }),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const refused = guesses.find((g) => g.status === 429);
    expect(refused?.body.error).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      message: '当前密码输错次数过多，请稍后再试',
    });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right current password waits too, and so does signing in: one budget per account.
    const right = await holder.post('/api/auth/password', {
      currentPassword: TENANT_PASSWORD,
      newPassword: 'Changed2026pw',
    });
    expect(right.status).toBe(429);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(429);
    const { rows } = await t.database.pool.query(
      `select action, actor_id, ip from audit_events where entity_type = 'account' and entity_id = $1 and action like 'password%' order by id`,
      [String(id)],
    );
    expect(rows.filter((r) => r.action === 'password_change_failed')).toHaveLength(5);
    expect(rows.filter((r) => r.action === 'password_change_throttled')).toHaveLength(8);
    expect(rows.every((r) => r.actor_id === id && r.ip === '127.0.0.1')).toBe(true);

    await t.database.pool.query(
      `update auth_throttle set window_started_at = window_started_at - interval '15 minutes' where key = $1`,
      [`account:${username}`],
    );
    const changed = await holder.post('/api/auth/password', {
      currentPassword: TENANT_PASSWORD,
      newPassword: 'Changed2026pw',
    });
    expect(changed.status).toBe(200);
    const update = (await auditTrail(t, 'account', id)).filter((e) => e.action === 'update');
    expect(update).toEqual([expect.objectContaining({ actor_id: id, after: { password: '(changed)' } })]);
    expect((await t.client().login(username, 'Changed2026pw')).status).toBe(200);
  });

  it('ends the sessions of an account whose password an admin resets', async () => {
    const s = tn.clients.street_admin;
    const username = `reset-${uid()}`;
    const id = (await create(s, { username, role: 'community_admin', areaId: tn.areas.community2.id })).body
      .id;
    const user = t.client();
    expect((await user.login(username, TENANT_PASSWORD)).status).toBe(200);
    const reset = await s.patch(`/api/accounts/${id}`, { password: 'Reset2026pw' });
    expect(reset.status).toBe(200);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(401);
    expect((await t.client().login(username, 'Reset2026pw')).status).toBe(200);
    const update = (await auditTrail(t, 'account', id)).find((e) => e.action === 'update');
    expect(update?.before).toEqual({ password: '***' });
    expect(update?.after).toEqual({ password: '(reset)' });
  });

  it('lets anyone change their own password with the current one, closing their other sessions', async () => {
    const username = `own-${uid()}`;
    const id = (
      await create(tn.clients.community_admin, {
        username,
        role: 'resident',
        residentId: tn.inside.residentId,
      })
    ).body.id;
    const here = t.client();
    const there = t.client();
    await here.login(username, TENANT_PASSWORD);
    await there.login(username, TENANT_PASSWORD);

    const wrong = await here.post('/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Changed2026pw',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({
      path: 'currentPassword',
      message: '用户名或密码错误',
    });
    const weak = await here.post('/api/auth/password', {
      currentPassword: TENANT_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('newPassword');
    expect((await there.get('/api/auth/me')).status).toBe(200);

    const ok = await here.post('/api/auth/password', {
      currentPassword: TENANT_PASSWORD,
      newPassword: 'Changed2026pw',
    });
    expect(ok.status).toBe(200);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await there.get('/api/auth/me')).status).toBe(401);
    expect((await t.client().login(username, TENANT_PASSWORD)).status).toBe(401);
    expect((await t.client().login(username, 'Changed2026pw')).status).toBe(200);
    const events = await auditTrail(t, 'account', id);
    const change = events.find((e) => e.action === 'update');
    expect(change).toMatchObject({ actor_id: id, after: { password: '(changed)' } });
  });
});
