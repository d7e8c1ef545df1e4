import {
  estimatedListResponse,
  idParams,
  okBody,
  revealQuery,
  unitCreate,
  unitDetailSchema,
  unitListQuery,
  unitSchema,
  unitUpdate,
} from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentUnit, presentUnitDetail } from './presenter.ts';
import { createUnit, deleteUnit, searchUnits, unitDetail, updateUnit } from './service.ts';

const tags = ['units'];

export const unitRoutes: RoutesPlugin = (app) => {
  app.get(
    '/units',
    {
      schema: {
        tags,
        summary: 'List resident units in scope',
        querystring: unitListQuery,
        response: { 200: estimatedListResponse(unitSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, ...total } = await searchUnits(ctx, req.query);
      return { data: data.map((r) => presentUnit(r, ctx.actor)), ...total };
    },
  );

  app.get(
    '/units/:id',
    {
      schema: {
        tags,
        summary: 'One unit with its party organisations and member counts',
        params: idParams,
        querystring: revealQuery,
        response: { 200: unitDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const detail = await unitDetail(ctx, req.params.id, req.query.reveal);
      return presentUnitDetail(detail, ctx.actor, req.query.reveal);
    },
  );

  app.post(
    '/units',
    { schema: { tags, summary: 'Register a unit', body: unitCreate, response: { 201: unitSchema } } },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentUnit(await createUnit(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/units/:id',
    {
      schema: {
        tags,
        summary: 'Edit a unit',
        params: idParams,
        body: unitUpdate,
        response: { 200: unitSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentUnit(await updateUnit(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.delete(
    '/units/:id',
    {
      schema: {
        tags,
        summary: 'Delete a unit nothing refers to',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteUnit(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
