import {
  estimatedListResponse,
  idParams,
  okBody,
  residentCreate,
  residentListQuery,
  residentSchema,
  residentUpdate,
  revealQuery,
} from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentResident } from './presenter.ts';
import {
  createResident,
  deleteResident,
  residentDetail,
  searchResidents,
  updateResident,
} from './service.ts';

const tags = ['residents'];

/** `/api/residents`: the residents registry. */
export const residentRoutes: RoutesPlugin = (app) => {
  app.get(
    '/residents',
    {
      schema: {
        tags,
        summary: 'List residents in scope (phone and ID number masked)',
        querystring: residentListQuery,
        response: { 200: estimatedListResponse(residentSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, ...total } = await searchResidents(ctx, req.query);
      return { data: data.map((r) => presentResident(r, ctx.actor)), ...total };
    },
  );
  app.get(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: 'One resident; `reveal=true` shows phone and ID number (audited)',
        params: idParams,
        querystring: revealQuery,
        response: { 200: residentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, unmasked } = await residentDetail(ctx, req.params.id, req.query.reveal);
      return presentResident(row, ctx.actor, unmasked);
    },
  );
  app.post(
    '/residents',
    {
      schema: {
        tags,
        summary: 'Register a resident',
        body: residentCreate,
        response: { 201: residentSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentResident(await createResident(ctx, req.body), ctx.actor));
    },
  );
  app.patch(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: 'Edit a resident',
        params: idParams,
        body: residentUpdate,
        response: { 200: residentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentResident(await updateResident(ctx, req.params.id, req.body), ctx.actor);
    },
  );
  app.delete(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: 'Remove a resident no account refers to',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteResident(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
