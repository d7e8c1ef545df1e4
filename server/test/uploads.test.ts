import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  addDays,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES_PER_LOG,
  IMPORT_MAX_BYTES,
  localDate,
  t as tr,
} from '@gongjian/common';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { registerErrorHandler } from '#server/http/error-handler.ts';
import { registerUploads, withUploadedFile } from '#server/http/uploads.ts';
import { factories } from './factories.ts';
import { type Client, createTenant, recordLog, type Tenant, uid, useTestApp } from './helpers.ts';

/**
 * Request bodies and uploads through real sockets (issue 8 §4): malformed and unterminated
 * multipart bodies, limits, time limits and what is left behind. Raw `net` sockets, because a
 * fetch client cannot send a body that never ends or a multipart body without its boundary.
 */

// Upload temp directories of this file's app land here, away from other test files' uploads.
const TMP = mkdtempSync(path.join(tmpdir(), 'gj-uploads-test-'));
process.env.TMPDIR = TMP;
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const IDLE_SECONDS = 1;
const t = useTestApp({ BODY_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS) });
let tn: Tenant;
let logId: number;
let appointmentId: number;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  json: any;
  /** The server closed the connection (the promise resolves only then). */
  closedAfterMs: number;
}

/**
 * One request over a raw socket: the head, then `body` (all of it, or a first part and nothing
 * more when `stall`). Resolves when the server closes the connection, with what it answered.
 */
