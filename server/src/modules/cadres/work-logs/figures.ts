import { WORK_LOG_STATUSES, type WorkLogStatus, workLogListQuery } from '@gongjian/common';
import { drillTo, type FigureList, figure } from '#server/catalogue/figure.ts';
import { workLogs } from '#server/db/schema/index.ts';
import { canUseAppointments } from '#server/modules/cadres/appointments/policy.ts';
import { countWorkLogsBy } from './queries.ts';
import { workLogFilterOf } from './service.ts';

const WORK_LOGS: FigureList = { path: '/work-logs', api: '/api/work-logs' };

const STATUS_LABELS: Record<WorkLogStatus, { 'zh-CN': string; en: string }> = {
  pending: { 'zh-CN': '待确认', en: 'Pending' },
  confirmed: { 'zh-CN': '已确认', en: 'Confirmed' },
  rejected: { 'zh-CN': '已退回', en: 'Rejected' },
};

export const workLogFigures = [
  figure({
    code: 'workLogs.byStatus',
    title: { 'zh-CN': '工作纪实确认情况', en: 'Work logs by status' },
    // Where, what and when: the list's own filters a screen narrows the count by.
    query: workLogListQuery.pick({ within: true, kind: true, from: true, to: true, period: true }),
    list: WORK_LOGS,
    readableBy: canUseAppointments,
    async compute(ctx, q) {
      const rows = await countWorkLogsBy(ctx.db, await workLogFilterOf(ctx, q), workLogs.status);
      const order = (k: string) => WORK_LOG_STATUSES.indexOf(k as WorkLogStatus);
      return rows
        .sort((a, b) => order(a.key) - order(b.key))
        .map((r) => ({
          key: r.key,
          label: STATUS_LABELS[r.key as WorkLogStatus],
          value: r.n,
          drill: drillTo(WORK_LOGS, { ...q, status: r.key }),
        }));
    },
  }),
];
