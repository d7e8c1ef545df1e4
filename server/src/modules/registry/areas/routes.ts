import { areaApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
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

/** `/api/areas`: the administrative tree (contracts in common/src/registry/areas.ts). */
export const areaRoutes: RoutesPlugin = (app) => {
  route(app, areaApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total } = await searchAreas(ctx, req.query);
    return { data: data.map((r) => presentArea(r, ctx.actor)), total };
  });

  route(app, areaApi.tree, async (req) => ({
    data: await areaTree(req.ctx(), req.query.rootId, req.query.depth),
  }));

  route(app, areaApi.get, async (req) => {
    const ctx = req.ctx();
    const { row, ancestors } = await areaDetail(ctx, req.params.id);
    return { ...presentArea(row, ctx.actor), ancestors };
  });

  route(app, areaApi.create, async (req) => {
    const ctx = req.ctx();
    return presentArea(await createArea(ctx, req.body), ctx.actor);
  });

  route(app, areaApi.update, async (req) => {
    const ctx = req.ctx();
    return presentArea(await updateArea(ctx, req.params.id, req.body), ctx.actor);
  });

  route(app, areaApi.move, async (req) => {
    const ctx = req.ctx();
    return presentArea(await moveArea(ctx, req.params.id, req.body.parentId), ctx.actor);
  });

  route(app, areaApi.remove, async (req) => {
    await deleteArea(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
