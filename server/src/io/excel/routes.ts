import type { Readable } from 'node:stream';
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
  excelApi,
  excelEntityParams,
  IMPORT_MAX_BYTES,
  importIdParams,
  importPreviewSchema,
  type ListExportName,
  memberExportQuery,
  orgExportQuery,
  programmeExportQuery,
  residentExportQuery,
  templateQuery,
  unitExportQuery,
  workLogExportQuery,
  XLSX_MIME,
} from '@gongjian/common';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { route } from '#server/http/route.ts';
import type { App, RoutesPlugin } from '#server/http/types.ts';
import { type UploadPolicy, withUploadedFile } from '#server/http/uploads.ts';
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

/**
 * Send a workbook as a download; the name is given both plainly (ASCII) and UTF-8 encoded
 * (RFC 6266 `filename`, RFC 5987 `filename*`).
 */
function sendXlsx(reply: FastifyReply, body: Buffer | Readable, name: string, ascii: string) {
  reply.header('content-type', XLSX_MIME);
  reply.header(
    'content-disposition',
    `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`,
  );
  reply.header('cache-control', 'no-store');
  return reply.send(body);
}

/** An import: one workbook per request, streamed from disk by the reader rather than held in memory. */
const IMPORT_UPLOAD: UploadPolicy = {
  maxBytes: IMPORT_MAX_BYTES,
  tooLarge: 'x.tooLarge',
  maxFiles: 1,
  missing: 'x.noFile',
  tooMany: 'x.noFile',
};

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
    const { stream, ledger } = await streamListExport(ctx, x, req.query as z.output<S>, list);
    return sendXlsx(reply, stream, ledger.fileName, ledger.asciiName);
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
    const { stream, ledger } = await streamReportExport(ctx, x, req.query as z.output<S>, name);
    return sendXlsx(reply, stream, ledger.fileName, ledger.asciiName);
  });
}

/** `/api/excel`: import templates, staged imports with preview and commit, list exports as ledgers. */
export const excelRoutes: RoutesPlugin = async (parent) => {
  await parent.register(async (scoped) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

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
        config: { upload: IMPORT_UPLOAD },
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
        // The temp file is removed before answering, so no upload outlives its request.
        const preview = await withUploadedFile(req, (file) =>
          // The name is only shown back to the uploader; keep it to a sane length.
          stageImport(ctx, req.params.entity, file.path, file.fileName?.slice(0, 200) || null),
        );
        return reply.status(201).send(preview);
      },
    );

    route(app, excelApi.preview, async (req) => importPreview(req.ctx(), req.params.id));

    route(app, excelApi.commit, async (req) => commitImport(req.ctx(), req.params.id, req.body));

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
        const { stream, ledger } = await exportUnits(ctx, req.query);
        return sendXlsx(reply, stream, ledger.fileName, ledger.asciiName);
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
        const { stream, ledger } = await exportMembers(ctx, req.query);
        return sendXlsx(reply, stream, ledger.fileName, ledger.asciiName);
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
        const { stream, ledger } = await exportResidents(ctx, req.query);
        return sendXlsx(reply, stream, ledger.fileName, ledger.asciiName);
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