function raw(
  url: string,
  opts: {
    method?: string;
    path: string;
    headers: Record<string, string>;
    body: Buffer;
    /** Send only this many bytes of the body, then go silent. */
    stall?: number;
    /** Send the body in this many pieces, `gapMs` apart. */
    pieces?: number;
    gapMs?: number;
    /** Leave the connection to the server to close (else the request asks it to). */
    keepAlive?: boolean;
  },
) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  const response = new Promise<RawResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const bodyText = rest.join('\r\n\r\n');
      let json: unknown = null;
      try {
        json = bodyText ? JSON.parse(bodyText) : null;
      } catch {
        json = bodyText;
      }
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers,
        json,
        closedAfterMs: Date.now() - started,
      });
    });
  });
  const head = [
    `${opts.method ?? 'POST'} ${opts.path} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    ...Object.entries({
      'content-length': String(opts.body.length),
      ...(opts.keepAlive ? {} : { connection: 'close' }),
      ...opts.headers,
    }).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  void (async () => {
    if (opts.stall !== undefined) {
      socket.write(opts.body.subarray(0, opts.stall));
      return;
    }
    const pieces = opts.pieces ?? 1;
    const size = Math.ceil(opts.body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, opts.gapMs ?? 0));
      if (!socket.destroyed) socket.write(opts.body.subarray(i * size, (i + 1) * size));
    }
  })();
  return { socket, response };
}

const BOUNDARY = `gj-${uid()}`;
const filePart = (name: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from('\r\n'),
  ]);
const closing = Buffer.from(`--${BOUNDARY}--\r\n`);
const multipart = (...parts: Buffer[]) => Buffer.concat([...parts, closing]);

/** Headers of a browser's write: session, CSRF token, language, and the body's type. */
function headersOf(c: Client, contentType: string, lang = 'zh-CN'): Record<string, string> {
  return {
    cookie: c.cookie ?? '',
    'x-csrf-token': c.csrfToken ?? '',
    'accept-language': lang,
    'content-type': contentType,
  };
}

const IMPORT = '/api/excel/members/imports';
const evidence = () => `/api/work-logs/${logId}/files`;
/**
 * Every upload route (the OpenAPI document's multipart operations; a test below holds the two
 * lists equal), who may use it, its file limit and the message of that limit.
 */
const UPLOAD_OPERATIONS = ['/api/excel/{entity}/imports', '/api/work-logs/{id}/files'];
const routes = () => [
  ...(['units', 'members', 'residents'] as const).map((entity) => ({
    path: `/api/excel/${entity}/imports`,
    client: tn.clients.community_admin,
    maxBytes: IMPORT_MAX_BYTES,
    tooLarge: 'x.tooLarge' as const,
  })),
  {
    path: evidence(),
    client: tn.clients.member,
    maxBytes: EVIDENCE_MAX_BYTES,
    tooLarge: 'v.fileTooLarge' as const,
  },
];

/** The upload temp directories that exist now. */
const tempDirs = () => readdirSync(TMP).filter((d) => d.startsWith('gongjian-'));
/** Open descriptors of this process (the app runs in it), and those open on upload files. */
const fds = () => readdirSync('/proc/self/fd');
const uploadFds = () =>
  fds().filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(TMP);
    } catch {
      return false;
    }
  });

/** Wait until `check` holds, polling. */
async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Warm the database pool to its size, so its connections are in the descriptor baseline. */
async function warm(c: Client) {
  await Promise.all(Array.from({ length: 8 }, () => c.get('/api/auth/me')));
}

beforeAll(async () => {
  tn = await createTenant(t);
  const today = localDate(new Date());
  const made = await factories(t, tn).appointment({ termStart: addDays(today, -30) });
  appointmentId = made.id;
  logId = await recordLog(tn.clients.member, made.id, {
    kind: 'contact',
    occurredAt: `${addDays(today, -1)}T10:00:00+08:00`,
    withWhom: '村居书记',
  });
});

describe('malformed multipart bodies', () => {
  it('a multipart body without a boundary answers 400 in the caller’s language on every upload route', async () => {
    for (const { path: p, client } of routes()) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const res = await raw(t.url, {
          path: p,
          headers: headersOf(client, 'multipart/form-data', lang),
          body: multipart(filePart('a.png', PNG)),
        }).response;
        expect(res.status, p).toBe(400);
        expect(res.json.error).toEqual({ code: 'MALFORMED_UPLOAD', message: tr('e.uploadMalformed', lang) });
      }
    }
    expect(tr('e.uploadMalformed', 'zh-CN')).not.toBe(tr('e.uploadMalformed', 'en'));
  });

  it('a file part without its closing boundary answers 400, and nothing is stored or left behind', async () => {
    for (const { path: p, client } of routes()) {
      const res = await raw(t.url, {
        path: p,
        headers: headersOf(client, `multipart/form-data; boundary=${BOUNDARY}`),
        body: Buffer.concat([
          filePart('a.png', PNG).subarray(0, -2),
          Buffer.from('more bytes, no delimiter'),
        ]),
      }).response;
      expect(res.status, p).toBe(400);
      expect(res.json.error.code).toBe('MALFORMED_UPLOAD');
    }
    expect((await tn.clients.member.get(`/api/work-logs/${logId}`)).body.files).toEqual([]);
    expect(tempDirs()).toEqual([]);
  });

  it('a well-formed upload still goes through the same reader', async () => {
    const res = await raw(t.url, {
      path: evidence(),
      headers: headersOf(tn.clients.member, `multipart/form-data; boundary=${BOUNDARY}`),
      body: multipart(filePart('签到.png', PNG)),
    }).response;
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.files.map((f: { fileName: string }) => f.fileName)).toEqual(['签到.png']);
    const removed = await tn.clients.member.del(`/api/work-logs/${logId}/files/${res.json.files[0].id}`);
    expect(removed.status).toBe(200);
  });
});

describe('one answer per limit', () => {
  it('the upload routes tested here are every upload route the API has', async () => {
    const doc = (await tn.clients.member.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    };
    const multipart = Object.entries(doc.paths)
      .filter(([, ops]) =>
        Object.values(ops).some((op) => op.requestBody?.content?.['multipart/form-data'] !== undefined),
      )
      .map(([p]) => p)
      .sort();
    expect(multipart).toEqual(UPLOAD_OPERATIONS);
  });

  it('too big is one 413 on every upload route, whether announced or found while reading, in both languages', async () => {
    for (const { path: p, client, maxBytes, tooLarge } of routes()) {
      for (const lang of ['zh-CN', 'en'] as const) {
        // Announced: a content length past what the route takes is refused before a byte is read.
        const announced = await raw(t.url, {
          path: p,
          headers: {
            ...headersOf(client, `multipart/form-data; boundary=${BOUNDARY}`, lang),
            'content-length': String(maxBytes * 6),
          },
          body: Buffer.alloc(0),
          stall: 0,
          keepAlive: true,
        }).response;
        expect(announced.status, p).toBe(413);
        expect(announced.json.error, p).toEqual({
          code: 'PAYLOAD_TOO_LARGE',
          message: tr(tooLarge, lang),
          details: [{ path: 'file', code: 'too_big', message: tr(tooLarge, lang), params: { maxBytes } }],
        });
        expect(announced.headers.connection).toBe('close');
      }
    }
    // Found while reading: one file just over the evidence limit, the request itself within the cap.
    const over = Buffer.concat([PNG, Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    const found = await raw(t.url, {
      path: evidence(),
      headers: headersOf(tn.clients.member, `multipart/form-data; boundary=${BOUNDARY}`, 'en'),
      body: multipart(filePart('big.png', over)),
    }).response;
    expect(found.status).toBe(413);
    expect(found.json.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: tr('v.fileTooLarge', 'en'),
      details: [
        {
          path: 'file',
          code: 'too_big',
          message: tr('v.fileTooLarge', 'en'),
          params: { maxBytes: EVIDENCE_MAX_BYTES },
        },
      ],
    });
    expect((await tn.clients.member.get(`/api/work-logs/${logId}`)).body.files).toEqual([]);
  });

  it('a JSON body over the app’s limit gets the same 413, the limit in its details', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const json = await raw(t.url, {
        path: '/api/auth/login',
        headers: {
          'content-type': 'application/json',
          'content-length': String(21 * 1024 * 1024),
          'accept-language': lang,
        },
        body: Buffer.alloc(0),
        stall: 0,
      }).response;
      expect(json.status).toBe(413);
      expect(json.json.error).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: tr('e.bodyTooLarge', lang),
        details: [
          {
            path: '',
            code: 'too_big',
            message: tr('e.bodyTooLarge', lang),
            params: { maxBytes: expect.any(Number) },
          },
        ],
      });
    }
  });

  it('too many files is one 400 on both routes, and nothing is stored', async () => {
    const cases = [
      { path: IMPORT, client: tn.clients.community_admin, files: 2, message: tr('x.noFile', 'zh-CN') },
      { path: evidence(), client: tn.clients.member, files: 6, message: tr('v.tooManyFiles', 'zh-CN') },
    ];
    for (const c of cases) {
      const parts = Array.from({ length: c.files }, (_, i) => filePart(`f${i}.png`, PNG));
      const res = await raw(t.url, {
        path: c.path,
        headers: headersOf(c.client, `multipart/form-data; boundary=${BOUNDARY}`),
        body: multipart(...parts),
      }).response;
      expect(res.status, c.path).toBe(400);
      expect(res.json.error).toMatchObject({
        code: 'TOO_MANY_FILES',
        message: c.message,
        details: [{ path: 'file', code: 'too_many' }],
      });
    }
    expect((await tn.clients.member.get(`/api/work-logs/${logId}`)).body.files).toEqual([]);
  });

  it('the per-log cap on evidence answers as the per-request one does', async () => {
    const today = localDate(new Date());
    const full = await recordLog(tn.clients.member, appointmentId, {
      kind: 'contact',
      occurredAt: `${addDays(today, -2)}T10:00:00+08:00`,
      withWhom: '村居书记',
    });
    const send = (files: number) =>
      raw(t.url, {
        path: `/api/work-logs/${full}/files`,
        headers: headersOf(tn.clients.member, `multipart/form-data; boundary=${BOUNDARY}`),
        body: multipart(...Array.from({ length: files }, (_, i) => filePart(`f${i}.png`, PNG))),
      }).response;
    for (let sent = 0; sent < EVIDENCE_MAX_FILES_PER_LOG; sent += 5) expect((await send(5)).status).toBe(201);
    const over = await send(1);
    expect(over.status).toBe(400);
    expect(over.json.error).toEqual({
      code: 'TOO_MANY_FILES',
      message: tr('v.tooManyFiles', 'zh-CN'),
      details: [
        {
          path: 'file',
          code: 'too_many',
          message: tr('v.tooManyFiles', 'zh-CN'),
          params: { maxFiles: EVIDENCE_MAX_FILES_PER_LOG },
        },
      ],
    });
    expect((await tn.clients.member.get(`/api/work-logs/${full}`)).body.files).toHaveLength(
      EVIDENCE_MAX_FILES_PER_LOG,
    );
  });

  it('a form without a file, or a body that is not multipart, is 400 NO_FILE', async () => {
    for (const { path: p, client } of routes()) {
      const empty = await raw(t.url, {
        path: p,
        headers: headersOf(client, `multipart/form-data; boundary=${BOUNDARY}`),
        body: multipart(),
      }).response;
      expect(empty.status, p).toBe(400);
      expect(empty.json.error.code).toBe('NO_FILE');
      const json = await raw(t.url, {
        path: p,
        headers: headersOf(client, 'application/json'),
        body: Buffer.from('{"file":"x"}'),
      }).response;
      expect(json.status, p).toBe(400);
      expect(json.json.error.code).toBe('NO_FILE');
    }
  });
});

describe('bodies that never end', () => {
  it('stalled uploads and a stalled JSON body get 408 within the idle limit, the socket closed, nothing left behind', async () => {
    await warm(tn.clients.member);
    const baseline = fds().length;
    const body = multipart(filePart('members.xlsx', Buffer.alloc(256 * 1024, 1)));
    const stalled = [
      // Every import route (members twice), each stalled while its file is being written.
      ...['members', 'members', 'units', 'residents'].map((entity) =>
        raw(t.url, {
          path: `/api/excel/${entity}/imports`,
          headers: headersOf(tn.clients.community_admin, `multipart/form-data; boundary=${BOUNDARY}`, 'en'),
          body,
          stall: 100 * 1024,
          keepAlive: true,
        }),
      ),
      ...Array.from({ length: 2 }, () =>
        raw(t.url, {
          path: evidence(),
          headers: headersOf(tn.clients.member, `multipart/form-data; boundary=${BOUNDARY}`, 'en'),
          body,
          stall: 100 * 1024,
          keepAlive: true,
        }),
      ),
      raw(t.url, {
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: Buffer.from('{"username":"someone","password":"not yet sent'),
        stall: 20,
        keepAlive: true,
      }),
    ];
    // The imports are being written to disk (a directory and an open file each) while their
    // senders are silent.
    await until(() => tempDirs().length === 4 && uploadFds().length === 4);
    const answers = await Promise.all(stalled.map((s) => s.response));
    for (const a of answers) {
      expect(a.status).toBe(408);
      expect(a.json.error).toMatchObject({ code: 'BODY_TIMEOUT', message: tr('e.bodyTimeout', 'en') });
      expect(a.headers.connection).toBe('close');
      // Answered and closed within the idle limit plus the time the request took to start.
      expect(a.closedAfterMs).toBeLessThan(IDLE_SECONDS * 1000 + 3000);
    }
    expect(tempDirs()).toEqual([]);
    expect(uploadFds()).toEqual([]);
    await until(() => fds().length <= baseline);
    expect((await tn.clients.member.get(`/api/work-logs/${logId}`)).body.files).toEqual([]);
  });

  it('a slow sender that keeps sending is not cut off by the idle limit', async () => {
    const csv = Buffer.from('姓名,身份证号\n张三,1\n'.repeat(200));
    const res = await raw(t.url, {
      path: IMPORT,
      headers: headersOf(tn.clients.community_admin, `multipart/form-data; boundary=${BOUNDARY}`),
      body: multipart(filePart('members.csv', csv)),
      pieces: 6,
      gapMs: (IDLE_SECONDS * 1000) / 2,
    }).response;
    // Longer in all than the idle limit, never silent for as long: read whole, then judged.
    expect(res.closedAfterMs).toBeGreaterThan(IDLE_SECONDS * 1000 * 2);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(tr('x.notXlsx', 'zh-CN'));
  });

  it('closing the app (SIGTERM) cuts off uploads still arriving, answers them 503 and removes their files', async () => {
    // A second app on the same database, with an idle limit the test would not wait for.
    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://unused',
      BODY_IDLE_TIMEOUT_SECONDS: '600',
    });
    const app = await buildApp(t.database.db, config);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await warm(tn.clients.member);
    const baseline = fds().length;
    const body = multipart(filePart('members.xlsx', Buffer.alloc(256 * 1024, 1)));
    const stalled = Array.from({ length: 3 }, () =>
      raw(url, {
        path: IMPORT,
        headers: headersOf(tn.clients.community_admin, `multipart/form-data; boundary=${BOUNDARY}`),
        body,
        stall: 100 * 1024,
        keepAlive: true,
      }),
    );
    await until(() => tempDirs().length === 3 && uploadFds().length === 3);
    const closing = Date.now();
    await app.close();
    expect(Date.now() - closing).toBeLessThan(5000);
    for (const a of await Promise.all(stalled.map((s) => s.response))) {
      expect(a.status).toBe(503);
      expect(a.json.error).toMatchObject({ code: 'SHUTTING_DOWN', message: tr('e.shuttingDown', 'zh-CN') });
    }
    expect(tempDirs()).toEqual([]);
    expect(uploadFds()).toEqual([]);
    await until(() => fds().length <= baseline);
  });
});

describe('the file a handler reads', () => {
  it('is on disk whole and closed before `use` starts, however slowly it arrived', async () => {
    // A handler that streams the upload from disk (the Excel import) must never see a file still
    // being written: `use` runs only once the body is read, every write flushed and the
    // descriptor closed. Checked where a race would show: size, bytes and open descriptors.
    const app = Fastify();
    registerErrorHandler(app);
    registerUploads(app, loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
    app.post(
      '/probe',
      {
        config: {
          upload: {
            maxBytes: 8 * 1024 * 1024,
            tooLarge: 'v.fileTooLarge',
            maxFiles: 1,
            missing: 'x.noFile',
            tooMany: 'x.noFile',
          },
        },
      },
      async (req) =>
        withUploadedFile(req, async (file) => {
          const open = fds().filter((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`) === file.path;
            } catch {
              return false;
            }
          });
          const bytes = await readFile(file.path);
          return {
            size: (await stat(file.path)).size,
            sha: createHash('sha256').update(bytes).digest('hex'),
            open: open.length,
          };
        }),
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const data = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
      const sha = createHash('sha256').update(data).digest('hex');
      const res = await raw(url, {
        path: '/probe',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: multipart(filePart('big.xlsx', data)),
        pieces: 40,
        gapMs: 5,
      }).response;
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toEqual({ size: data.length, sha, open: 0 });
    } finally {
      await app.close();
    }
  });
});
