import { residentApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentResident } from './presenter.ts';
import {
  createResident,
  deleteResident,
  residentDetail,
  searchResidents,
  updateResident,
} from './service.ts';

/** `/api/residents`: the residents registry (contracts in common/src/registry/residents.ts). */
export const residentRoutes: RoutesPlugin = (app) => {
  route(app, residentApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, ...total } = await searchResidents(ctx, req.query);
    return { data: data.map((r) => presentResident(r, ctx.actor)), ...total };
  });
  route(app, residentApi.get, async (req) => {
    const ctx = req.ctx();
    const { row, unmasked } = await residentDetail(ctx, req.params.id, req.query.reveal);
    return presentResident(row, ctx.actor, unmasked);
  });
  route(app, residentApi.create, async (req) => {
    const ctx = req.ctx();
    return presentResident(await createResident(ctx, req.body), ctx.actor);
  });
  route(app, residentApi.update, async (req) => {
    const ctx = req.ctx();
    return presentResident(await updateResident(ctx, req.params.id, req.body), ctx.actor);
  });
  route(app, residentApi.remove, async (req) => {
    await deleteResident(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
