import { errorBody } from '@gongjian/common';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, type Tenant, useTestApp } from './helpers.ts';

/**
 * Requests held to their schemas, and a walk of the whole OpenAPI document with generated bad
 * input: every operation is sent wrong types, missing and unknown fields, huge and odd strings,
 * lone surrogates, NUL, bad ids, malformed JSON and wrong content types, as a signed-in district
 * admin and as nobody. No answer may be a 5xx, cut short or late, and nothing may be written.
 */
const t = useTestApp();
let tn: Tenant;

interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, any>;
}
interface Operation {
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: Record<string, any> }> };
  responses: Record<string, unknown>;
  security?: unknown[];
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };
let doc: Doc;
let ops: { method: string; path: string; op: Operation }[];

const details = (res: { body: any }) =>
  (res.body.error.details as { path: string; in?: string; message: string }[]) ?? [];

beforeAll(async () => {
  tn = await createTenant(t);
  const res = await t.client().get('/api/openapi.json');
  doc = res.body;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
});

/** A schema with its `$ref` followed. */
const deref = (s: Record<string, any> | undefined): Record<string, any> =>
  s?.$ref ? deref(doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')]) : (s ?? {});

/** A well-formed path value that names nothing: the operation reaches no record. */
function absentValue(schema: Record<string, any>): string {
  const s = deref(schema);
  if (s.enum) return String(s.enum[0]);
  if (s.type === 'integer' || s.type === 'number') return '2000000000';
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.pattern) return '2026-01'; // the one patterned path value is a period key
  return 'no_such_code';
}

const pathOf = (path: string, values: Record<string, string> = {}, op?: Operation) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = op?.parameters?.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(values[name] ?? (p ? absentValue(p.schema) : '1')).replaceAll('%25', '%');
  });

