import {
  dictItemCreate,
  dictItemSchema,
  dictItemUpdate,
  dictListQuery,
  dictTypeInfoSchema,
  idParams,
  listResponse,
  okBody,
} from '@gongjian/common';
import { z } from 'zod';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentDictItem } from './presenter.ts';
import {
  createDictItem,
  deleteDictItem,
  dictTypes,
  getVisibleDictItem,
  searchDictItems,
  updateDictItem,
} from './service.ts';

const tags = ['dictionaries'];

/** Read by every signed-in role; written by district admins and the platform. */
export const dictionaryRoutes: RoutesPlugin = (app) => {
  app.get(
    '/dictionaries/types',
    {
      schema: {
        tags,
        summary: 'Dictionary types and whether they accept new items',
        response: { 200: z.object({ data: z.array(dictTypeInfoSchema) }) },
      },
    },
    async () => ({ data: dictTypes() }),
  );

  app.get(
    '/dictionaries',
    {
      schema: {
        tags,
        summary: "Items of the caller's district (the platform admin names one)",
        querystring: dictListQuery,
        response: { 200: listResponse(dictItemSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchDictItems(ctx, req.query);
      return { data: data.map((r) => presentDictItem(r, ctx.actor)), total };
    },
  );

  app.get(
    '/dictionaries/:id',
    { schema: { tags, summary: 'One item', params: idParams, response: { 200: dictItemSchema } } },
    async (req) => {
      const ctx = req.ctx();
      return presentDictItem(await getVisibleDictItem(ctx, req.params.id), ctx.actor);
    },
  );

  app.post(
    '/dictionaries',
    {
      schema: {
        tags,
        summary: 'Add an item to an extensible type',
        body: dictItemCreate,
        response: { 201: dictItemSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentDictItem(await createDictItem(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/dictionaries/:id',
    {
      schema: {
        tags,
        summary: 'Relabel, re-sort, enable or disable an item (recode non-system items)',
        params: idParams,
        body: dictItemUpdate,
        response: { 200: dictItemSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentDictItem(await updateDictItem(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.delete(
    '/dictionaries/:id',
    {
      schema: {
        tags,
        summary: 'Delete an unused non-system item',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteDictItem(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
