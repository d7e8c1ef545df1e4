import {
  dutyDistrictQuery,
  dutyPolicyListSchema,
  dutyRuleCreate,
  dutyRuleDetailSchema,
  dutyRuleParams,
  dutyRuleRetire,
  dutyRuleVersionCreate,
} from '@gongjian/common';
import { today } from '#server/http/context.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentPolicies, presentRule } from './presenter.ts';
import { addRuleVersion, createRule, listPolicies, retireRule, ruleDetail } from './service.ts';

const tags = ['duty-rules'];

/** Duty rules as versioned data per district (规定动作). */
export const dutyRuleRoutes: RoutesPlugin = (app) => {
  app.get(
    '/duty-policies',
    {
      schema: {
        tags,
        summary: "The district's duty policies, each rule with its current version and history",
        querystring: dutyDistrictQuery,
        response: { 200: dutyPolicyListSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const r = await listPolicies(ctx, req.query.districtId);
      return {
        districtId: r.districtId,
        canWrite: r.canWrite,
        data: presentPolicies(r.rows, r.kinds, ctx.actor, r.today),
      };
    },
  );

  app.get(
    '/duty-rules/:code',
    {
      schema: {
        tags,
        summary: 'One rule with all its versions',
        params: dutyRuleParams,
        querystring: dutyDistrictQuery,
        response: { 200: dutyRuleDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const r = await ruleDetail(ctx, req.params.code, req.query.districtId);
      return presentRule(r.rows, ctx.actor, r.today);
    },
  );

  app.post(
    '/duty-rules',
    {
      schema: {
        tags,
        summary: 'Add a rule to a policy (district admin)',
        body: dutyRuleCreate,
        response: { 201: dutyRuleDetailSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentRule(await createRule(ctx, req.body), ctx.actor, today(ctx)));
    },
  );

  app.post(
    '/duty-rules/:code/versions',
    {
      schema: {
        tags,
        summary: 'Publish a new version effective from a date (the previous one closes the day before)',
        params: dutyRuleParams,
        body: dutyRuleVersionCreate,
        response: { 201: dutyRuleDetailSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const rows = await addRuleVersion(ctx, req.params.code, req.body);
      return reply.status(201).send(presentRule(rows, ctx.actor, today(ctx)));
    },
  );

  app.post(
    '/duty-rules/:code/retire',
    {
      schema: {
        tags,
        summary: 'Retire a rule after a day',
        params: dutyRuleParams,
        body: dutyRuleRetire,
        response: { 200: dutyRuleDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentRule(await retireRule(ctx, req.params.code, req.body), ctx.actor, today(ctx));
    },
  );
};
