import {
  areaCreate,
  areaDetailSchema,
  areaListQuery,
  areaMove,
  areaSchema,
  areaTreeNode,
  areaTreeQuery,
  areaUpdate,
  idParams,
  listResponse,
  okBody,
} from '@gongjian/common';
import { z } from 'zod';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentArea } from './presenter.ts';
import {
  areaDetail,
  areaTree,
  createArea,
  deleteArea,
  moveArea,
  searchAreas,
  updateArea,
} from './service.ts';

const tags = ['areas'];

export const areaRoutes: RoutesPlugin = (app) => {
  app.get(
    '/areas',
    {
      schema: {
        tags,
        summary: 'List tree nodes in scope',
        querystring: areaListQuery,
        response: { 200: listResponse(areaSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchAreas(ctx, req.query);
      return { data: data.map((r) => presentArea(r, ctx.actor)), total };
    },
  );

  app.get(
    '/areas/tree',
    {
      schema: {
        tags,
        summary: 'Nested tree for the tree view',
        querystring: areaTreeQuery,
        response: { 200: z.object({ data: z.array(areaTreeNode) }) },
      },
    },
    async (req) => ({ data: await areaTree(req.ctx(), req.query.rootId, req.query.depth) }),
  );

  app.get(
    '/areas/:id',
    {
      schema: {
        tags,
        summary: 'One node with its ancestors',
        params: idParams,
        response: { 200: areaDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, ancestors } = await areaDetail(ctx, req.params.id);
      return { ...presentArea(row, ctx.actor), ancestors };
    },
  );

  app.post(
    '/areas',
    { schema: { tags, summary: 'Add a node', body: areaCreate, response: { 201: areaSchema } } },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentArea(await createArea(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/areas/:id',
    {
      schema: {
        tags,
        summary: 'Edit a node',
        params: idParams,
        body: areaUpdate,
        response: { 200: areaSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentArea(await updateArea(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.post(
    '/areas/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a subtree under another parent',
        params: idParams,
        body: areaMove,
        response: { 200: areaSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentArea(await moveArea(ctx, req.params.id, req.body.parentId), ctx.actor);
    },
  );

  app.delete(
    '/areas/:id',
    {
      schema: {
        tags,
        summary: 'Delete a leaf node with no records',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteArea(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
