import type {
  CoverageVisits,
  CoverageVisitsExportQuery,
  VISIT_TARGET_TYPES,
  VisitDemandCategory,
} from '@gongjian/common';
import type { OutCell } from '#server/io/excel/writer.ts';
import { presentVisits } from '#server/modules/cadres/coverage/presenter.ts';
import { visitCoverage } from '#server/modules/cadres/coverage/service.ts';
import { DictLabels, labelOf, words } from './format.ts';
import { rangePeriod } from './ledger.ts';
import { type Bilingual, type ExportColumn, type ReportExport, reportSheet } from './run.ts';

type Unit = CoverageVisits['unvisited'][number] & { visits?: number };
type Target = CoverageVisits['byTargetType'][number];

/** Whom a visit went to, as the desk's work-log form names it. */
const TARGET_LABELS: Record<(typeof VISIT_TARGET_TYPES)[number], Bilingual> = {
  household: words('居民户', 'Household'),
  unit: words('驻区单位', 'Unit'),
  two_new_org: words('两新组织', 'Two-new organisation'),
};

/** The report's figures, one per line, as the screen's cards show them, each with its population. */
function summary(v: CoverageVisits, head: Bilingual) {
  const to = v.populations.toAreaOrgs.name;
  const by = v.populations.byAreaAppointees.name;
  const rows: { item: Bilingual; value: OutCell; population: string | null }[] = [
    { item: words('范围', 'Area'), value: v.area.name, population: null },
    { item: words('开始日期', 'From'), value: v.from, population: null },
    { item: words('结束日期', 'To'), value: v.to, population: null },
    { item: words('两新组织', 'Two-new organisations'), value: v.twoNewTotal, population: to },
    { item: words('已走访', 'Visited'), value: v.visited, population: to },
    { item: words('未走访', 'Not visited'), value: v.twoNewTotal - v.visited, population: to },
    {
      item: words('两新组织走访覆盖率', 'Share visited'),
      value: v.sharePercent === null ? null : `${v.sharePercent}%`,
      population: to,
    },
    {
      item: words('走访家次（两新组织）', 'Visits to two-new organisations'),
      value: v.visits,
      population: to,
    },
    { item: words('干部走访家次', 'Visits by appointees'), value: v.appointeeVisits, population: by },
    { item: words('收集需求', 'Demands taken'), value: v.demands, population: by },
    { item: words('有需求的走访', 'Visits with demands'), value: v.visitsWithDemands, population: by },
  ];
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    { header: words('项目', 'Item'), width: 30, value: (r, c) => r.item[c.locale] },
    { header: words('数值', 'Value'), width: 30, value: (r) => r.value },
    { header: words('统计口径', 'Population'), width: 30, value: (r) => r.population },
  ];
  return reportSheet(words('概况', 'Summary'), columns, rows, head);
}

/**
 * 走访覆盖: the visit coverage `GET /api/coverage/visits` reports for an area and a period, as the
 * screen shows it: the figures, the two-new organisations not visited and visited (with their
 * visits), the demands taken by category, and the visits by target.
 */
export const coverageVisitsExport: ReportExport<CoverageVisitsExportQuery> = {
  title: words('走访覆盖', 'Visit coverage'),
  ledger: words('走访覆盖台账', 'Visit coverage ledger'),
  async sheets(ctx, q) {
    const raw = await visitCoverage(ctx, q);
    const v = presentVisits(raw, ctx.locale);
    // Every organisation lies under the report's area, so in its district's dictionary.
    const dicts = new DictLabels(ctx.db);
    await dicts.load([raw.area.path]);
    const head = words(
      `走访覆盖　${v.area.name}　${v.from} 至 ${v.to}`,
      `Visit coverage  ${v.area.name}  ${v.from} – ${v.to}`,
    );
    const unitColumns = (withVisits: boolean): ExportColumn<Unit>[] => [
      { header: words('组织名称', 'Organisation'), width: 30, value: (u) => u.name },
      {
        header: words('类型', 'Type'),
        width: 16,
        value: (u, c) => dicts.label(raw.area.path, 'unit_type', u.type, c.locale),
      },
      { header: words('所在区域', 'Located in'), width: 18, value: (u) => u.areaName },
      ...(withVisits
        ? [{ header: words('走访次数', 'Visits'), width: 10, value: (u: Unit) => u.visits ?? 0 }]
        : []),
    ];
    const demandColumns: ExportColumn<VisitDemandCategory>[] = [
      {
        header: words('需求类别', 'Category'),
        width: 24,
        value: (d, c) => (c.locale === 'en' ? d.labelEn : d.labelZh),
      },
      { header: words('走访次数', 'Visits'), width: 10, value: (d) => d.visits },
    ];
    const targetColumns: ExportColumn<Target>[] = [
      {
        header: words('走访对象', 'Visited'),
        width: 20,
        value: (x, c) => labelOf(TARGET_LABELS, x.targetType, c.locale),
      },
      { header: words('走访次数', 'Visits'), width: 10, value: (x) => x.visits },
    ];
    const sheets = [
      summary(v, head),
      reportSheet(words('未走访的两新组织', 'Not visited'), unitColumns(false), v.unvisited, head),
      reportSheet(words('已走访的两新组织', 'Visited'), unitColumns(true), v.visitedUnits, head),
      reportSheet(words('需求类别', 'Demands by category'), demandColumns, v.demandsByCategory, head),
      reportSheet(words('走访对象', 'Visits by target'), targetColumns, v.byTargetType, head),
    ];
    return { sheets, area: v.area.name, period: rangePeriod(v.from, v.to) };
  },
};
