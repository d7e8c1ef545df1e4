import { memberApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentMember } from './presenter.ts';
import {
  createMember,
  deleteMember,
  memberDetail,
  searchMembers,
  searchWorkUnits,
  updateMember,
} from './service.ts';

/** `/api/members`: the party-member registry (contracts in common/src/registry/members.ts). */
export const memberRoutes: RoutesPlugin = (app) => {
  route(app, memberApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, ...total } = await searchMembers(ctx, req.query);
    return { data: data.map((r) => presentMember(r, ctx.actor)), ...total };
  });
  route(app, memberApi.workUnits, async (req) => searchWorkUnits(req.ctx(), req.query));
  route(app, memberApi.get, async (req) => {
    const ctx = req.ctx();
    const { row, unmasked } = await memberDetail(ctx, req.params.id, req.query.reveal);
    return presentMember(row, ctx.actor, unmasked);
  });
  route(app, memberApi.create, async (req) => {
    const ctx = req.ctx();
    return presentMember(await createMember(ctx, req.body), ctx.actor);
  });
  route(app, memberApi.update, async (req) => {
    const ctx = req.ctx();
    return presentMember(await updateMember(ctx, req.params.id, req.body), ctx.actor);
  });
  route(app, memberApi.remove, async (req) => {
    await deleteMember(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
