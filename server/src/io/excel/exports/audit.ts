import {
  AUDIT_ACTION_LABELS as ACTIONS,
  type AuditExportQuery,
  AUDIT_ENTITY_LABELS as ENTITIES,
  ROLE_LABELS,
} from '@gongjian/common';
import type { AuditEventRow } from '#server/modules/system/audit/queries.ts';
import { searchAudit, searchAuditAfter } from '#server/modules/system/audit/service.ts';
import { labelOf, recordText, timeText, words } from './format.ts';
import { rangePeriod } from './ledger.ts';
import type { ListExport } from './run.ts';

/**
 * 审计日志: the events `GET /api/audit` lists, newest first. The trail stores phone and ID
 * numbers masked (see audit()); events written before that rule are masked here as well, and
 * there is no revealed variant: a clear number is read from its registry, audited there.
 */
export const auditExport: ListExport<AuditExportQuery, AuditEventRow> = {
  title: words('审计日志', 'Audit log'),
  ledger: words('审计日志台账', 'Audit ledger'),
  // A bare day or an instant: the period is the days it spans.
  period: (q) => rangePeriod(q.from?.slice(0, 10), q.to?.slice(0, 10)),
  columns: [
    { header: words('编号', 'No.'), width: 10, value: (r) => r.id },
    { header: words('时间', 'Time'), width: 20, value: (r) => timeText(r.at, true) },
    { header: words('操作人', 'By'), width: 16, value: (r) => r.actorName },
    {
      header: words('角色', 'Role'),
      width: 12,
      value: (r, c) => labelOf(ROLE_LABELS, r.actorRole, c.locale),
    },
    { header: words('操作', 'Action'), width: 12, value: (r, c) => labelOf(ACTIONS, r.action, c.locale) },
    {
      header: words('对象类型', 'Record type'),
      width: 14,
      value: (r, c) => labelOf(ENTITIES, r.entityType, c.locale),
    },
    { header: words('对象编号', 'Record id'), width: 12, value: (r) => r.entityId },
    { header: words('所属区域', 'Area'), width: 18, value: (r) => r.areaName },
    { header: words('摘要', 'Summary'), width: 28, value: (r) => r.summary },
    { header: words('变更前', 'Before'), width: 40, value: (r) => recordText(r.before) },
    { header: words('变更后', 'After'), width: 40, value: (r) => recordText(r.after) },
    { header: words('IP', 'IP'), width: 16, value: (r) => r.ip },
  ],
  // The trail only grows: after the first page, walk on from the last event read (keyset) rather
  // than by offset, so a whole-trail export does not re-read every page before the one it wants.
  pages: (ctx, q) => {
    let last: { id: number; total: number } | null = null;
    return async (page, pageSize) => {
      if (page === 1 || last === null) {
        const { data, total } = await searchAudit(ctx, { ...q, page, pageSize });
        last = { id: data.at(-1)?.id ?? 0, total };
        return { rows: data, total };
      }
      const rows = await searchAuditAfter(ctx, { ...q, page, pageSize }, last.id, pageSize);
      last = { id: rows.at(-1)?.id ?? last.id, total: last.total };
      return { rows, total: last.total };
    };
  },
};
