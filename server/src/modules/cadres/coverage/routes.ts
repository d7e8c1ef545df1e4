import {
  coverageAssignmentSchema,
  coverageCreate,
  coverageListQuery,
  coverageOrgOptionSchema,
  coverageOrgQuery,
  coverageStatusQuery,
  coverageStatusSchema,
  coverageUpdate,
  coverageVisitsQuery,
  coverageVisitsSchema,
  idParams,
  listResponse,
  okBody,
} from '@gongjian/common';
import { today } from '#server/http/context.ts';
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

const tags = ['coverage'];

export const coverageRoutes: RoutesPlugin = (app) => {
  app.get(
    '/coverage/assignments',
    {
      schema: {
        tags,
        summary: 'List coverage assignments (包保) in scope',
        querystring: coverageListQuery,
        response: { 200: listResponse(coverageAssignmentSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchAssignments(ctx, req.query);
      const day = today(ctx);
      return { data: data.map((r) => presentAssignment(r, ctx.actor, day)), total };
    },
  );

  app.get(
    '/coverage/assignments/:id',
    {
      schema: {
        tags,
        summary: 'One coverage assignment',
        params: idParams,
        response: { 200: coverageAssignmentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAssignment(await getVisibleAssignment(ctx, req.params.id), ctx.actor, today(ctx));
    },
  );

  app.post(
    '/coverage/assignments',
    {
      schema: {
        tags,
        summary: 'Assign a zone, compound or building to a party organisation',
        body: coverageCreate,
        response: { 201: coverageAssignmentSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply
        .status(201)
        .send(presentAssignment(await createAssignment(ctx, req.body), ctx.actor, today(ctx)));
    },
  );

  app.patch(
    '/coverage/assignments/:id',
    {
      schema: {
        tags,
        summary: 'Change the period or note of an assignment (end it)',
        params: idParams,
        body: coverageUpdate,
        response: { 200: coverageAssignmentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAssignment(await updateAssignment(ctx, req.params.id, req.body), ctx.actor, today(ctx));
    },
  );

  app.delete(
    '/coverage/assignments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a mistaken assignment',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await deleteAssignment(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/coverage/orgs',
    {
      schema: {
        tags,
        summary: 'Party organisations the caller may assign coverage to (the form’s picker)',
        querystring: coverageOrgQuery,
        response: { 200: listResponse(coverageOrgOptionSchema) },
      },
    },
    async (req) => {
      const { data, total } = await searchCoverableOrgs(req.ctx(), req.query);
      return { data: data.map(presentOrgOption), total };
    },
  );

  app.get(
    '/coverage/status',
    {
      schema: {
        tags,
        summary:
          'Coverage of a community (or each community of a street): complete, gaps, overlaps, building heads',
        querystring: coverageStatusQuery,
        response: { 200: coverageStatusSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentStatus(await coverageStatus(ctx, req.query), ctx.locale);
    },
  );

  app.get(
    '/coverage/visits',
    {
      schema: {
        tags,
        summary:
          "Visit coverage over a period in two named populations: visits to the area's two-new organisations, and visits by the area's appointees; every figure with its work-log drill-down",
        querystring: coverageVisitsQuery,
        response: { 200: coverageVisitsSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentVisits(await visitCoverage(ctx, req.query), ctx.locale);
    },
  );
};
