import { coverageApi } from '@gongjian/common';
import { today } from '#server/http/context.ts';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentAssignment, presentOrgOption, presentStatus, presentVisits } from './presenter.ts';
import {
  coverageStatus,
  createAssignment,
  deleteAssignment,
  getVisibleAssignment,
  searchAssignments,
  searchCoverableOrgs,
  updateAssignment,
  visitCoverage,
} from './service.ts';

/** `/api/coverage` (包保; contracts in common/src/cadres/coverage.ts). */
export const coverageRoutes: RoutesPlugin = (app) => {
  route(app, coverageApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total } = await searchAssignments(ctx, req.query);
    const day = today(ctx);
    return { data: data.map((r) => presentAssignment(r, ctx.actor, day)), total };
  });

  route(app, coverageApi.get, async (req) => {
    const ctx = req.ctx();
    return presentAssignment(await getVisibleAssignment(ctx, req.params.id), ctx.actor, today(ctx));
  });

  route(app, coverageApi.create, async (req) => {
    const ctx = req.ctx();
    return presentAssignment(await createAssignment(ctx, req.body), ctx.actor, today(ctx));
  });

  route(app, coverageApi.update, async (req) => {
    const ctx = req.ctx();
    return presentAssignment(await updateAssignment(ctx, req.params.id, req.body), ctx.actor, today(ctx));
  });

  route(app, coverageApi.remove, async (req) => {
    await deleteAssignment(req.ctx(), req.params.id);
    return { ok: true as const };
  });

  route(app, coverageApi.orgs, async (req) => {
    const { data, total } = await searchCoverableOrgs(req.ctx(), req.query);
    return { data: data.map(presentOrgOption), total };
  });

  route(app, coverageApi.status, async (req) => {
    const ctx = req.ctx();
    return presentStatus(await coverageStatus(ctx, req.query), ctx.locale);
  });

  route(app, coverageApi.visits, async (req) => {
    const ctx = req.ctx();
    return presentVisits(await visitCoverage(ctx, req.query), ctx.locale);
  });
};