describe('unknown query parameters and body fields', () => {
  it('every GET operation refuses a parameter it does not take, naming it in Chinese and in English', async () => {
    const gets = ops.filter((o) => o.method === 'GET');
    expect(gets.length).toBeGreaterThan(60);
    const c = tn.clients.district_admin;
    const wrong: string[] = [];
    for (const { path, op } of gets) {
      for (const lang of ['zh-CN', 'en']) {
        c.lang = lang;
        const res = await c.get(`${pathOf(path, {}, op)}?isAdmin=1`);
        const d = res.status === 400 ? details(res) : [];
        const expected =
          lang === 'en'
            ? 'Unknown field (this endpoint does not accept it)'
            : '不认识的字段（接口不接受此参数）';
        if (!d.some((x) => x.path === 'isAdmin' && x.in === 'querystring' && x.message === expected))
          wrong.push(`${lang} GET ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    c.lang = 'zh-CN';
    expect(wrong).toEqual([]);
  });

  it('an operation that does not page refuses page and pageSize like any other parameter', async () => {
    // Unpaged lists (the seats of a joint body, one's tokens) once took the desk's paging and
    // ignored it; the desk no longer sends it to them, so nothing a route does not declare passes.
    const unpaged = ops.filter(
      (o) =>
        o.method === 'GET' && !(o.op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'page'),
    );
    expect(unpaged.map((o) => o.path)).toEqual(
      expect.arrayContaining(['/api/orgs/{id}/seats', '/api/auth/tokens', '/api/dictionaries/types']),
    );
    const wrong: string[] = [];
    for (const { path, op } of unpaged) {
      const res = await tn.clients.district_admin.get(`${pathOf(path, {}, op)}?page=1&pageSize=20`);
      const named = res.status === 400 ? details(res).map((d) => d.path) : [];
      if (!(named.includes('page') && named.includes('pageSize')))
        wrong.push(`GET ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the list filter a client would guess is refused, not ignored', async () => {
    const res = await tn.clients.district_admin.get('/api/work-logs?isAdmin=true&page=1');
    expect(res.status).toBe(400);
    expect(details(res).map((d) => d.path)).toEqual(['isAdmin']);
  });

  it('a body field the operation does not take is refused by name, however deep', async () => {
    const c = tn.clients.district_admin;
    const top = await c.post('/api/members', { name: '张三', isAdmin: true, role: 'x' });
    expect(top.status).toBe(400);
    expect(
      details(top)
        .filter((d) => d.message.includes('不认识'))
        .map((d) => d.path),
    ).toEqual(['isAdmin', 'role']);
    const kinds = await c.get('/api/appointment-kinds?pageSize=100');
    const nested = await c.post('/api/work-programmes', {
      areaId: tn.areas.district.id,
      kindId: kinds.body.data[0].id,
      year: 2030,
      title: '方案',
      conditions: [{ type: 'max_age', years: 50, unit: 'years' }],
    });
    expect(nested.status).toBe(400);
    expect(details(nested).map((d) => [d.path, d.in])).toEqual([['conditions.0.unit', 'body']]);
    // A write that takes no body takes no fields either; an empty one is fine.
    const logout = await c.post('/api/auth/logout', { everywhere: true });
    expect(logout.status).toBe(400);
    expect(details(logout).map((d) => d.path)).toEqual(['everywhere']);
  });
});

describe('text that cannot be stored as sent, and ids beyond integer', () => {
  const raw = (c: Client, method: string, path: string, body: Buffer | string, type = 'application/json') =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        'content-type': type,
        cookie: c.cookie ?? '',
        'x-csrf-token': c.csrfToken ?? '',
        'accept-language': 'en',
      },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('NUL and lone surrogates anywhere in a body, query or path are a 400 on that field', async () => {
    const c = tn.clients.district_admin;
    for (const bad of ['a\u0000b', 'x\ud800', '\udc00y']) {
      const res = await c.patch(`/api/members/${tn.inside.memberId}`, { name: bad });
      expect(res.status).toBe(400);
      expect(details(res)).toMatchObject([{ path: 'name', code: 'invalid_characters', in: 'body' }]);
    }
    const nested = await c.post('/api/members', { skills: ['ok', 'bad\u0000'] });
    expect(details(nested)[0]).toMatchObject({ path: 'skills.1', code: 'invalid_characters' });
    const q = await c.get('/api/members?q=%00');
    expect(details(q)).toMatchObject([{ path: 'q', code: 'invalid_characters', in: 'querystring' }]);
    const sur = await c.get('/api/members?q=%ED%A0%80');
    expect(details(sur)).toMatchObject([{ path: 'q', code: 'invalid_encoding', in: 'querystring' }]);
    const ff = await c.get('/api/excel/members/export?q=%FF');
    expect([ff.status, details(ff)[0]?.path]).toEqual([400, 'q']);
    // Nothing was changed on the way.
    const m = await c.get(`/api/members/${tn.inside.memberId}`);
    expect(m.body.name).toBe('党员A');
  });

  it('invalid UTF-8 in a JSON body is refused, not turned into U+FFFD', async () => {
    const c = tn.clients.district_admin;
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe5, 0xbc]), Buffer.from('"}')]);
    const res = await raw(c, 'PATCH', `/api/members/${tn.inside.memberId}`, body);
    expect([res.status, res.body.error.message]).toEqual([400, 'The request body is not valid UTF-8 text']);
    expect((await c.get(`/api/members/${tn.inside.memberId}`)).body.name).toBe('党员A');
    // Valid UTF-8, a BOM included, still reads.
    const ok = await raw(c, 'PATCH', `/api/members/${tn.inside.memberId}`, '\ufeff{"note":"备注 ✓"}');
    expect(ok.status).toBe(200);
  });

  it('ids beyond PostgreSQL integer are a 400 on the field, in the path, the query and the body', async () => {
    const c = tn.clients.district_admin;
    const path = await c.get('/api/members/2147483648');
    expect(details(path)).toMatchObject([{ path: 'id', code: 'too_big', in: 'params' }]);
    const query = await c.get('/api/members?unitId=2147483648');
    expect(details(query)).toMatchObject([{ path: 'unitId', code: 'too_big', in: 'querystring' }]);
    const body = await c.patch(`/api/members/${tn.inside.memberId}`, { unitId: 2147483648 });
    expect(details(body)).toMatchObject([{ path: 'unitId', code: 'too_big', in: 'body' }]);
    expect((await c.get('/api/members/2147483647')).status).toBe(404);
    // The audit trail's ids are bigint: a large one is simply not found.
    expect((await c.get('/api/audit/999999999999')).status).toBe(404);
  });
});

