import { dictionaryApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
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

/** Read by every signed-in role; written by district admins and the platform (contracts in common/src/registry/dictionaries.ts). */
export const dictionaryRoutes: RoutesPlugin = (app) => {
  route(app, dictionaryApi.types, async () => ({ data: dictTypes() }));

  route(app, dictionaryApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total } = await searchDictItems(ctx, req.query);
    return { data: data.map((r) => presentDictItem(r, ctx.actor)), total };
  });

  route(app, dictionaryApi.get, async (req) => {
    const ctx = req.ctx();
    return presentDictItem(await getVisibleDictItem(ctx, req.params.id), ctx.actor);
  });

  route(app, dictionaryApi.create, async (req) => {
    const ctx = req.ctx();
    return presentDictItem(await createDictItem(ctx, req.body), ctx.actor);
  });

  route(app, dictionaryApi.update, async (req) => {
    const ctx = req.ctx();
    return presentDictItem(await updateDictItem(ctx, req.params.id, req.body), ctx.actor);
  });

  route(app, dictionaryApi.remove, async (req) => {
    await deleteDictItem(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
