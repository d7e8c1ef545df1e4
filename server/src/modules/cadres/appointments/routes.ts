import {
  appointmentCreate,
  appointmentDetailSchema,
  appointmentEmployeeQuery,
  appointmentEmployeeSchema,
  appointmentEnd,
  appointmentKindCreate,
  appointmentKindListQuery,
  appointmentKindSchema,
  appointmentKindUpdate,
  appointmentListQuery,
  appointmentRecall,
  appointmentReplace,
  appointmentSchema,
  appointmentUpdate,
  idParams,
  listResponse,
  okBody,
  visitTargetQuery,
  visitTargetSchema,
} from '@gongjian/common';
import { historyRoute } from '#server/http/history.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import {
  presentAppointment,
  presentAppointmentDetail,
  presentEmployee,
  presentKind,
  presentVisitTarget,
} from './presenter.ts';
import {
  appointmentDetail,
  appointmentHistory,
  createAppointment,
  createKind,
  deleteKind,
  fireAppointment,
  getVisibleKind,
  searchAppointmentEmployees,
  searchAppointments,
  searchKinds,
  searchVisitTargets,
  updateKind,
} from './service.ts';

const tags = ['appointments'];

/** Kinds of appointment (per district) and the appointments themselves, with their state changes. */
export const appointmentRoutes: RoutesPlugin = (app) => {
  app.get(
    '/appointment-kinds',
    {
      schema: {
        tags,
        summary: "Kinds of appointment of the caller's district (the platform admin names one)",
        querystring: appointmentKindListQuery,
        response: { 200: listResponse(appointmentKindSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchKinds(ctx, req.query);
      return { data: data.map((r) => presentKind(r, ctx.actor)), total };
    },
  );

  app.get(
    '/appointment-kinds/:id',
    { schema: { tags, summary: 'One kind', params: idParams, response: { 200: appointmentKindSchema } } },
    async (req) => {
      const ctx = req.ctx();
      return presentKind(await getVisibleKind(ctx, req.params.id), ctx.actor);
    },
  );

  app.post(
    '/appointment-kinds',
    {
      schema: {
        tags,
        summary: "Add a district's own kind",
        body: appointmentKindCreate,
        response: { 201: appointmentKindSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentKind(await createKind(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/appointment-kinds/:id',
    {
      schema: {
        tags,
        summary: 'Edit a kind (names, term, sending unit, duty policy, enabled)',
        params: idParams,
        body: appointmentKindUpdate,
        response: { 200: appointmentKindSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentKind(await updateKind(ctx, req.params.id, req.body), ctx.actor);
    },
  );

  app.delete(
    '/appointment-kinds/:id',
    {
      schema: { tags, summary: 'Delete an unused own kind', params: idParams, response: { 200: okBody } },
    },
    async (req) => {
      await deleteKind(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/appointments',
    {
      schema: {
        tags,
        summary: 'Appointments in scope (receiving area, own employees, or own)',
        querystring: appointmentListQuery,
        response: { 200: listResponse(appointmentSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchAppointments(ctx, req.query);
      return { data: data.map((r) => presentAppointment(r, ctx.actor)), total };
    },
  );

  app.get(
    '/appointments/:id',
    {
      schema: {
        tags,
        summary: 'One appointment with its replacement history',
        params: idParams,
        response: { 200: appointmentDetailSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { row, history } = await appointmentDetail(ctx, req.params.id);
      return presentAppointmentDetail(row, history, ctx.actor);
    },
  );

  historyRoute(app, '/appointments/:id/history', tags, 'appointment', appointmentHistory);

  app.get(
    '/appointments/:id/employees',
    {
      schema: {
        tags,
        summary:
          "The sending unit's employees living in the receiving community, for logging a contact (phones masked)",
        params: idParams,
        querystring: appointmentEmployeeQuery,
        response: { 200: listResponse(appointmentEmployeeSchema) },
      },
    },
    async (req) => {
      const { data, total } = await searchAppointmentEmployees(req.ctx(), req.params.id, req.query);
      return { data: data.map(presentEmployee), total };
    },
  );

  app.get(
    '/appointments/:id/visit-targets',
    {
      schema: {
        tags,
        summary: 'Units and two-new organisations of the receiving community, for logging a visit',
        params: idParams,
        querystring: visitTargetQuery,
        response: { 200: listResponse(visitTargetSchema) },
      },
    },
    async (req) => {
      const { data, total } = await searchVisitTargets(req.ctx(), req.params.id, req.query);
      return { data: data.map(presentVisitTarget), total };
    },
  );

  app.post(
    '/appointments',
    {
      schema: {
        tags,
        summary: 'Appoint directly (outside a selection batch)',
        body: appointmentCreate,
        response: { 201: appointmentSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentAppointment(await createAppointment(ctx, req.body), ctx.actor));
    },
  );

  app.patch(
    '/appointments/:id',
    {
      schema: {
        tags,
        summary: 'Correct the post, term or note of an active appointment',
        params: idParams,
        body: appointmentUpdate,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAppointment(await fireAppointment(ctx, req.params.id, 'update', req.body), ctx.actor);
    },
  );

  app.post(
    '/appointments/:id/end',
    {
      schema: {
        tags,
        summary: 'Record the end of the term',
        params: idParams,
        body: appointmentEnd,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAppointment(await fireAppointment(ctx, req.params.id, 'end', req.body), ctx.actor);
    },
  );

  app.post(
    '/appointments/:id/recall',
    {
      schema: {
        tags,
        summary: 'Record an early recall with its reason',
        params: idParams,
        body: appointmentRecall,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAppointment(await fireAppointment(ctx, req.params.id, 'recall', req.body), ctx.actor);
    },
  );

  app.post(
    '/appointments/:id/replace',
    {
      schema: {
        tags,
        summary: 'Replace the appointee; returns the new appointment, linked to the old one',
        params: idParams,
        body: appointmentReplace,
        response: { 201: appointmentSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply
        .status(201)
        .send(presentAppointment(await fireAppointment(ctx, req.params.id, 'replace', req.body), ctx.actor));
    },
  );

  app.delete(
    '/appointments/:id',
    {
      schema: {
        tags,
        summary: 'Delete an appointment entered by mistake (no logs, not from a batch, no replacement)',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await fireAppointment(req.ctx(), req.params.id, 'delete', undefined);
      return { ok: true as const };
    },
  );
};
