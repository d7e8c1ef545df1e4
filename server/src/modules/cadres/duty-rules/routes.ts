import { dutyRuleApi } from '@gongjian/common';
import { today } from '#server/http/context.ts';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentPolicies, presentRule } from './presenter.ts';
import { addRuleVersion, createRule, listPolicies, retireRule, ruleDetail } from './service.ts';

/** Duty rules as versioned data per district (规定动作; contracts in common/src/cadres/duty-rules.ts). */
export const dutyRuleRoutes: RoutesPlugin = (app) => {
  route(app, dutyRuleApi.policies, async (req) => {
    const ctx = req.ctx();
    const r = await listPolicies(ctx, req.query.districtId);
    return {
      districtId: r.districtId,
      canWrite: r.canWrite,
      data: presentPolicies(r.rows, r.kinds, ctx.actor, r.today),
    };
  });

  route(app, dutyRuleApi.get, async (req) => {
    const ctx = req.ctx();
    const r = await ruleDetail(ctx, req.params.code, req.query.districtId);
    return presentRule(r.rows, ctx.actor, r.today);
  });

  route(app, dutyRuleApi.create, async (req) => {
    const ctx = req.ctx();
    return presentRule(await createRule(ctx, req.body), ctx.actor, today(ctx));
  });

  route(app, dutyRuleApi.addVersion, async (req) => {
    const ctx = req.ctx();
    const rows = await addRuleVersion(ctx, req.params.code, req.body);
    return presentRule(rows, ctx.actor, today(ctx));
  });

  route(app, dutyRuleApi.retire, async (req) => {
    const ctx = req.ctx();
    return presentRule(await retireRule(ctx, req.params.code, req.body), ctx.actor, today(ctx));
  });
};
