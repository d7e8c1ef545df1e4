import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#server/errors.ts';
import { registerErrorHandler } from '#server/http/error-handler.ts';
import { readDataSheet } from '#server/io/excel/reader.ts';

// A valid workbook was once refused as "not a valid workbook" under load, and the log said no
// more than the client was told. The refusal now carries what exceljs threw, and the log shows it.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gj-refusal-cause-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('a refusal keeps its cause', () => {
  it('a zip that is no workbook is 400 x.notXlsx with exceljs’ error as the cause', async () => {
    const file = path.join(dir, 'broken.xlsx');
    // The zip magic passes the first check; what follows is no archive exceljs can read.
    await writeFile(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(512, 7)]));
    const read = async () => {
      for await (const _ of readDataSheet(file, () => true)) {
        // drained
      }
    };
    const err = await read().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 400, messageKey: 'x.notXlsx' });
    expect((err as AppError).cause).toBeInstanceOf(Error);
    expect((err as AppError).cause).not.toBeInstanceOf(AppError);
  });

  it('the error handler answers the refusal as usual and logs the cause', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream } });
    registerErrorHandler(app);
    app.get('/refuse', async () => {
      const refusal = new AppError(400, 'VALIDATION_FAILED', 'x.notXlsx', []);
      refusal.cause = new Error('invalid signature: 0x7070707');
      throw refusal;
    });
    app.get('/plain', async () => {
      throw new AppError(400, 'VALIDATION_FAILED', 'x.notXlsx', []);
    });
    try {
      const res = await app.inject({ url: '/refuse', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [] });
      expect(res.body).not.toContain('invalid signature');
      const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'refused: x.notXlsx');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 40, code: 'VALIDATION_FAILED' });
      expect(logged[0].err.message).toBe('invalid signature: 0x7070707');
      expect(logged[0].err.stack).toContain('refusal-cause.test.ts');
      // An ordinary refusal has nothing more to say: no extra line.
      await app.inject({ url: '/plain' });
      expect(lines.filter((l) => l.includes('"refused: '))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
