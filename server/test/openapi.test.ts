import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.ts';

/**
 * The OpenAPI document an outside client generates its code from: every operation says what it
 * answers on success and on every error, in the one error shape, with named components, and the
 * document holds together (every `$ref` resolves, every path parameter is declared).
 */
const t = useTestApp();

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
let doc: Doc;
let ops: { method: string; path: string; op: Operation }[];

beforeAll(async () => {
  const res = await t.client().get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );
});

/** Resolve a local JSON pointer (`#/components/schemas/Member`) in the document. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<any>((node, key) => (node && typeof node === 'object' ? node[key] : undefined), doc);
}

function refsIn(value: unknown, at: string, out: { ref: string; at: string }[] = []) {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) refsIn(v, `${at}/${i}`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref') out.push({ ref: String(v), at });
      else refsIn(v, `${at}/${k}`, out);
    }
  return out;
}

const errorSchemaOf = (op: Operation, status: string) =>
  op.responses[status]?.content?.['application/json']?.schema as { $ref?: string } | undefined;

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3 document whose operations are all described', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(ops.length).toBeGreaterThan(140);
    for (const { method, path } of ops) {
      expect(METHODS, `${method} ${path}`).toContain(method);
      expect(path.startsWith('/api/'), path).toBe(true);
    }
  });

  it('gives every operation a described 2xx response with a schema', () => {
    const missing = ops.filter(({ op }) => {
      const ok = Object.entries(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      return !ok.length || ok.some(([, r]) => !r.content || Object.values(r.content).some((m) => !m.schema));
    });
    expect(missing.map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const vague = ops.flatMap(({ method, path, op }) =>
      Object.entries(op.responses)
        .filter(([, r]) => !r.description || r.description === 'Default Response')
        .map(([s]) => `${method} ${path} ${s}`),
    );
    expect(vague).toEqual([]);
  });

  it('names the error statuses of every operation, each with the one error shape', () => {
    const problems: string[] = [];
    for (const { method, path, op } of ops) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const required = isPublic ? ['400', '500'] : ['400', '401', '403', '404', '500'];
      if (!isPublic && method !== 'get') required.push('409');
      for (const status of required)
        if (errorSchemaOf(op, status)?.$ref !== '#/components/schemas/Error')
          problems.push(`${method} ${path} ${status}`);
      // The health check's 503 is its own report (database down), not an error.
      const own = path === '/api/health' ? ['503'] : [];
      for (const status of Object.keys(op.responses).filter((s) => /^[45]/.test(s) && !own.includes(s)))
        if (errorSchemaOf(op, status)?.$ref !== '#/components/schemas/Error')
          problems.push(`${method} ${path} ${status} (not the error shape)`);
    }
    expect(problems).toEqual([]);
    expect(errorSchemaOf(doc.paths['/api/auth/login']!.post!, '429')).toBeDefined();
  });

  it('describes the error shape: a code, a message, and field details naming path and part', () => {
    const error = doc.components.schemas.Error;
    expect(error.properties.error.required).toEqual(['code', 'message']);
    const details = JSON.stringify(error.properties.error.properties.details);
    expect(details).toContain('#/components/schemas/FieldIssue');
    const issue = doc.components.schemas.FieldIssue;
    expect(issue.required).toEqual(['path', 'code', 'message']);
    expect(issue.properties.in.enum).toEqual(['body', 'querystring', 'params', 'headers']);
  });

  it('names its components and refers to them instead of repeating them', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Member', 'MemberCreateInput', 'WorkLog', 'Error']));
    expect(errorSchemaOf(doc.paths['/api/members/{id}']!.get!, '200')?.$ref).toBe(
      '#/components/schemas/Member',
    );
    // Every component is used: pruned to what the operations reach.
    const used = new Set(refsIn(doc.paths, '#/paths').map((r) => r.ref));
    for (const r of refsIn(doc.components, '#/components')) used.add(r.ref);
    expect(names.filter((n) => !used.has(`#/components/schemas/${n}`))).toEqual([]);
  });

  it('holds together: every $ref resolves and every path parameter is declared', () => {
    const broken = refsIn(doc, '#')
      .filter((r) => resolve(r.ref) === undefined)
      .map((r) => `${r.at} → ${r.ref}`);
    expect(broken).toEqual([]);
    const undeclared: string[] = [];
    for (const { method, path, op } of ops) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      for (const name of inPath)
        if (!declared.some((p) => p.name === name && p.required === true))
          undeclared.push(`${method} ${path} ${name}`);
      for (const p of op.parameters ?? []) {
        if (!['query', 'path', 'header', 'cookie'].includes(p.in) || !p.name || !p.schema)
          undeclared.push(`${method} ${path} bad parameter ${JSON.stringify(p)}`);
      }
    }
    expect(undeclared).toEqual([]);
    for (const name of ['session', 'bearer']) expect(doc.components.securitySchemes).toHaveProperty(name);
  });

  it('speaks OpenAPI 3.0 throughout, and describes what the uploads take', () => {
    // 3.0 says `nullable: true`; a JSON Schema type list is 3.1 and breaks 3.0 generators.
    const typeLists = JSON.stringify(doc).match(/"type":\[/g) ?? [];
    expect(typeLists).toEqual([]);
    const uploads = ops.filter(({ op }) => op.requestBody?.content['multipart/form-data']);
    expect(uploads.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'post /api/excel/{entity}/imports',
      'post /api/work-logs/{id}/files',
    ]);
  });
});
