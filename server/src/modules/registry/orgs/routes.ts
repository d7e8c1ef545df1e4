import {
  idParams,
  listResponse,
  okBody,
  orgCreate,
  orgDetailSchema,
  orgListQuery,
  orgSchema,
  orgTreeNode,
  orgTreeQuery,
  orgUpdate,
  seatCreate,
  seatParams,
  seatSchema,
  seatUpdate,
} from '@gongjian/common';
import { z } from 'zod';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentOrg, presentOrgDetail, presentSeat } from './presenter.ts';
import {
  createOrg,
  createSeat,
  deleteOrg,
  deleteSeat,
  listSeats,
  orgDetail,
  orgTree,
  searchOrgs,
  updateOrg,
  updateSeat,
} from './service.ts';

const tags = ['orgs'];

export const orgRoutes: RoutesPlugin = (app) => {
  app.get(
    '/orgs',
    {
      schema: {
        tags,
        summary: 'List party organisations in scope',
        querystring: orgListQuery,
        response: { 200: listResponse(orgSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchOrgs(ctx, req.query);
      return { data: data.map((r) => presentOrg(r, ctx.actor)), total };
    },
  );

  app.get(
    '/orgs/tree',
    {
      schema: {
        tags,
        summary: 'Nested organisation tree in scope',
        querystring: orgTreeQuery,
        response: { 200: z.object({ data: z.array(orgTreeNode) }) },
      },
    },
    async (req) => ({ data: await orgTree(req.ctx(), req.query.rootId) }),
  );

  app.get(
    '/orgs/:id',
    {
      schema: {
        tags,
        summary: 'One organisation with its children',
        params: idParams,
        response: { 200: orgDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentOrgDetail(await orgDetail(ctx, req.params.id), ctx.actor);
    },
  );

  app.post(
    '/orgs',
    { schema: { tags, summary: 'Found an organisation', body: orgCreate, response: { 201: orgSchema } } },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentOrg(await createOrg(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/orgs/:id',
    {
      schema: {
        tags,
        summary: 'Edit an organisation',
        params: idParams,
        body: orgUpdate,
        response: { 200: orgSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentOrg(await updateOrg(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.delete(
    '/orgs/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organisation nothing refers to',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteOrg(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/orgs/:id/seats',
    {
      schema: {
        tags,
        summary: 'Seats of a joint body (member units and concurrent members)',
        params: idParams,
        response: { 200: listResponse(seatSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { org, seats } = await listSeats(ctx, req.params.id);
      return { data: seats.map((s) => presentSeat(s, org, ctx.actor)), total: seats.length };
    },
  );

  app.post(
    '/orgs/:id/seats',
    {
      schema: {
        tags,
        summary: 'Add a seat to a joint body',
        params: idParams,
        body: seatCreate,
        response: { 201: seatSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { org, seat } = await createSeat(ctx, req.params.id, req.body);
      return reply.status(201).send(presentSeat(seat, org, ctx.actor));
    },
  );

  app.patch(
    '/orgs/:orgId/seats/:seatId',
    {
      schema: {
        tags,
        summary: 'Edit a seat',
        params: seatParams,
        body: seatUpdate,
        response: { 200: seatSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { org, seat } = await updateSeat(ctx, req.params.orgId, req.params.seatId, req.body);
      return presentSeat(seat, org, ctx.actor);
    },
  );

  app.delete(
    '/orgs/:orgId/seats/:seatId',
    {
      schema: { tags, summary: 'Remove a seat', params: seatParams, response: { 200: okBody } },
    },
    async (req) => {
      await deleteSeat(req.ctx(), req.params.orgId, req.params.seatId);
      return { ok: true as const };
    },
  );
};
