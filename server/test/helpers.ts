import { randomBytes } from 'node:crypto';
import {
  type AnyEndpoint,
  type CallArgs,
  fillPath,
  idNumberWithCheck,
  type ResponseOf,
} from '@gongjian/common';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { buildApp } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { members, residents, units } from '#server/db/schema/index.ts';
import { PLATFORM_ADMIN, TENANT_PASSWORD } from './constants.ts';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** The error shape as a test reads it after a refusal. */
interface RefusalBody {
  error: { code: string; message: string; details?: any };
}

/**
 * A browser-like HTTP client: keeps the session cookie, and sends the CSRF token on writes the
 * way the web app does. `csrf: false` leaves the token off, to test the refusal.
 */
export class Client {
  cookie: string | null = null;
  csrfToken: string | null = null;
  token: string | null = null;
  lang = 'zh-CN';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { 'accept-language': this.lang, ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.csrfToken && method !== 'GET' && opts.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('gj_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, opts?: { csrf?: boolean }) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
  patch<T = any>(path: string, body: unknown, opts?: { csrf?: boolean }) {
    return this.request<T>('PATCH', path, body, opts);
  }
  del<T = any>(path: string, opts?: { csrf?: boolean }) {
    return this.request<T>('DELETE', path, undefined, opts);
  }
  /**
   * Call an endpoint by its contract, as the web does (`call` in web/src/api/call.ts): path
   * parameters filled in, the query without empty values, a JSON body on writes. The body is typed
   * by the contract's response, plus `error` for the refusals: read it after checking the status
   * (the details vary by refusal, so they are left open, as in the raw calls).
   */
  call<C extends AnyEndpoint>(
    contract: C,
    ...[input]: CallArgs<C>
  ): Promise<Res<ResponseOf<C> & RefusalBody>> {
    const { params, query, body } = (input ?? {}) as {
      params?: Record<string, unknown>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    const path = `/api${fillPath(contract.path, params)}${qs.size ? `?${qs}` : ''}`;
    const sendsBody = contract.method !== 'GET' && contract.method !== 'DELETE';
    return this.request(contract.method, path, sendsBody ? (body ?? {}) : undefined);
  }
  async login(username: string, password: string) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}

export interface TestApp {
  url: string;
  database: Database;
  client(): Client;
  /** A client signed in as the run's platform admin. */
  platform(): Promise<Client>;
}

/**
 * Start the real app on an ephemeral port for this test file, against the run's database.
 * Every test client comes from 127.0.0.1, so the per-IP sign-in limit is lifted unless a test
 * sets it through `env`. `now` fixes the clock services judge by (`ctx.now`), for period edges.
 */
export function useTestApp(env: Record<string, string> = {}, options: { now?: () => Date } = {}): TestApp {
  const state = {} as { url: string; database: Database; close: () => Promise<void> };
  beforeAll(async () => {
    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      DATABASE_URL: inject('databaseUrl'),
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      ...env,
    });
    state.database = openDatabase(inject('databaseUrl'), 5);
    const app = await buildApp(state.database.db, config, options);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    state.url = address;
    state.close = async () => {
      await app.close();
      await state.database.close();
    };
  });
  afterAll(async () => state.close?.());
  return {
    get url() {
      return state.url;
    },
    get database() {
      return state.database;
    },
    client: () => new Client(state.url),
    async platform() {
      const c = new Client(state.url);
      const res = await c.login(PLATFORM_ADMIN.username, PLATFORM_ADMIN.password);
      if (res.status !== 200) throw new Error(`platform login failed: ${JSON.stringify(res.body)}`);
      return c;
    },
  };
}

/** A short random suffix that keeps codes and usernames unique across tenants. */
export const uid = () => randomBytes(4).toString('hex');

let idSeq = 0;
/** A valid, unique 18-character ID number (checksum included). */
export function fakeIdNumber(): string {
  idSeq += 1;
  const serial = String((Number.parseInt(randomBytes(3).toString('hex'), 16) + idSeq) % 1000).padStart(
    3,
    '0',
  );
  const day = String((idSeq % 28) + 1).padStart(2, '0');
  const region = String(110000 + (Number.parseInt(randomBytes(2).toString('hex'), 16) % 9999)).padStart(
    6,
    '0',
  );
  return idNumberWithCheck(`${region}1985${String((idSeq % 12) + 1).padStart(2, '0')}${day}${serial}`);
}

export const ROLES_UNDER_TEST = [
  'district_admin',
  'street_admin',
  'community_admin',
  'unit_admin',
  'member',
  'resident',
] as const;

/**
 * A fresh slice of the tree for one test file, built over HTTP by the platform admin:
 *
 *   district D ─ street S1 ─ community C1 ─ zone Z1 ─ compound P1 ─ building B1
 *              │           └ community C2
 *              └ street S2 ─ community C3
 *
 * with a unit, a member and a resident in C1 (and twins in C3 for out-of-scope checks), and a
 * signed-in client for every role bound inside S1/C1 (`outside*` clients are bound to S2/C3).
 */
export async function createTenant(t: TestApp) {
  const p = await t.platform();
  const tag = uid();
  const mk = async (parentId: number | null, level: string, name: string) => {
    const res = await p.post('/api/areas', {
      parentId,
      level,
      code: `${level}-${tag}-${name}`,
      name: `${name}-${tag}`,
    });
    if (res.status !== 201) throw new Error(`area create failed: ${JSON.stringify(res.body)}`);
    return res.body as { id: number; path: string; name: string };
  };
  const district = await mk(null, 'district', 'D');
  const street = await mk(district.id, 'street', 'S1');
  const community = await mk(street.id, 'community', 'C1');
  const community2 = await mk(street.id, 'community', 'C2');
  const zone = await mk(community.id, 'zone', 'Z1');
  const compound = await mk(zone.id, 'compound', 'P1');
  const building = await mk(compound.id, 'building', 'B1');
  const street2 = await mk(district.id, 'street', 'S2');
  const community3 = await mk(street2.id, 'community', 'C3');

  // Fixture rows for the role bindings, written directly: the registries' own tests create them over HTTP.
  const { db } = t.database;
  const fixture = async (areaId: number, label: string) => {
    const [unit] = await db
      .insert(units)
      .values({ areaId, name: `单位${label}-${tag}`, type: 'soe' })
      .returning({ id: units.id });
    const [member] = await db
      .insert(members)
      .values({
        areaId,
        name: `党员${label}`,
        gender: 'female',
        idNumber: fakeIdNumber(),
        phone: '13800138000',
        category: 'in_service',
        unitId: unit!.id,
      })
      .returning({ id: members.id });
    const [resident] = await db
      .insert(residents)
      .values({ areaId, name: `居民${label}`, phone: '13900139000', idNumber: fakeIdNumber() })
      .returning({ id: residents.id });
    return { unitId: unit!.id, memberId: member!.id, residentId: resident!.id };
  };
  const inside = await fixture(community.id, 'A');
  const outside = await fixture(community3.id, 'B');

  const account = async (role: string, binding: Record<string, number>) => {
    const username = `${role}-${tag}-${Object.values(binding).join('-')}`;
    const res = await p.post('/api/accounts', {
      username,
      displayName: `${role} ${tag}`,
      password: TENANT_PASSWORD,
      role,
      ...binding,
    });
    if (res.status !== 201) throw new Error(`account create failed: ${JSON.stringify(res.body)}`);
    const c = t.client();
    const login = await c.login(username, TENANT_PASSWORD);
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
    return c;
  };

  const clients = {
    platform: p,
    district_admin: await account('district_admin', { areaId: district.id }),
    street_admin: await account('street_admin', { areaId: street.id }),
    community_admin: await account('community_admin', { areaId: community.id }),
    unit_admin: await account('unit_admin', { unitId: inside.unitId }),
    member: await account('member', { memberId: inside.memberId }),
    resident: await account('resident', { residentId: inside.residentId }),
    outsideStreetAdmin: await account('street_admin', { areaId: street2.id }),
    outsideCommunityAdmin: await account('community_admin', { areaId: community3.id }),
  };
  return {
    tag,
    areas: { district, street, community, community2, zone, compound, building, street2, community3 },
    inside,
    outside,
    clients,
  };
}
export type Tenant = Awaited<ReturnType<typeof createTenant>>;

/**
 * A unit in a district of its own (with its one street), for what must stay out of reach: a work
 * unit may be any unit of the caller's district, never one of another district.
 */
export async function unitInAnotherDistrict(t: TestApp) {
  const p = await t.platform();
  const tag = uid();
  const res = await p.post('/api/areas', {
    parentId: null,
    level: 'district',
    code: `district-${tag}`,
    name: `外区-${tag}`,
  });
  if (res.status !== 201) throw new Error(`area create failed: ${JSON.stringify(res.body)}`);
  const [unit] = await t.database.db
    .insert(units)
    .values({ areaId: res.body.id, name: `外区单位-${tag}`, type: 'soe' })
    .returning({ id: units.id, name: units.name });
  return unit!;
}

/**
 * A fresh community admin on the tenant's C2 with the tenant password, made by the platform admin:
 * for tests that throttle, lock or disable an account without touching the tenant's own clients.
 */
export async function newCommunityAdmin(tn: Tenant, prefix = 'acct') {
  const username = `${prefix}-${uid()}`;
  const res = await tn.clients.platform.post('/api/accounts', {
    username,
    displayName: `测试 ${username}`,
    password: TENANT_PASSWORD,
    role: 'community_admin',
    areaId: tn.areas.community2.id,
  });
  expect(res.status).toBe(201);
  return { username, id: res.body.id as number };
}

/** One row of the audit trail, as the tests read it straight from the table. */
export interface AuditRow {
  id: number;
  action: string;
  actor_id: number | null;
  area_id: number | null;
  summary: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The audit events of one record, oldest first, read from the database (not through the API). */
export async function auditTrail(t: TestApp, entityType: string, entityId: number | string) {
  const res = await t.database.pool.query(
    'select id::int, action, actor_id, area_id, summary, before, after from audit_events where entity_type = $1 and entity_id = $2 order by id',
    [entityType, String(entityId)],
  );
  return res.rows as AuditRow[];
}

/** 10:00 Beijing time on a day, as an instant for `occurredAt`. */
export const beijingMorning = (day: string) => `${day}T10:00:00+08:00`;

/** Record a work log (content filled in) and, with `confirmBy`, have the community confirm it. */
export async function recordLog(
  c: Client,
  appointmentId: number,
  body: Record<string, unknown>,
  confirmBy?: Client,
) {
  const res = await c.post('/api/work-logs', { appointmentId, content: '工作纪实', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  if (confirmBy) expect((await confirmBy.post(`/api/work-logs/${res.body.id}/confirm`, {})).status).toBe(200);
  return res.body.id as number;
}

/** A new version of the preset monthly on-site duty asking for two confirmed days a month. */
export const ONSITE_TWICE_A_MONTH = {
  name: { 'zh-CN': '五个一：每月到村居工作两天', en: 'Five ones: two on-site working days a month' },
  appliesTo: { subjectTypes: ['appointee'], appointmentKinds: ['second_secretary'] },
  period: 'month',
  counts: { kinds: ['onsite_day'], confirmedOnly: true },
  requirement: {
    type: 'count',
    min: 2,
    noun: { 'zh-CN': '经确认的到村居工作日', en: 'confirmed on-site working day' },
  },
};
