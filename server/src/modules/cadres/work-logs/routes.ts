import {
  batchResultSchema,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  estimatedListResponse,
  idParams,
  workLogBatchConfirm,
  workLogConfirm,
  workLogCreate,
  workLogFileParams,
  workLogListQuery,
  workLogReject,
  workLogSchema,
} from '@gongjian/common';
import { historyRoute } from '#server/http/history.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { readFiles, type UploadPolicy } from '#server/http/uploads.ts';
import { contentDisposition, isEvidenceType } from './evidence.ts';
import { presentWorkLog } from './presenter.ts';
import {
  assertCanAttach,
  attachEvidence,
  confirmWorkLogs,
  createWorkLog,
  evidenceFile,
  fireWorkLog,
  searchWorkLogs,
  workLogDetail,
  workLogHistory,
} from './service.ts';

const tags = ['work-logs'];

/** Evidence: a few photos or PDFs per request, each bounded (the per-log total is the service's). */
const EVIDENCE_UPLOAD: UploadPolicy = {
  maxBytes: EVIDENCE_MAX_BYTES,
  tooLarge: 'v.fileTooLarge',
  maxFiles: EVIDENCE_MAX_FILES,
  missing: 'v.fileMissing',
  tooMany: 'v.tooManyFiles',
};

/** Work logs (工作纪实) of appointments, their confirmation, and evidence files. */
export const workLogRoutes: RoutesPlugin = async (app) => {
  app.get(
    '/work-logs',
    {
      schema: {
        tags,
        summary: 'Work logs in scope, latest first',
        querystring: workLogListQuery,
        response: { 200: estimatedListResponse(workLogSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, files, ...total } = await searchWorkLogs(ctx, req.query);
      return { data: data.map((r) => presentWorkLog(r, files, ctx.actor)), ...total };
    },
  );

  app.get(
    '/work-logs/:id',
    { schema: { tags, summary: 'One work log', params: idParams, response: { 200: workLogSchema } } },
    async (req) => {
      const ctx = req.ctx();
      const { row, files } = await workLogDetail(ctx, req.params.id);
      return presentWorkLog(row, files, ctx.actor);
    },
  );

  historyRoute(app, '/work-logs/:id/history', tags, 'work log', workLogHistory);

  app.post(
    '/work-logs',
    {
      schema: {
        tags,
        summary: 'Record a work log (appointee or receiving community)',
        body: workLogCreate,
        response: { 201: workLogSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { row, files } = await createWorkLog(ctx, req.body);
      return reply.status(201).send(presentWorkLog(row, files, ctx.actor));
    },
  );

  app.post(
    '/work-logs/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a log as the receiving community',
        params: idParams,
        body: workLogConfirm,
        response: { 200: workLogSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, files } = await fireWorkLog(ctx, req.params.id, 'confirm', req.body);
      return presentWorkLog(row, files, ctx.actor);
    },
  );

  app.post(
    '/work-logs/batch-confirm',
    {
      schema: {
        tags,
        summary: 'Confirm several logs at once (批量确认); each is confirmed or refused on its own',
        body: workLogBatchConfirm,
        response: { 200: batchResultSchema },
      },
    },
    async (req) => confirmWorkLogs(req.ctx(), req.body),
  );

  app.post(
    '/work-logs/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a log, saying why',
        params: idParams,
        body: workLogReject,
        response: { 200: workLogSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, files } = await fireWorkLog(ctx, req.params.id, 'reject', req.body);
      return presentWorkLog(row, files, ctx.actor);
    },
  );

  app.get(
    '/work-logs/:id/files/:fileId',
    { schema: { tags, summary: 'Download one evidence file', params: workLogFileParams } },
    async (req, reply) => {
      const file = await evidenceFile(req.ctx(), req.params.id, req.params.fileId);
      // Stored types were sniffed on upload; anything else is served as opaque bytes.
      const type = isEvidenceType(file.contentType) ? file.contentType : 'application/octet-stream';
      return reply
        .header('content-type', type)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.data);
    },
  );

  app.delete(
    '/work-logs/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Remove an evidence file from a pending log',
        params: workLogFileParams,
        response: { 200: workLogSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, files } = await fireWorkLog(ctx, req.params.id, 'deleteFile', {
        fileId: req.params.fileId,
      });
      return presentWorkLog(row, files, ctx.actor);
    },
  );

  app.post(
    '/work-logs/:id/files',
    {
      config: { upload: EVIDENCE_UPLOAD },
      schema: {
        tags,
        summary: `Attach evidence (multipart field "file"; JPEG/PNG/WebP/PDF by content, ≤ 10 MB each)`,
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: workLogSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      await assertCanAttach(ctx, req.params.id);
      const uploads = await readFiles(req);
      const { row, files } = await attachEvidence(ctx, req.params.id, uploads);
      return reply.status(201).send(presentWorkLog(row, files, ctx.actor));
    },
  );
};
