import {
  type BoardRow,
  type ComplianceBoard,
  type ComplianceBoardExportQuery,
  civilPeriodOf,
  type DutyEvaluation,
  type DutyPeriod,
  type DutyStatus,
  dutyFigure,
  type Locale,
  localDate,
} from '@gongjian/common';
import { nowOf } from '#server/http/context.ts';
import { presentBoard } from '#server/modules/cadres/compliance/presenter.ts';
import { complianceBoard } from '#server/modules/cadres/compliance/service.ts';
import { joinList, words } from './format.ts';
import { keyPeriod, kindByCode } from './ledger.ts';
import { type Bilingual, type ExportColumn, type ReportExport, reportSheet } from './run.ts';

type Duty = BoardRow['duties'][number];
type Rule = ComplianceBoard['rules'][number];

/** A duty status in words, as the board's tags say it. */
const DUTY_STATUS_LABELS: Record<DutyStatus, Bilingual> = {
  met: words('已完成', 'Met'),
  at_risk: words('有风险', 'At risk'),
  missed: words('未完成', 'Missed'),
  not_yet_due: words('未到期', 'Not yet due'),
  exempt: words('已豁免', 'Exempt'),
  not_applicable: words('不考核', 'Not assessed'),
};

/** How often a duty falls due, as the board's column headers say it. */
const EVERY: Record<DutyPeriod, Bilingual> = {
  week: words('每周', 'weekly'),
  month: words('每月', 'monthly'),
  quarter: words('每季度', 'quarterly'),
  year: words('每年', 'yearly'),
  term: words('任期内', 'per term'),
};

/** The period kind the board is viewed by, in the filter line. */
const BY: Record<DutyPeriod, Bilingual> = {
  week: words('按周', 'week'),
  month: words('按月', 'month'),
  quarter: words('按季度', 'quarter'),
  year: words('按年', 'year'),
  term: words('按任期', 'term'),
};

/** The statuses counted per duty, in the board's order of the stat cards. */
const COUNTED: readonly DutyStatus[] = [
  'met',
  'at_risk',
  'missed',
  'not_yet_due',
  'exempt',
  'not_applicable',
];

const status = (s: DutyStatus, locale: Locale) => DUTY_STATUS_LABELS[s][locale];

/**
 * A ledger cell: the duty's worst status and the figure the board shows beside it (`dutyFigure`):
 * progress for one period judged (有风险 11/12), periods met for several, exempt ones apart.
 */
function dutyCell(duty: Duty | undefined, locale: Locale): string {
  if (!duty) return '—';
  const figure = dutyFigure(duty.evaluations)[locale];
  return figure ? `${status(duty.status, locale)} ${figure}` : status(duty.status, locale);
}

/** A term as one cell: its first day and its last (or that it is open). */
function termText(r: BoardRow, locale: Locale): string {
  if (locale === 'en') return r.termEnd ? `${r.termStart} – ${r.termEnd}` : `from ${r.termStart}`;
  return r.termEnd ? `${r.termStart} 至 ${r.termEnd}` : `${r.termStart} 起`;
}

const kindOf = (r: BoardRow, locale: Locale) => (locale === 'en' ? r.kindNameEn : r.kindNameZh);

/** What every printed page is headed with: the board, its range, the day it is judged at. */
function caption(b: ComplianceBoard, replay: boolean, title: Bilingual, now: Date): Bilingual {
  // A replay reads the records as they stood only for a day already past, as the board says.
  const replayed = replay && b.at < localDate(now);
  return {
    'zh-CN': `${title['zh-CN']}　${b.from} 至 ${b.to}　截至 ${b.at}${replayed ? '（按当时记录）' : ''}`,
    en: `${title.en}  ${b.from} – ${b.to}  as at ${b.at}${replayed ? ' (as recorded then)' : ''}`,
  };
}

/** The columns naming an appointee, shared by the ledger and the details. */
const who: ExportColumn<{ row: BoardRow }>[] = [
  { header: words('任职人', 'Appointee'), width: 12, value: ({ row }) => row.memberName },
  { header: words('任职类型', 'Kind'), width: 16, value: ({ row }, c) => kindOf(row, c.locale) },
  { header: words('派出单位', 'Sending unit'), width: 22, value: ({ row }) => row.sendingUnitName },
  {
    header: words('接收组织', 'Receiving organisation'),
    width: 22,
    value: ({ row }) => row.receivingOrgName,
  },
];

const TITLE = words('履职看板', 'Duty board');
const LEDGER = words('履职台账', 'Ledger');
const DETAILS = words('履职明细', 'Details');
const BY_DUTY = words('按事项统计', 'By duty');

/** The ledger: one row per appointee, one column per duty of the board. */
function ledger(b: ComplianceBoard, head: Bilingual) {
  const columns: ExportColumn<{ row: BoardRow }>[] = [
    ...who,
    { header: words('接收村居', 'Receiving area'), width: 14, value: ({ row }) => row.areaName },
    { header: words('任期', 'Term'), width: 24, value: ({ row }, c) => termText(row, c.locale) },
    {
      header: words('总体状态', 'Overall'),
      width: 10,
      value: ({ row }, c) => status(row.status, c.locale),
    },
    ...b.rules.map(
      (rule): ExportColumn<{ row: BoardRow }> => ({
        header: {
          'zh-CN': `${rule.name['zh-CN']}（${EVERY[rule.period]['zh-CN']}）`,
          en: `${rule.name.en} (${EVERY[rule.period].en})`,
        },
        width: 18,
        value: ({ row }, c) =>
          dutyCell(
            row.duties.find((d) => d.ruleCode === rule.ruleCode),
            c.locale,
          ),
      }),
    ),
  ];
  return reportSheet(
    LEDGER,
    columns,
    b.rows.map((row) => ({ row })),
    head,
  );
}

