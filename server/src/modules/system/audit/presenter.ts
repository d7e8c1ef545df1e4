import type { AuditEvent } from '@gongjian/common';
import type { AuditEventRow } from './queries.ts';

/** The wire shape of an audit event; the node's path stays on the server. */
export function presentAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    areaId: row.areaId,
    areaName: row.areaName,
    summary: row.summary,
    before: row.before,
    after: row.after,
    ip: row.ip,
    actions: [],
  };
}
