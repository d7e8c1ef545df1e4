import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import {
  accountExportQuery,
  appointmentExportQuery,
  appointmentKindExportQuery,
  areaExportQuery,
  auditExportQuery,
  batchExportQuery,
  complianceBoardExportQuery,
  coverageAssignmentExportQuery,
  coverageStatusExportQuery,
  coverageVisitsExportQuery,
  dictExportQuery,
  dutyExemptionExportQuery,
  type ExcelEntity,
  excelEntityParams,
  IMPORT_MAX_BYTES,
  importCommitBody,
  importIdParams,
  importPreviewSchema,
  type ListExportName,
  localDate,
  memberExportQuery,
  orgExportQuery,
  programmeExportQuery,
  residentExportQuery,
  templateQuery,
  unitExportQuery,
  workLogExportQuery,
  XLSX_MIME,
} from '@gongjian/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { App, RoutesPlugin } from '../../http/types.ts';
import { accountExport } from './exports/accounts.ts';
import { appointmentKindExport } from './exports/appointment-kinds.ts';
import { appointmentExport } from './exports/appointments.ts';
import { areaExport } from './exports/areas.ts';
import { auditExport } from './exports/audit.ts';
import { batchExport } from './exports/batches.ts';
import { complianceBoardExport } from './exports/compliance-board.ts';
import { coverageAssignmentExport } from './exports/coverage-assignments.ts';
import { coverageStatusExport } from './exports/coverage-status.ts';
import { coverageVisitsExport } from './exports/coverage-visits.ts';
import { dictExport } from './exports/dictionaries.ts';
import { exemptionExport } from './exports/exemptions.ts';
import { orgExport } from './exports/orgs.ts';
import { type ListExport, type ReportExport, streamListExport, streamReportExport } from './exports/run.ts';
import { workLogExport } from './exports/work-logs.ts';
import { programmeExport } from './exports/work-programmes.ts';
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

/** The day in the name of a downloaded file, as the district's officials count days. */
const today = () => localDate(new Date());

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

/**
 * `GET /api/excel/<list>/export` for a read-only list: the list's own query schema (paging left
 * out), its rows streamed as a workbook named after the sheet and the day.
 */
function listExportRoute<S extends z.ZodType<object>, Row>(
  app: App,
  list: ListExportName,
  querystring: S,
  summary: string,
  x: ListExport<z.output<S>, Row>,
) {
  app.get(`/excel/${list}/export`, { schema: { tags, summary, querystring } }, async (req, reply) => {
    const ctx = req.ctx();
    // The type provider cannot see through a generic schema; the query was parsed by `querystring`.
    const stream = await streamListExport(ctx, x, req.query as z.output<S>);
    return sendXlsx(reply, stream, `${x.title[ctx.locale]}-${today()}`, `${list}-${today()}`);
  });
}

/**
 * `GET /api/excel/<report>/export` for a screen that is a report rather than a list (a board, a
 * status): the screen's own query schema, its tables as the sheets of one workbook.
 */
function reportExportRoute<S extends z.ZodType<object>>(
  app: App,
  name: ListExportName,
  querystring: S,
  summary: string,
  x: ReportExport<z.output<S>>,
) {
  app.get(`/excel/${name}/export`, { schema: { tags, summary, querystring } }, async (req, reply) => {
    const ctx = req.ctx();
    // The type provider cannot see through a generic schema; the query was parsed by `querystring`.
    const stream = await streamReportExport(ctx, x, req.query as z.output<S>);
    return sendXlsx(reply, stream, `${x.title[ctx.locale]}-${today()}`, `${name}-${today()}`);
  });
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

    listExportRoute(
      app,
      'areas',
      areaExportQuery,
      'Every tree node the list would show with these filters (xlsx)',
      areaExport,
    );
    listExportRoute(
      app,
      'orgs',
      orgExportQuery,
      'Every party organisation the list would show with these filters (xlsx)',
      orgExport,
    );
    listExportRoute(
      app,
      'accounts',
      accountExportQuery,
      'Every account the list would show with these filters (xlsx)',
      accountExport,
    );
    listExportRoute(
      app,
      'dictionaries',
      dictExportQuery,
      'Every dictionary item the list would show with these filters (xlsx)',
      dictExport,
    );
    listExportRoute(
      app,
      'audit',
      auditExportQuery,
      'Every audit event the list would show with these filters (xlsx, phone/ID numbers masked unless revealed)',
      auditExport,
    );
    listExportRoute(
      app,
      'appointment-kinds',
      appointmentKindExportQuery,
      'Every appointment kind the list would show with these filters (xlsx)',
      appointmentKindExport,
    );
    listExportRoute(
      app,
      'appointments',
      appointmentExportQuery,
      'Every appointment the list would show with these filters (xlsx)',
      appointmentExport,
    );
    listExportRoute(
      app,
      'work-programmes',
      programmeExportQuery,
      'Every work programme the list would show with these filters (xlsx)',
      programmeExport,
    );
    listExportRoute(
      app,
      'batches',
      batchExportQuery,
      'Every selection batch the list would show with these filters (xlsx)',
      batchExport,
    );
    listExportRoute(
      app,
      'work-logs',
      workLogExportQuery,
      'Every work log the list would show with these filters (xlsx)',
      workLogExport,
    );
    reportExportRoute(
      app,
      'compliance-board',
      complianceBoardExportQuery,
      'The compliance board with these filters as a ledger (xlsx: ledger, details, counts per duty)',
      complianceBoardExport,
    );
    listExportRoute(
      app,
      'duty-exemptions',
      dutyExemptionExportQuery,
      'Every exemption request the list would show with these filters (xlsx)',
      exemptionExport,
    );
    listExportRoute(
      app,
      'coverage-assignments',
      coverageAssignmentExportQuery,
      'Every coverage assignment the list would show with these filters (xlsx)',
      coverageAssignmentExport,
    );
    reportExportRoute(
      app,
      'coverage-status',
      coverageStatusExportQuery,
      'The coverage status of a community or street on a day (xlsx: summary, buildings, organisations, gaps)',
      coverageStatusExport,
    );
    reportExportRoute(
      app,
      'coverage-visits',
      coverageVisitsExportQuery,
      'The visit coverage of an area over a period (xlsx: summary, organisations, demands, targets)',
      coverageVisitsExport,
    );
  });
};
