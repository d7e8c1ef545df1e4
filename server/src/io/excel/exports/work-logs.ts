import {
  ACTION_CATEGORY_LABELS,
  ACTIVITY_TYPE_LABELS,
  type Locale,
  type VISIT_TARGET_TYPES,
  WORK_LOG_KIND_LABELS,
  type WorkLogExportQuery,
  type WorkLogKind,
  type WorkLogStatus,
} from '@gongjian/common';
import type { WorkLogRow } from '#server/modules/cadres/work-logs/queries.ts';
import { searchWorkLogs } from '#server/modules/cadres/work-logs/service.ts';
import { DictLabels, joinList, labelOf, timeText, words } from './format.ts';
import { keyPeriod, rangePeriod, statusWord } from './ledger.ts';
import type { Bilingual, ListExport } from './run.ts';

type Row = WorkLogRow & { fileCount: number; demandText: Record<Locale, string> };

const STATUS_LABELS: Record<WorkLogStatus, Bilingual> = {
  pending: words('待确认', 'Pending'),
  confirmed: words('已确认', 'Confirmed'),
  rejected: words('已退回', 'Rejected'),
};

/** Whom a visit went to, as the desk's work-log form names it. */
const TARGET_LABELS: Record<string, Bilingual> = {
  household: words('居民户', 'Household'),
  unit: words('驻区单位', 'Unit'),
  two_new_org: words('两新组织', 'Two-new organisation'),
} satisfies Record<(typeof VISIT_TARGET_TYPES)[number], Bilingual>;

const ROLE_LABELS = { led: words('牵头', 'Led'), attended: words('参加', 'Attended') };

/** The kind-specific part of a log in one cell, as the desk's 走访对象 column shows it. */
function detailText(r: WorkLogRow, locale: Locale): string | null {
  switch (r.kind) {
    case 'visit':
      return r.targetType === 'household' ? r.householdAddress : r.targetUnitName;
    case 'employee_contact':
      return r.subjectMemberName;
    case 'activity':
      return (
        [labelOf(ACTIVITY_TYPE_LABELS, r.activityType, locale), labelOf(ROLE_LABELS, r.activityRole, locale)]
          .filter(Boolean)
          .join(' · ') || null
      );
    case 'action':
      return labelOf(ACTION_CATEGORY_LABELS, r.actionCategory, locale);
    case 'annual_report':
      return r.reportYear === null ? null : String(r.reportYear);
    default:
      return null;
  }
}

/** 工作纪实: the logs `GET /api/work-logs` lists, latest first, with how much evidence each has. */
export const workLogExport: ListExport<WorkLogExportQuery, Row> = {
  title: words('工作纪实', 'Work logs'),
  ledger: words('工作纪实台账', 'Work log ledger'),
  period: (q) => (q.period ? keyPeriod(q.period) : rangePeriod(q.from, q.to)),
  filterWords: {
    status: statusWord(STATUS_LABELS),
    kind: { label: words('类型', 'Kind'), value: (v) => WORK_LOG_KIND_LABELS[v as WorkLogKind] ?? v },
    targetType: { label: words('走访对象', 'Visited'), value: (v) => TARGET_LABELS[v] ?? v },
  },
  columns: [
    { header: words('时间', 'When'), width: 18, value: (r) => timeText(r.occurredAt) },
    { header: words('任职人', 'Appointee'), width: 12, value: (r) => r.memberName },
    {
      header: words('类型', 'Kind'),
      width: 16,
      value: (r, c) => labelOf(WORK_LOG_KIND_LABELS, r.kind, c.locale),
    },
    { header: words('走访对象', 'Visited'), width: 24, value: (r, c) => detailText(r, c.locale) },
    { header: words('内容', 'What happened'), width: 40, value: (r) => r.content },
    { header: words('地点', 'Where'), width: 16, value: (r) => r.place },
    { header: words('对象', 'With whom'), width: 16, value: (r) => r.withWhom },
    { header: words('问了什么（五必问）', 'Asked'), width: 24, value: (r) => r.asked },
    { header: words('记了什么（五必记）', 'Noted'), width: 24, value: (r) => r.noted },
    {
      header: words('需求类别', 'Demand categories'),
      width: 20,
      value: (r, c) => r.demandText[c.locale] || null,
    },
    { header: words('时长（小时）', 'Hours'), width: 10, value: (r) => r.hours },
    { header: words('接收村居', 'Receiving area'), width: 16, value: (r) => r.areaName },
    {
      header: words('状态', 'Status'),
      width: 8,
      value: (r, c) => labelOf(STATUS_LABELS, r.status, c.locale),
    },
    { header: words('佐证材料数', 'Evidence files'), width: 10, value: (r) => r.fileCount },
    { header: words('记录人', 'Recorded by'), width: 12, value: (r) => r.recordedByName },
    { header: words('确认人', 'Reviewed by'), width: 12, value: (r) => r.reviewedByName },
    { header: words('确认时间', 'Reviewed at'), width: 18, value: (r) => timeText(r.reviewedAt) },
    { header: words('确认意见', 'Review comment'), width: 24, value: (r) => r.reviewComment },
  ],
  pages(ctx, q) {
    const dicts = new DictLabels(ctx.db);
    return async (page, pageSize) => {
      const { data, total, files } = await searchWorkLogs(ctx, { ...q, page, pageSize });
      await dicts.load(data.filter((r) => r.demandCategories.length).map((r) => r.areaPath));
      const fileCount = new Map<number, number>();
      for (const f of files) fileCount.set(f.workLogId, (fileCount.get(f.workLogId) ?? 0) + 1);
      const demands = (r: WorkLogRow, locale: Locale) =>
        joinList(
          r.demandCategories.map((code) => dicts.label(r.areaPath, 'demand_category', code, locale)),
          locale,
        );
      const rows = data.map((r) => ({
        ...r,
        fileCount: fileCount.get(r.id) ?? 0,
        demandText: { 'zh-CN': demands(r, 'zh-CN'), en: demands(r, 'en') },
      }));
      return { rows, total };
    };
  },
};
