import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { MessageKey } from '@gongjian/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '#server/config.ts';
import { AppError, bodyTooLarge, payloadTooLarge } from '#server/errors.ts';

/**
 * Request bodies and file uploads, in one place (conventions C12):
 *
 * - every body has a time limit: a client that stops sending for `BODY_IDLE_TIMEOUT_SECONDS`, or
 *   has not finished after `BODY_TIMEOUT_SECONDS`, gets 408 and the connection is closed;
 * - one reader of multipart uploads, `readFiles` (into memory) and `withUploadedFile` (to a
 *   private temp file), with one answer per broken limit: 413 for too big, 400 for too many or
 *   none, 400 for a body that is not well-formed multipart/form-data;
 * - nothing outlives its request: temp directories are removed when the handler is done, and on
 *   `app.close()` bodies still arriving are cut off (503) and any directory left is removed.
 */

/** What one upload route accepts. Routes name theirs as `config: { upload }`. */
export interface UploadPolicy {
  /** The largest file, in bytes, and the message that says so. */
  maxBytes: number;
  tooLarge: MessageKey;
  /** The most files one request may carry; fewer than one is refused too. */
  maxFiles: number;
  /** The answer to a request with no file, and to one with too many. */
  missing: MessageKey;
  tooMany: MessageKey;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads a multipart upload with these limits (see `http/uploads.ts`). */
    upload?: UploadPolicy;
  }
}

/** One file as the memory reader returns it. */
export interface ReceivedFile {
  fileName: string | undefined;
  data: Buffer;
}

/** Room for the multipart envelope and the few small fields next to an upload's files. */
const ENVELOPE_BYTES = 1024 * 1024;
const FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 10;

const kUpload = Symbol('gongjian.upload');

interface Stashed {
  body: Readable;
  dirs: Set<string>;
}
type WithUpload = FastifyRequest & { [kUpload]?: Stashed };

// ── The answers ─────────────────────────────────────────────────────────────────────────────

const fileTooLarge = (p: UploadPolicy) => payloadTooLarge(p.maxBytes, p.tooLarge, 'file');
/**
 * More files than allowed, per request (the reader) or per record (a service counting what is
 * already stored): one 400 with the limit in the details.
 */
export const tooManyFiles = (key: MessageKey, maxFiles: number) =>
  new AppError(400, 'TOO_MANY_FILES', key, [
    { path: 'file', code: 'too_many', message: key, params: { maxFiles } },
  ]);
const noFile = (p: UploadPolicy) =>
  new AppError(400, 'NO_FILE', p.missing, [{ path: 'file', code: 'required', message: p.missing }]);
const malformed = () => new AppError(400, 'MALFORMED_UPLOAD', 'e.uploadMalformed');
const bodyTimeout = (seconds: number) => new AppError(408, 'BODY_TIMEOUT', 'e.bodyTimeout', { seconds });
const shuttingDown = () => new AppError(503, 'SHUTTING_DOWN', 'e.shuttingDown');
/** The client went away mid-body: nobody reads this answer, it only unwinds the handler. */
const aborted = () => new AppError(400, 'ABORTED', 'e.uploadMalformed');

// ── Bodies with a time limit ─────────────────────────────────────────────────────────────────

interface BodyLimits {
  idleMs: number;
  totalMs: number;
  maxBytes: number;
  tooLarge: () => AppError;
}

/**
 * A request body passed through with its limits. The idle clock runs only while the reader
 * waits for bytes (`_read` called, nothing arrived yet): a handler busy elsewhere is not a
 * client that stopped sending.
 */
class LimitedBody extends Transform {
  received = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly total: NodeJS.Timeout;

  constructor(private readonly limits: BodyLimits) {
    super();
    this.total = setTimeout(
      () => this.destroy(bodyTimeout(Math.round(limits.totalMs / 1000))),
      limits.totalMs,
    );
    // Errors reach the body's reader; a body nobody reads must not throw them at the process.
    this.on('error', () => {});
  }