type Detail = { row: BoardRow; e: DutyEvaluation };

/** The details: one row per appointee, duty and period, with the figures behind each verdict. */
function details(b: ComplianceBoard, head: Bilingual) {
  const order = new Map(b.rules.map((r, i) => [r.ruleCode, i]));
  const rank = (d: Duty) => order.get(d.ruleCode) ?? order.size;
  const rows: Detail[] = b.rows.flatMap((row) =>
    [...row.duties].sort((x, y) => rank(x) - rank(y)).flatMap((d) => d.evaluations.map((e) => ({ row, e }))),
  );
  const columns: ExportColumn<Detail>[] = [
    ...who,
    { header: words('接收村居', 'Receiving area'), width: 14, value: ({ row }) => row.areaName },
    { header: words('履职事项', 'Duty'), width: 24, value: ({ e }, c) => e.ruleName[c.locale] },
    { header: words('周期', 'Period'), width: 18, value: ({ e }, c) => e.periodLabel[c.locale] },
    { header: words('状态', 'Status'), width: 10, value: ({ e }, c) => status(e.status, c.locale) },
    { header: words('已完成', 'Done'), width: 8, value: ({ e }) => e.progress.actual },
    { header: words('要求', 'Required'), width: 8, value: ({ e }) => e.progress.required },
    { header: words('截止日期', 'Due'), width: 12, value: ({ e }) => e.dueDate },
    { header: words('说明', 'Explanation'), width: 40, value: ({ e }, c) => e.explanation[c.locale] },
    {
      header: words('尚缺', 'Still missing'),
      width: 24,
      value: ({ e }, c) =>
        joinList(
          e.missing.map((m) => m.name),
          c.locale,
        ) || null,
    },
    {
      header: words('免责事由', 'Exemption reason'),
      width: 24,
      value: ({ e }, c) => e.exemptionReason?.[c.locale] ?? null,
    },
  ];
  return reportSheet(DETAILS, columns, rows, head);
}

type Tally = { name: Bilingual; every: Bilingual | null; total: number; counts: Record<DutyStatus, number> };

/** The counts: appointees per status for each duty, then overall by each appointee's worst status. */
function byDuty(b: ComplianceBoard, head: Bilingual) {
  const rows: Tally[] = [
    ...b.rules.map((r: Rule) => ({ name: r.name, every: EVERY[r.period], total: r.total, counts: r.counts })),
    {
      name: words('全部任职人（按总体状态）', 'All appointees (by overall status)'),
      every: null,
      total: b.summary.appointees,
      counts: b.summary.byStatus,
    },
  ];
  const columns: ExportColumn<Tally>[] = [
    { header: words('履职事项', 'Duty'), width: 30, value: (t, c) => t.name[c.locale] },
    { header: words('频次', 'How often'), width: 10, value: (t, c) => t.every?.[c.locale] ?? null },
    { header: words('考核人数', 'Appointees'), width: 10, value: (t) => t.total },
    ...COUNTED.map(
      (s): ExportColumn<Tally> => ({
        header: DUTY_STATUS_LABELS[s],
        width: 10,
        value: (t) => t.counts[s],
      }),
    ),
  ];
  return reportSheet(BY_DUTY, columns, rows, head);
}

/**
 * 履职看板 as a ledger to print and count from: the board `GET /api/compliance/board` shows for the
 * same filters (its own service: a sending unit sees only whom it sent), as three sheets: the
 * ledger (appointee × duty, status and figure in words), the details behind every verdict
 * (appointee × duty × period), and the counts per duty.
 */
export const complianceBoardExport: ReportExport<ComplianceBoardExportQuery> = {
  title: TITLE,
  ledger: words('履职台账', 'Duty ledger'),
  filterWords: {
    kind: { label: words('任职类型', 'Appointment kind'), value: kindByCode },
    period: { label: words('周期', 'By'), value: (v) => BY[v as DutyPeriod] ?? v },
    // One period is the default: the title says which.
    periods: { label: words('期数', 'Periods'), value: (v) => (v === '1' ? null : v) },
  },
  async sheets(ctx, q) {
    const b = presentBoard(await complianceBoard(ctx, q));
    const head = caption(b, q.replay, TITLE, nowOf(ctx));
    // Periods are named as the board names them: "2026年11月", "2026年第三季度–2026年第四季度".
    const first = keyPeriod(civilPeriodOf(q.period, b.from).key);
    const last = keyPeriod(civilPeriodOf(q.period, b.to).key);
    const period =
      first.key === last.key
        ? first
        : {
            text: words(`${first.text['zh-CN']}–${last.text['zh-CN']}`, `${first.text.en} – ${last.text.en}`),
            key: `${first.key}_${last.key}`,
          };
    return { sheets: [ledger(b, head), details(b, head), byDuty(b, head)], period };
  },
};
