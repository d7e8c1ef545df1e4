import {
  batchResultSchema,
  complianceBoardQuery,
  complianceBoardSchema,
  complianceCellParams,
  complianceCellQuery,
  complianceCellSchema,
  complianceMineQuery,
  complianceRemindBody,
  complianceReminderSchema,
  dutyExemptionApprove,
  dutyExemptionBatchApprove,
  dutyExemptionBatchReject,
  dutyExemptionChoicesQuery,
  dutyExemptionChoicesSchema,
  dutyExemptionCreate,
  dutyExemptionListQuery,
  dutyExemptionReject,
  dutyExemptionSchema,
  errorBody,
  idParams,
  listResponse,
} from '@gongjian/common';
import { historyRoute } from '#server/http/history.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentBoard, presentCell, presentExemption } from './presenter.ts';
import { remindAppointee } from './remind.ts';
import {
  complianceBoard,
  complianceCell,
  decideExemptions,
  exemptionChoices,
  exemptionHistory,
  fireExemption,
  getVisibleExemption,
  myDuties,
  requestExemption,
  searchExemptions,
} from './service.ts';

const tags = ['compliance'];

/** The compliance board, its drill-down, "my duties", and duty exemptions. */
export const complianceRoutes: RoutesPlugin = (app) => {
  app.get(
    '/compliance/board',
    {
      schema: {
        tags,
        summary: 'Every appointee in scope × every applicable duty × the periods of the range',
        description:
          '`period` is the view: week, month, quarter or year (`term` is refused with 400 on `period`: term ' +
          "duties show on every view, each judged over the appointee's own term, replaced appointees " +
          'included up to their last day). A past `at` reads the records as they stand now; `replay=true` ' +
          'reads them as recorded at the end of that day (logs, reviews, exemptions, appointments and rule ' +
          'versions known then), so back-filled work and appointments entered later are left out, and ' +
          '`replay` in the answer says as of when and how many of each were left out. `page`/`pageSize` ' +
          'cut the rows only: `rules`, `summary` and `total` always count every appointee in scope.',
        querystring: complianceBoardQuery,
        response: { 200: complianceBoardSchema },
      },
    },
    async (req) => presentBoard(await complianceBoard(req.ctx(), req.query)),
  );

  app.post(
    '/compliance/remind',
    {
      schema: {
        tags,
        summary: 'Remind one appointee of a duty at risk or missed (district, street, community admins)',
        description:
          'The appointee’s own account is told; without one, those responsible (the community’s and the ' +
          'sending unit’s admins, else the street’s or district’s: `escalated`), and `delivery` says which. ' +
          'Once per appointee × duty × period × day: again is 409 ALREADY_REMINDED with `details.remindedAt`. ' +
          'A duty neither at risk nor missed is 409 NOTHING_TO_REMIND; the cell’s own 400/404/409 apply.',
        body: complianceRemindBody,
        response: { 201: complianceReminderSchema, 409: errorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await remindAppointee(req.ctx(), req.body)),
  );

  app.get(
    '/compliance/board/:appointmentId/:ruleCode/:periodKey',
    {
      schema: {
        tags,
        summary: 'One verdict with the records that counted and what is missing',
        description:
          'Why a cell has no verdict, each answered apart: a key that names no period (2026-W54, 2026-13) is ' +
          '400 VALIDATION_FAILED with a `periodKey` issue of code `malformed`; a period of another kind than ' +
          "the rule's (a month for a weekly duty) 400 with a `periodKey` issue of code `period_kind` and " +
          '`params: { expected, got }`; a rule code none of the appointment’s duties has 404 UNKNOWN_RULE; ' +
          'a period outside the term 409 PERIOD_OUTSIDE_TERM (`details: { termStart, termEnd }`); a period ' +
          'that began while no version of the rule was in force 409 PERIOD_NOT_JUDGED. An appointment the ' +
          'caller cannot see is 404 NOT_FOUND.',
        params: complianceCellParams,
        querystring: complianceCellQuery,
        response: { 200: complianceCellSchema, 409: errorBody },
      },
    },
    async (req) => {
      const { appointmentId, ruleCode, periodKey } = req.params;
      return presentCell(await complianceCell(req.ctx(), appointmentId, ruleCode, periodKey, req.query));
    },
  );

  app.get(
    '/compliance/mine',
    {
      schema: {
        tags,
        summary: "The signed-in member's own duties, this period and past ones",
        querystring: complianceMineQuery,
        response: { 200: complianceBoardSchema },
      },
    },
    async (req) => presentBoard(await myDuties(req.ctx(), req.query)),
  );

  app.get(
    '/duty-exemptions',
    {
      schema: {
        tags,
        summary: 'Exemption requests in scope',
        querystring: dutyExemptionListQuery,
        response: { 200: listResponse(dutyExemptionSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchExemptions(ctx, req.query);
      return { data: data.map((r) => presentExemption(r, ctx.actor)), total };
    },
  );

  app.get(
    '/duty-exemptions/choices',
    {
      schema: {
        tags,
        summary: 'The duties and periods an appointment may ask to be exempted from',
        querystring: dutyExemptionChoicesQuery,
        response: { 200: dutyExemptionChoicesSchema },
      },
    },
    async (req) => exemptionChoices(req.ctx(), req.query.appointmentId),
  );

  app.get(
    '/duty-exemptions/:id',
    {
      schema: {
        tags,
        summary: 'One exemption request',
        params: idParams,
        response: { 200: dutyExemptionSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentExemption(await getVisibleExemption(ctx, req.params.id), ctx.actor);
    },
  );

  historyRoute(app, '/duty-exemptions/:id/history', tags, 'exemption request', exemptionHistory);

  app.post(
    '/duty-exemptions',
    {
      schema: {
        tags,
        summary: 'Ask for an exemption from one duty for one period (appointee or receiving community)',
        body: dutyExemptionCreate,
        response: { 201: dutyExemptionSchema },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentExemption(await requestExemption(ctx, req.body), ctx.actor));
    },
  );

  app.post(
    '/duty-exemptions/batch-approve',
    {
      schema: {
        tags,
        summary: 'Approve several requests at once (批量批准); each is approved or refused on its own',
        body: dutyExemptionBatchApprove,
        response: { 200: batchResultSchema },
      },
    },
    async (req) => decideExemptions(req.ctx(), 'approve', req.body),
  );

  app.post(
    '/duty-exemptions/batch-reject',
    {
      schema: {
        tags,
        summary:
          'Reject several requests at once, one reason for all; each is rejected or refused on its own',
        body: dutyExemptionBatchReject,
        response: { 200: batchResultSchema },
      },
    },
    async (req) => decideExemptions(req.ctx(), 'reject', req.body),
  );

  app.post(
    '/duty-exemptions/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a request (receiving community)',
        params: idParams,
        body: dutyExemptionApprove,
        response: { 200: dutyExemptionSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const row = await fireExemption(ctx, req.params.id, 'approve', req.body);
      return presentExemption(row, ctx.actor);
    },
  );

  app.post(
    '/duty-exemptions/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a request, saying why (receiving community)',
        params: idParams,
        body: dutyExemptionReject,
        response: { 200: dutyExemptionSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const row = await fireExemption(ctx, req.params.id, 'reject', req.body);
      return presentExemption(row, ctx.actor);
    },
  );
};