// ——— The walk ———

/**
 * Cases that fail on this branch because the uploads helper is fixing them (multipart without a
 * boundary or closing boundary, streamed exports). Each is (operation, case); the walk skips
 * them. Remove this list once that work is merged.
 */
const KNOWN_FROM_UPLOADS: ReadonlyArray<readonly [string, string]> = [];

const SEED = 20261202;
const HUGE = 'x'.repeat(100_000);
/** Odd but well-formed text: right-to-left override, emoji sequences, stacked combining marks. */
const ODD = [
  '\u202eevil\u202c',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  `e${'\u0301'.repeat(50)}`,
  '\u200b\u2060',
  '<script>alert(1)</script>',
  "'; drop table members; --",
];
const BAD_TEXT = ['a\u0000b', '\ud800', 'x\udfff'];
const BAD_IDS = ['0', '-1', '2147483648', 'abc', '1e400', '1.5', '%00', '%FF', ' ', '9'.repeat(400)];
const MALFORMED = [
  '{',
  '{"a":',
  '{"name":"abc',
  '[',
  'nul',
  '{"a":1}}',
  '{"__proto__":{"x":1}}',
  '[]',
  '"text"',
  '1e400',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '',
];

interface Case {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Generated JSON values of every type, for fields that must be something else. */
const anyJson = fc.sample(fc.jsonValue({ maxDepth: 2 }), { seed: SEED, numRuns: 40 });
/** Generated strings over all of Unicode's code units, lone surrogates included. */
const anyText = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: SEED + 1, numRuns: 40 });

