import { unitApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentUnit, presentUnitDetail } from './presenter.ts';
import { createUnit, deleteUnit, searchUnits, unitDetail, updateUnit } from './service.ts';

/** `/api/units`: the resident-unit registry (contracts in common/src/registry/units.ts). */
export const unitRoutes: RoutesPlugin = (app) => {
  route(app, unitApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, ...total } = await searchUnits(ctx, req.query);
    return { data: data.map((r) => presentUnit(r, ctx.actor)), ...total };
  });

  route(app, unitApi.get, async (req) => {
    const ctx = req.ctx();
    const detail = await unitDetail(ctx, req.params.id, req.query.reveal);
    return presentUnitDetail(detail, ctx.actor, req.query.reveal);
  });

  route(app, unitApi.create, async (req) => {
    const ctx = req.ctx();
    return presentUnit(await createUnit(ctx, req.body), ctx.actor);
  });

  route(app, unitApi.update, async (req) => {
    const ctx = req.ctx();
    return presentUnit(await updateUnit(ctx, req.params.id, req.body), ctx.actor);
  });

  route(app, unitApi.remove, async (req) => {
    await deleteUnit(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
