import {
  batchAppoint,
  batchCancel,
  batchCreate,
  batchDetailSchema,
  batchListQuery,
  batchNotice,
  batchSchema,
  batchUpdate,
  candidateCreate,
  candidateParams,
  candidateReview,
  idParams,
  listResponse,
  okBody,
  programmeCreate,
  programmeListQuery,
  programmeSchema,
  programmeUpdate,
} from '@gongjian/common';
import { historyRoute } from '#server/http/history.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentBatch, presentBatchDetail, presentProgramme } from './presenter.ts';
import {
  batchDetail,
  batchHistory,
  createBatch,
  createProgramme,
  deleteProgramme,
  fireBatch,
  getVisibleProgramme,
  searchBatches,
  searchProgrammes,
  updateProgramme,
} from './service.ts';

const tags = ['selection'];

/** Work programmes (工作方案) and selection batches (选派批次) with their state machine. */
export const batchRoutes: RoutesPlugin = (app) => {
  app.get(
    '/work-programmes',
    {
      schema: {
        tags,
        summary: 'Work programmes in scope',
        querystring: programmeListQuery,
        response: { 200: listResponse(programmeSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchProgrammes(ctx, req.query);
      return { data: data.map((r) => presentProgramme(r, ctx.actor)), total };
    },
  );

  app.get(
    '/work-programmes/:id',
    { schema: { tags, summary: 'One work programme', params: idParams, response: { 200: programmeSchema } } },
    async (req) => {
      const ctx = req.ctx();
      return presentProgramme(await getVisibleProgramme(ctx, req.params.id), ctx.actor);
    },
  );

  app.post(
    '/work-programmes',
    {
      schema: {
        tags,
        summary: 'Write a work programme for a kind and year',
        body: programmeCreate,
        response: { 201: programmeSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentProgramme(await createProgramme(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/work-programmes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a work programme',
        params: idParams,
        body: programmeUpdate,
        response: { 200: programmeSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentProgramme(await updateProgramme(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.delete(
    '/work-programmes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a programme without batches',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteProgramme(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/batches',
    {
      schema: {
        tags,
        summary: 'Selection batches in scope',
        querystring: batchListQuery,
        response: { 200: listResponse(batchSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchBatches(ctx, req.query);
      return { data: data.map((r) => presentBatch(r, ctx)), total };
    },
  );

  app.get(
    '/batches/:id',
    {
      schema: {
        tags,
        summary: 'One batch with its candidates and their check results',
        params: idParams,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await batchDetail(ctx, req.params.id), ctx);
    },
  );

  historyRoute(app, '/batches/:id/history', tags, 'batch', batchHistory);

  app.post(
    '/batches',
    {
      schema: {
        tags,
        summary: 'Open a batch under a programme',
        body: batchCreate,
        response: { 201: batchDetailSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentBatchDetail(await createBatch(ctx, req.body), ctx));
    },
  );

  app.patch(
    '/batches/:id',
    {
      schema: {
        tags,
        summary: 'Retitle or annotate an open batch',
        params: idParams,
        body: batchUpdate,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'update', req.body), ctx);
    },
  );

  app.post(
    '/batches/:id/candidates',
    {
      schema: {
        tags,
        summary: 'Nominate a candidate',
        params: idParams,
        body: candidateCreate,
        response: { 201: batchDetailSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply
        .status(201)
        .send(presentBatchDetail(await fireBatch(ctx, req.params.id, 'nominate', req.body), ctx));
    },
  );

  app.delete(
    '/batches/:id/candidates/:candidateId',
    {
      schema: {
        tags,
        summary: 'Withdraw a nomination',
        params: candidateParams,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(
        await fireBatch(ctx, req.params.id, 'removeCandidate', { candidateId: req.params.candidateId }),
        ctx,
      );
    },
  );

  app.post(
    '/batches/:id/check',
    {
      schema: {
        tags,
        summary: 'Run the qualification check on every candidate',
        params: idParams,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'check', undefined), ctx);
    },
  );

  app.post(
    '/batches/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Back to nominating (clears the check results)',
        params: idParams,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'reopen', undefined), ctx);
    },
  );

  app.post(
    '/batches/:id/review',
    {
      schema: {
        tags,
        summary: 'Send the qualified candidates to review',
        params: idParams,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'startReview', undefined), ctx);
    },
  );

  app.post(
    '/batches/:id/candidates/:candidateId/review',
    {
      schema: {
        tags,
        summary: 'Approve or reject a qualified candidate',
        params: candidateParams,
        body: candidateReview,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(
        await fireBatch(ctx, req.params.id, 'review', { ...req.body, candidateId: req.params.candidateId }),
        ctx,
      );
    },
  );

  app.post(
    '/batches/:id/notice',
    {
      schema: {
        tags,
        summary: 'Publish the public notice (公示) period',
        params: idParams,
        body: batchNotice,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'publishNotice', req.body), ctx);
    },
  );

  app.post(
    '/batches/:id/appoint',
    {
      schema: {
        tags,
        summary: 'Appoint the approved candidates once the notice period is over',
        params: idParams,
        body: batchAppoint,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'appoint', req.body), ctx);
    },
  );

  app.post(
    '/batches/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an open batch',
        params: idParams,
        body: batchCancel,
        response: { 200: batchDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentBatchDetail(await fireBatch(ctx, req.params.id, 'cancel', req.body), ctx);
    },
  );
};