/** Lone surrogates cannot be percent-encoded; the query's own bad encodings are sent raw instead. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function wrongFor(schema: Record<string, any>, i: number): unknown {
  const s = deref(schema);
  const pick = anyJson[i % anyJson.length];
  if (s.type === 'string') return typeof pick === 'string' ? i : pick;
  if (s.type === 'integer' || s.type === 'number') return typeof pick === 'number' ? `${pick}` : pick;
  if (s.type === 'boolean') return typeof pick === 'boolean' ? 'yes' : pick;
  if (s.type === 'array') return typeof pick === 'object' && Array.isArray(pick) ? { a: pick } : pick;
  return typeof pick === 'object' && pick !== null && !Array.isArray(pick) ? [pick] : pick;
}

/** The bad inputs for one operation; writes always carry something the validator must refuse. */
function casesFor(method: string, path: string, op: Operation): Case[] {
  const cases: Case[] = [];
  const writes = method !== 'GET';
  const params = op.parameters ?? [];
  const queryParams = params.filter((p) => p.in === 'query');
  const guard = writes ? 'isAdmin=1' : '';
  const url = (values: Record<string, string> = {}, query = '') => {
    const qs = [query, guard].filter(Boolean).join('&');
    return `${pathOf(path, values, op)}${qs ? `?${qs}` : ''}`;
  };
  const json = { 'content-type': 'application/json' };
  const jsonBody = op.requestBody?.content['application/json'];
  const multipart = op.requestBody?.content['multipart/form-data'];
  const plainBody =
    writes && !multipart ? { headers: json, body: '{}' } : { headers: {} as Record<string, string> };
  const add = (name: string, u: string, extra: Partial<Case> = {}) =>
    cases.push({ name, method, url: u, headers: plainBody.headers, body: plainBody.body, ...extra });

  add(
    'unknown query parameter',
    `${pathOf(path, {}, op)}?isAdmin=1&${encodeURIComponent(wellFormed(anyText[0] ?? 'k'))}=1`,
  );
  for (const p of params.filter((x) => x.in === 'path'))
    for (const bad of BAD_IDS) add(`path ${p.name}=${bad.slice(0, 12)}`, url({ [p.name]: bad }));
  for (const p of queryParams) {
    const s = deref(p.schema);
    const values =
      s.type === 'integer' || s.type === 'number'
        ? [...BAD_IDS, 'true']
        : [
            'a%00b',
            '%ED%A0%80x',
            'x%ED%BF%BF',
            '%FF',
            '%ED%A0%80',
            'x'.repeat(3000),
            ...ODD.map(encodeURIComponent),
          ];
    for (const v of values) add(`query ${p.name}=${v.slice(0, 12)}`, url({}, `${p.name}=${v}`));
    add(`query ${p.name} repeated`, url({}, `${p.name}=1&${p.name}=2`));
    for (const [i, text] of anyText.slice(0, 4).entries())
      add(`query ${p.name} generated ${i}`, url({}, `${p.name}=${encodeURIComponent(wellFormed(text))}`));
  }
  if (jsonBody) {
    const schema = deref(jsonBody.schema);
    const props = Object.entries<Record<string, any>>(schema.properties ?? {});
    const required: string[] = schema.required ?? [];
    const body = (value: unknown) => ({ headers: json, body: JSON.stringify(value) });
    add('unknown body field', url(), body({ isAdmin: true }));
    for (const [i, [name, prop]] of props.entries()) {
      add(`body ${name} wrong type`, url(), body({ [name]: wrongFor(prop, i) }));
      const s = deref(prop);
      if (s.type === 'string' || s.anyOf || s.oneOf) {
        for (const bad of [...BAD_TEXT, HUGE])
          add(`body ${name} bad text ${bad.length}`, url(), body({ [name]: bad }));
        for (const odd of ODD) add(`body ${name} odd text`, url(), body({ [name]: odd, isAdmin: 1 }));
      }
      if (s.type === 'object') add(`body ${name} nested unknown`, url(), body({ [name]: { isAdmin: true } }));
      if (s.type === 'array')
        add(`body ${name} huge array`, url(), body({ [name]: Array(5000).fill(HUGE.slice(0, 20)) }));
    }
    if (required.length)
      add('body missing required', url(), body({ [required[0] as string]: undefined, isAdmin: 1 }));
    for (const [i, text] of anyText.slice(0, 6).entries())
      add(`body generated key ${i}`, url(), body({ [text || 'k']: anyJson[i] }));
  }
  if (writes) {
    for (const [i, m] of MALFORMED.entries()) add(`malformed JSON ${i}`, url(), { headers: json, body: m });
    add('invalid UTF-8', url(), {
      headers: json,
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    });
    add('huge JSON', url(), { headers: json, body: JSON.stringify({ isAdmin: HUGE.repeat(5) }) });
    for (const type of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ])
      add(`content type ${type}`, url(), { headers: { 'content-type': type }, body: 'isAdmin=1' });
    const boundary = 'gjwalk';
    const part = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\nnot a workbook`;
    add('multipart without boundary', url(), {
      headers: { 'content-type': 'multipart/form-data' },
      body: part,
    });
    add('multipart unterminated', url(), {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part,
    });
    add('multipart empty', url(), {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}--\r\n`,
    });
    if (multipart)
      add('multipart without the guard', pathOf(path, {}, op), {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `${part}\r\n--${boundary}--\r\n`,
      });
  }
  return cases;
}

interface Outcome {
  op: string;
  name: string;
  problem: string;
}

/** Send one case and say what is wrong with the answer, if anything. */
async function probe(
  c: Client | null,
  k: Case,
  op: Operation,
  opName: string,
  lang: string,
): Promise<Outcome | null> {
  const headers: Record<string, string> = { 'accept-language': lang, ...k.headers };
  if (c?.cookie) headers.cookie = c.cookie;
  if (c?.csrfToken && k.method !== 'GET') headers['x-csrf-token'] = c.csrfToken;
  const fail = (problem: string) => ({ op: opName, name: k.name, problem });
  let res: Response;
  let buf: Buffer;
  try {
    res = await fetch(`${t.url}${k.url}`, {
      method: k.method,
      headers,
      body: k.body,
      signal: AbortSignal.timeout(15_000),
    });
    buf = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    return fail(`no complete answer: ${(e as Error).message}`);
  }
  if (res.status >= 500) return fail(`${res.status} ${buf.toString().slice(0, 300)}`);
  const length = res.headers.get('content-length');
  if (length !== null && Number(length) !== buf.length)
    return fail(`content-length ${length} but ${buf.length} bytes`);
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(buf.toString());
    } catch {
      return fail(`JSON that does not parse: ${buf.toString().slice(0, 100)}`);
    }
    if (res.status >= 400 && !errorBody.safeParse(parsed).success)
      return fail(`error not in the error shape: ${buf.toString().slice(0, 200)}`);
  } else if (res.status >= 400) return fail(`${res.status} with content type ${type}`);
  if (!(String(res.status) in op.responses)) return fail(`${res.status} is not in the document`);
  return null;
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await run(items[next++] as T);
    }),
  );
}

