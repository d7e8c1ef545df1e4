import {
  AREA_LEVEL_LABELS,
  type CoverageAssignment,
  type CoverageAssignmentExportQuery,
} from '@gongjian/common';
import { today } from '#server/http/context.ts';
import { presentAssignment } from '#server/modules/cadres/coverage/presenter.ts';
import { searchAssignments } from '#server/modules/cadres/coverage/service.ts';
import { labelOf, words } from './format.ts';
import type { ListExport } from './run.ts';

/**
 * 包保分工: the assignments `GET /api/coverage/assignments` lists, as the list presents them (whether
 * each runs is judged on the day of the export, as the list judges it on the day it is read).
 */
export const coverageAssignmentExport: ListExport<CoverageAssignmentExportQuery, CoverageAssignment> = {
  title: words('包保分工', 'Coverage assignments'),
  ledger: words('包保分工台账', 'Coverage assignment ledger'),
  columns: [
    { header: words('包保组织', 'Organisation'), width: 24, value: (r) => r.orgName },
    { header: words('所属单位', 'Unit'), width: 20, value: (r) => r.unitName },
    { header: words('社区', 'Community'), width: 14, value: (r) => r.communityName },
    { header: words('包保对象', 'Covered node'), width: 28, value: (r) => r.areaLabel },
    {
      header: words('层级', 'Level'),
      width: 8,
      value: (r, c) => labelOf(AREA_LEVEL_LABELS, r.areaLevel, c.locale),
    },
    { header: words('开始日期', 'From'), width: 12, value: (r) => r.startOn },
    { header: words('结束日期', 'Until'), width: 12, value: (r) => r.endOn },
    {
      header: words('状态', 'Status'),
      width: 8,
      value: (r, c) => (r.active ? words('在保', 'Running') : words('未生效', 'Not running'))[c.locale],
    },
    { header: words('备注', 'Note'), width: 24, value: (r) => r.note },
  ],
  pages: (ctx, q) => {
    const day = today(ctx);
    return async (page, pageSize) => {
      const { data, total } = await searchAssignments(ctx, { ...q, page, pageSize });
      return { rows: data.map((r) => presentAssignment(r, ctx.actor, day)), total };
    };
  },
};
