import { orgApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
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

/** `/api/orgs`: party organisations and joint-body seats (contracts in common/src/registry/orgs.ts). */
export const orgRoutes: RoutesPlugin = (app) => {
  route(app, orgApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total } = await searchOrgs(ctx, req.query);
    return { data: data.map((r) => presentOrg(r, ctx.actor)), total };
  });

  route(app, orgApi.tree, async (req) => ({ data: await orgTree(req.ctx(), req.query.rootId) }));

  route(app, orgApi.get, async (req) => {
    const ctx = req.ctx();
    return presentOrgDetail(await orgDetail(ctx, req.params.id), ctx.actor);
  });

  route(app, orgApi.create, async (req) => {
    const ctx = req.ctx();
    return presentOrg(await createOrg(ctx, req.body), ctx.actor);
  });

  route(app, orgApi.update, async (req) => {
    const ctx = req.ctx();
    return presentOrg(await updateOrg(ctx, req.params.id, req.body), ctx.actor);
  });

  route(app, orgApi.remove, async (req) => {
    await deleteOrg(req.ctx(), req.params.id);
    return { ok: true as const };
  });

  route(app, orgApi.seats, async (req) => {
    const ctx = req.ctx();
    const { org, seats } = await listSeats(ctx, req.params.id);
    return { data: seats.map((s) => presentSeat(s, org, ctx.actor)), total: seats.length };
  });

  route(app, orgApi.createSeat, async (req) => {
    const ctx = req.ctx();
    const { org, seat } = await createSeat(ctx, req.params.id, req.body);
    return presentSeat(seat, org, ctx.actor);
  });

  route(app, orgApi.updateSeat, async (req) => {
    const ctx = req.ctx();
    const { org, seat } = await updateSeat(ctx, req.params.orgId, req.params.seatId, req.body);
    return presentSeat(seat, org, ctx.actor);
  });

  route(app, orgApi.removeSeat, async (req) => {
    await deleteSeat(req.ctx(), req.params.orgId, req.params.seatId);
    return { ok: true as const };
  });
};
