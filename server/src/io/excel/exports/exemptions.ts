import {
  type DutyExemptionExportQuery,
  EXEMPTION_REASON_KIND_LABELS,
  type ExemptionStatus,
} from '@gongjian/common';
import { type NamedExemption, searchExemptions } from '#server/modules/cadres/compliance/service.ts';
import { labelOf, timeText, words } from './format.ts';
import { statusWord } from './ledger.ts';
import type { Bilingual, ListExport } from './run.ts';

/** A request's status, as the desk's tags say it. */
const STATUS_LABELS: Record<ExemptionStatus, Bilingual> = {
  pending: words('待审批', 'Pending'),
  approved: words('已批准', 'Approved'),
  rejected: words('未批准', 'Rejected'),
};

/** 请假免责: the requests `GET /api/duty-exemptions` lists, newest first, with their decisions. */
export const exemptionExport: ListExport<DutyExemptionExportQuery, NamedExemption> = {
  title: words('请假免责', 'Exemptions'),
  ledger: words('请假免责台账', 'Exemption ledger'),
  filterWords: { status: statusWord(STATUS_LABELS) },
  columns: [
    { header: words('任职人', 'Appointee'), width: 12, value: (r) => r.memberName },
    { header: words('接收村居', 'Receiving area'), width: 16, value: (r) => r.areaName },
    {
      header: words('免除的职责', 'Duty'),
      width: 28,
      value: (r, c) => r.ruleName?.[c.locale] ?? r.ruleCode,
    },
    { header: words('考核期', 'Period'), width: 18, value: (r, c) => r.periodLabel[c.locale] },
    {
      header: words('原因', 'Reason'),
      width: 8,
      value: (r, c) => labelOf(EXEMPTION_REASON_KIND_LABELS, r.reasonKind, c.locale),
    },
    { header: words('说明', 'Note'), width: 30, value: (r) => r.reason || null },
    {
      header: words('状态', 'Status'),
      width: 8,
      value: (r, c) => labelOf(STATUS_LABELS, r.status, c.locale),
    },
    { header: words('申请人', 'Requested by'), width: 12, value: (r) => r.requestedByName },
    { header: words('申请时间', 'Requested'), width: 18, value: (r) => timeText(r.createdAt) },
    { header: words('审批人', 'Reviewed by'), width: 12, value: (r) => r.reviewedByName },
    { header: words('审批时间', 'Reviewed'), width: 18, value: (r) => timeText(r.reviewedAt) },
    { header: words('审批意见', 'Review comment'), width: 24, value: (r) => r.reviewComment },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchExemptions(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