  override _read(size: number) {
    if (!this.idle && !this.destroyed)
      this.idle = setTimeout(
        () => this.destroy(bodyTimeout(Math.round(this.limits.idleMs / 1000))),
        this.limits.idleMs,
      );
    super._read(size);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.stopIdle();
    this.received += chunk.length;
    if (this.received > this.limits.maxBytes) return cb(this.limits.tooLarge());
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback) {
    this.stop();
    cb();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void) {
    this.stop();
    cb(err);
  }

  private stopIdle() {
    clearTimeout(this.idle);
    this.idle = undefined;
  }

  private stop() {
    this.stopIdle();
    clearTimeout(this.total);
  }
}

const hasBody = (req: FastifyRequest) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

const isMultipart = (type: string | undefined) =>
  (type ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';

/**
 * Wire the body limits and the multipart parser into the app. Called once on the root instance
 * before the routes, so every route's body goes through it.
 */
export function registerUploads(app: FastifyInstance, config: Config) {
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  const idleMs = config.BODY_IDLE_TIMEOUT_SECONDS * 1000;
  const totalMs = config.BODY_TIMEOUT_SECONDS * 1000;
  const live = new Set<LimitedBody>();
  const dirs = new Set<string>();

  app.addHook('preParsing', async (req, reply, payload) => {
    if (!hasBody(req)) return payload;
    const policy = req.routeOptions.config.upload;
    const upload = policy && isMultipart(req.headers['content-type']) ? policy : undefined;
    const maxBytes = upload ? upload.maxFiles * upload.maxBytes + ENVELOPE_BYTES : bodyLimit;
    const tooLarge = () => (upload ? fileTooLarge(upload) : bodyTooLarge(maxBytes));
    // Refused before a byte is read when the client says up front that it is too big.
    if (Number(req.headers['content-length']) > maxBytes) throw tooLarge();
    const body = new LimitedBody({ idleMs, totalMs, maxBytes, tooLarge });
    live.add(body);
    payload.on('error', (err) => body.destroy(err));
    payload.pipe(body);
    // The client went away mid-body: the reader must not wait for bytes that cannot come.
    req.raw.once('close', () => {
      if (!req.raw.complete) body.destroy(aborted());
    });
    reply.raw.once('close', () => {
      live.delete(body);
      if (!body.destroyed) body.destroy();
    });
    return body;
  });

  // A body not read to its end (refused early, timed out) would keep the connection waiting for
  // the rest of it; the answer closes the connection instead.
  app.addHook('onSend', async (req, reply) => {
    if (!req.raw.complete) reply.header('connection', 'close');
  });

  // Multipart bodies are parsed by the route, when it asks for its files (after its checks).
  app.addContentTypeParser('multipart/form-data', (req, payload, done) => {
    (req as WithUpload)[kUpload] = { body: payload, dirs };
    done(null, undefined);
  });

  // Before the server waits for open connections: uploads still arriving are cut off, so a
  // stalled client cannot hold the shutdown until its idle limit.
  app.addHook('preClose', async () => {
    for (const body of live) body.destroy(shuttingDown());
  });
  app.addHook('onClose', async () => {
    await Promise.all([...dirs].map((d) => rm(d, { recursive: true, force: true })));
    dirs.clear();
  });
}

// ── The reader ───────────────────────────────────────────────────────────────────────────────

function policyOf(req: FastifyRequest): UploadPolicy {
  const policy = req.routeOptions.config.upload;
  if (!policy) throw new Error(`route ${req.routeOptions.url} reads uploads without config.upload`);
  return policy;
}

/**
 * Parse the request's multipart body, handing each file to `sink` as it arrives. Resolves with
 * the sinks' results once the body is read whole; rejects with one of the answers above, only
 * after every sink has settled (so no file is still being written when the caller cleans up).
 */
function readParts<T>(
  req: FastifyRequest,
  sink: (file: Readable, fileName: string | undefined) => Promise<T>,
): Promise<T[]> {
  const policy = policyOf(req);
  const stashed = (req as WithUpload)[kUpload];
  if (!stashed) return Promise.reject(noFile(policy));
  const { body } = stashed;
  let bb: ReturnType<typeof Busboy>;
  try {
    bb = Busboy({
      headers: req.headers as BusboyHeaders,
      limits: {
        fileSize: policy.maxBytes,
        files: policy.maxFiles,
        fields: MAX_FIELDS,
        parts: policy.maxFiles + MAX_FIELDS,
        fieldSize: FIELD_BYTES,
        headerPairs: 50,
      },
    });
  } catch {
    // No boundary, or a boundary busboy cannot use.
    return Promise.reject(malformed());
  }
  return new Promise<T[]>((resolve, reject) => {
    const results: Promise<T>[] = [];
    const files: Readable[] = [];
    let failure: unknown = null;
    const fail = (err: unknown) => {
      if (failure) return;
      failure = err;
      body.unpipe(bb);
      // With an error: busboy's file streams emit no 'close' on a bare destroy, so a sink piping
      // one would never settle.
      for (const f of files) if (!f.destroyed) f.destroy(err instanceof Error ? err : new Error(String(err)));
      void Promise.allSettled(results).then(() => reject(err));
    };
    bb.on('file', (_field: string, file: Readable, fileName: string | undefined) => {
      if (failure) {
        file.resume();
        return;
      }
      files.push(file);
      // Listened to first: a part cut short is the sender's fault, whatever the sink makes of
      // it; a system error (the disk full) is the server's and stays a 500.
      file.on('error', (err) => fail('syscall' in err ? err : malformed()));
      file.on('limit', () => fail(fileTooLarge(policy)));
      const result = sink(file, fileName || undefined);
      result.catch(fail);
      results.push(result);
    });
    bb.on('filesLimit', () => fail(tooManyFiles(policy.tooMany, policy.maxFiles)));
    bb.on('partsLimit', () => fail(tooManyFiles(policy.tooMany, policy.maxFiles)));
    bb.on('fieldsLimit', () => fail(malformed()));
    // Unexpected end of multipart data (no closing boundary), bad part headers…
    bb.on('error', () => fail(malformed()));
    bb.on('finish', () => {
      if (failure) return;
      Promise.all(results).then((all) => {
        if (failure) return;
        if (!all.length) fail(noFile(policy));
        else resolve(all);
      }, fail);
    });
    // A timeout, the size cap, the client gone, the server closing: already one of the answers.
    body.on('error', (err) => fail(err instanceof AppError ? err : malformed()));
    body.pipe(bb);
  });
}

/** Every file of the upload, read into memory (the route's limits bound how much). */
export function readFiles(req: FastifyRequest): Promise<ReceivedFile[]> {
  return readParts(req, async (file, fileName) => {
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    return { fileName, data: Buffer.concat(chunks) };
  });
}

/**
 * The upload's one file saved to a private temp directory, for readers that stream from disk
 * (the Excel import). The directory is removed when `use` settles, whatever happened, and on
 * `app.close()` if a handler is still running then.
 */
export async function withUploadedFile<T>(
  req: FastifyRequest,
  use: (file: { path: string; fileName: string | undefined }) => Promise<T>,
): Promise<T> {
  const stashed = (req as WithUpload)[kUpload];
  if (!stashed) throw noFile(policyOf(req));
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-upload-'));
  stashed.dirs.add(dir);
  try {
    let n = 0;
    const [saved] = await readParts(req, async (file, fileName) => {
      const target = path.join(dir, `upload-${n++}`);
      const out = createWriteStream(target, { mode: 0o600 });
      try {
        await pipeline(file, out);
      } finally {
        // The descriptor is closed before anyone removes the directory.
        if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()));
      }
      return { path: target, fileName };
    });
    if (!saved) throw noFile(policyOf(req));
    return await use(saved);
  } finally {
    await rm(dir, { recursive: true, force: true });
    stashed.dirs.delete(dir);
  }
}