/**
 * What the walk could have written: the audit events of its accounts and a checksum of every row
 * in the tenant's part of the tree (tables carrying an area or district id, and the areas
 * themselves). Other test files write beside this one, so the whole database is not compared.
 */
async function footprint() {
  const { pool: db } = t.database;
  const accounts = await db.query(`select id from accounts where username like $1`, [`%-${tn.tag}-%`]);
  const ids = accounts.rows.map((r) => r.id as number);
  const events = await db.query('select count(*)::int as n from audit_events where actor_id = any($1)', [
    ids,
  ]);
  const prefix = `${tn.areas.district.path}%`;
  const tables = await db.query(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name in ('area_id', 'district_id')
        and table_name not in ('audit_events', 'sessions', 'login_attempts') order by 1, 2`,
  );
  const sums: Record<string, string> = {};
  for (const { table_name: table, column_name: column } of tables.rows) {
    const r = await db.query(
      `select count(*)::int as n, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum
         from "${table}" t where "${column}" in (select id from areas where path like $1)`,
      [prefix],
    );
    sums[`${table}.${column}`] = `${r.rows[0].n}:${r.rows[0].sum}`;
  }
  const areas = await db.query(
    `select md5(string_agg(md5(a::text), '' order by a.id)) as sum from areas a where path like $1`,
    [prefix],
  );
  return { events: events.rows[0].n as number, areas: areas.rows[0].sum as string, sums };
}

describe('the walk of every operation with generated bad input', () => {
  it('answers every request completely, in time, without a 5xx, and writes nothing', {
    timeout: 180_000,
  }, async () => {
    const admin = tn.clients.district_admin;
    // Reads that set up defaults on first use (preset duty rules) happen before the baseline.
    for (const { path, op } of ops.filter((o) => o.method === 'GET' && !o.path.includes('{')))
      if (!path.includes('/export') && !path.includes('openapi')) await admin.get(pathOf(path, {}, op));
    const before = await footprint();

    const known = new Set(KNOWN_FROM_UPLOADS.map(([o, n]) => `${o} | ${n}`));
    const jobs: { who: Client | null; k: Case; op: Operation; name: string; lang: string }[] = [];
    for (const { method, path, op } of ops) {
      const name = `${method} ${path}`;
      const cases = casesFor(method, path, op).filter((k) => !known.has(`${name} | ${k.name}`));
      for (const [i, k] of cases.entries()) {
        jobs.push({ who: admin, k, op, name, lang: i % 2 ? 'en' : 'zh-CN' });
        // Anonymous: every fifth case, so each operation is tried unauthenticated too.
        if (i % 5 === 0) jobs.push({ who: null, k, op, name, lang: 'zh-CN' });
      }
    }
    const problems: Outcome[] = [];
    const started = Date.now();
    await pool(jobs, 4, async (j) => {
      const p = await probe(j.who, j.k, j.op, j.name, j.lang);
      if (p) problems.push(p);
    });
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `bad-input walk: ${jobs.length} requests over ${ops.length} operations in ${seconds.toFixed(1)} s`,
    );

    expect(jobs.length).toBeGreaterThan(3000);
    expect(problems.map((p) => `${p.op} | ${p.name} | ${p.problem}`)).toEqual([]);
    expect(await footprint()).toEqual(before);
    // Still signed in and served: the walk broke nothing on the way.
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});
