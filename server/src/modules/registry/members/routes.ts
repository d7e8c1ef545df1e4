import {
  estimatedListResponse,
  idParams,
  listResponse,
  memberCreate,
  memberListQuery,
  memberSchema,
  memberUpdate,
  okBody,
  revealQuery,
  workUnitRefQuery,
  workUnitRefSchema,
} from '@gongjian/common';
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

const tags = ['members'];

/** `/api/members`: the party-member registry. */
export const memberRoutes: RoutesPlugin = (app) => {
  app.get(
    '/members',
    {
      schema: {
        tags,
        summary: 'List party members in scope (phone and ID number masked)',
        querystring: memberListQuery,
        response: { 200: estimatedListResponse(memberSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, ...total } = await searchMembers(ctx, req.query);
      return { data: data.map((r) => presentMember(r, ctx.actor)), ...total };
    },
  );
  app.get(
    '/work-units',
    {
      schema: {
        tags,
        summary:
          "Units a member or resident may name as employer: the caller's whole district, reference data only (name, type, credit code)",
        querystring: workUnitRefQuery,
        response: { 200: listResponse(workUnitRefSchema) },
      },
    },
    async (req) => searchWorkUnits(req.ctx(), req.query),
  );
  app.get(
    '/members/:id',
    {
      schema: {
        tags,
        summary: 'One party member; `reveal=true` shows phone and ID number (audited)',
        params: idParams,
        querystring: revealQuery,
        response: { 200: memberSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, unmasked } = await memberDetail(ctx, req.params.id, req.query.reveal);
      return presentMember(row, ctx.actor, unmasked);
    },
  );
  app.post(
    '/members',
    {
      schema: {
        tags,
        summary: 'Register a party member',
        body: memberCreate,
        response: { 201: memberSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentMember(await createMember(ctx, req.body), ctx.actor));
    },
  );
  app.patch(
    '/members/:id',
    {
      schema: {
        tags,
        summary: 'Edit a party member',
        params: idParams,
        body: memberUpdate,
        response: { 200: memberSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentMember(await updateMember(ctx, req.params.id, req.body), ctx.actor);
    },
  );
  app.delete(
    '/members/:id',
    {
      schema: {
        tags,
        summary: 'Remove a party member no account or seat refers to',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteMember(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
