import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import {
  type ExcelEntity,
  excelEntityParams,
  IMPORT_MAX_BYTES,
  importCommitBody,
  importIdParams,
  importPreviewSchema,
  memberExportQuery,
  residentExportQuery,
  templateQuery,
  unitExportQuery,
  XLSX_MIME,
} from '@gongjian/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import type { RoutesPlugin } from '../../http/types.ts';
import {
  checkExcelAccess,
  commitImport,
  exportMembers,
  exportResidents,
  exportUnits,
  importPreview,
  importTemplate,
  rejectedWorkbook,
  stageImport,
} from './service.ts';

const tags = ['excel'];

const FILE_NAMES: Record<ExcelEntity, Record<'zh-CN' | 'en', string>> = {
  units: { 'zh-CN': '单位', en: 'units' },
  members: { 'zh-CN': '党员', en: 'members' },
  residents: { 'zh-CN': '居民', en: 'residents' },
};

/** Send a workbook as a download; the name is given both plainly (ASCII) and UTF-8 encoded. */
function sendXlsx(reply: FastifyReply, body: Buffer | Readable, name: string, ascii: string) {
  reply.header('content-type', XLSX_MIME);
  reply.header(
    'content-disposition',
    `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`,
  );
  reply.header('cache-control', 'no-store');
  return reply.send(body);
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Save the one uploaded file to a private temp directory: the reader then streams it from disk,
 * and a file over the limit is refused without being held in memory.
 */
async function receiveUpload(req: FastifyRequest): Promise<{ dir: string; file: string; name: string }> {
  if (!req.isMultipart()) throw new AppError(400, 'NO_FILE', 'x.noFile');
  const part = await req.file({
    limits: { fileSize: IMPORT_MAX_BYTES, files: 1 },
    throwFileSizeLimit: false,
  });
  if (!part) throw new AppError(400, 'NO_FILE', 'x.noFile');
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-import-'));
  const file = path.join(dir, 'upload.xlsx');
  try {
    await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) throw new AppError(400, 'FILE_TOO_LARGE', 'x.tooLarge');
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  // The name is only shown back to the uploader; keep it to a sane length.
  return { dir, file, name: part.filename.slice(0, 200) };
}

/** `/api/excel`: import templates, staged imports with preview and commit, list exports. */
export const excelRoutes: RoutesPlugin = async (parent) => {
  // Multipart parsing is scoped to these routes rather than the whole API.
  await parent.register(async (scoped) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 } });

    app.get(
      '/excel/:entity/template',
      {
        schema: {
          tags,
          summary: 'Import template (xlsx): headers in the caller’s language, drop-downs, example row',
          params: excelEntityParams,
          querystring: templateQuery,
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const { entity } = req.params;
        const body = await importTemplate(ctx, entity, req.query.districtId);
        const name = FILE_NAMES[entity];
        return sendXlsx(reply, body, `${name[ctx.locale]}导入模板`, `${name.en}-template`);
      },
    );

    app.post(
      '/excel/:entity/imports',
      {
        schema: {
          tags,
          summary: 'Upload a workbook (multipart, field `file`, ≤ 50 MB): validate and stage every row',
          consumes: ['multipart/form-data'],
          params: excelEntityParams,
          response: { 201: importPreviewSchema },
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        checkExcelAccess(ctx, req.params.entity);
        const upload = await receiveUpload(req);
        let preview: Awaited<ReturnType<typeof stageImport>>;
        try {
          preview = await stageImport(ctx, req.params.entity, upload.file, upload.name || null);
        } finally {
          // Removed before answering, so no upload outlives its request.
          await rm(upload.dir, { recursive: true, force: true });
        }
        return reply.status(201).send(preview);
      },
    );

    app.get(
      '/excel/imports/:id',
      {
        schema: {
          tags,
          summary: 'A staged import again: counts and errors',
          params: importIdParams,
          response: { 200: importPreviewSchema },
        },
      },
      async (req) => importPreview(req.ctx(), req.params.id),
    );

    app.post(
      '/excel/imports/:id/commit',
      {
        schema: {
          tags,
          summary: 'Write a staged import (`all`: only when every row is valid; `valid_only`)',
          params: importIdParams,
          body: importCommitBody,
          response: { 200: importPreviewSchema },
        },
      },
      async (req) => commitImport(req.ctx(), req.params.id, req.body),
    );

    app.get(
      '/excel/imports/:id/rejected',
      {
        schema: {
          tags,
          summary: 'The invalid rows of an import (xlsx) with a reason column',
          params: importIdParams,
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const { stream, entity } = await rejectedWorkbook(ctx, req.params.id);
        const name = FILE_NAMES[entity];
        return sendXlsx(reply, stream, `${name[ctx.locale]}-错误行`, `${name.en}-rejected`);
      },
    );

    app.get(
      '/excel/units/export',
      {
        schema: {
          tags,
          summary: 'Every unit the list would show with these filters (xlsx, re-importable)',
          querystring: unitExportQuery,
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const stream = await exportUnits(ctx, req.query);
        return sendXlsx(reply, stream, `${FILE_NAMES.units[ctx.locale]}-${today()}`, `units-${today()}`);
      },
    );

    app.get(
      '/excel/members/export',
      {
        schema: {
          tags,
          summary: 'Every member the list would show with these filters (xlsx, masked unless revealed)',
          querystring: memberExportQuery,
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const stream = await exportMembers(ctx, req.query);
        return sendXlsx(reply, stream, `${FILE_NAMES.members[ctx.locale]}-${today()}`, `members-${today()}`);
      },
    );

    app.get(
      '/excel/residents/export',
      {
        schema: {
          tags,
          summary: 'Every resident the list would show with these filters (xlsx, masked unless revealed)',
          querystring: residentExportQuery,
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const stream = await exportResidents(ctx, req.query);
        return sendXlsx(
          reply,
          stream,
          `${FILE_NAMES.residents[ctx.locale]}-${today()}`,
          `residents-${today()}`,
        );
      },
    );
  });
};
