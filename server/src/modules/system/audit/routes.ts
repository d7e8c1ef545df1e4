import { auditApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentAuditEvent } from './presenter.ts';
import { getVisibleAuditEvent, searchAudit } from './service.ts';

/** Read-only: the trail is written by the services (contracts in common/src/system/audit.ts). */
export const auditRoutes: RoutesPlugin = (app) => {
  route(app, auditApi.list, async (req) => {
    const { data, total } = await searchAudit(req.ctx(), req.query);
    return { data: data.map(presentAuditEvent), total };
  });

  route(app, auditApi.get, async (req) =>
    presentAuditEvent(await getVisibleAuditEvent(req.ctx(), req.params.id)),
  );
};
