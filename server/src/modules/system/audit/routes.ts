import { auditEventParams, auditEventSchema, auditListQuery, listResponse } from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentAuditEvent } from './presenter.ts';
import { getVisibleAuditEvent, searchAudit } from './service.ts';

const tags = ['audit'];

/** Read-only: the trail is written by the services, inside each mutation's transaction. */
export const auditRoutes: RoutesPlugin = (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Audit events in scope, newest first',
        querystring: auditListQuery,
        response: { 200: listResponse(auditEventSchema) },
      },
    },
    async (req) => {
      const { data, total } = await searchAudit(req.ctx(), req.query);
      return { data: data.map(presentAuditEvent), total };
    },
  );

  app.get(
    '/audit/:id',
    {
      schema: {
        tags,
        summary: 'One audit event',
        params: auditEventParams,
        response: { 200: auditEventSchema },
      },
    },
    async (req) => presentAuditEvent(await getVisibleAuditEvent(req.ctx(), req.params.id)),
  );
};
