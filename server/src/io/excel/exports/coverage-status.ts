import {
  AREA_LEVEL_LABELS,
  type CommunityCoverage,
  type CoverageStatus,
  type CoverageStatusExportQuery,
  type CoveredLevel,
  type Locale,
} from '@gongjian/common';
import { presentStatus } from '#server/modules/cadres/coverage/presenter.ts';
import { coverageStatus } from '#server/modules/cadres/coverage/service.ts';
import { joinList, words, yesNo } from './format.ts';
import { type Bilingual, type ExportColumn, type ReportExport, reportSheet } from './run.ts';

type Community = CommunityCoverage;
type Building = Community['buildings'][number];
type Org = Community['orgs'][number];
/** A node that is not covered, or covered by more than one organisation. */
type Gap = { community: string; problem: Bilingual; node: Community['uncovered'][number]; orgs: string[] };

const levelText = (level: CoveredLevel, locale: Locale) => AREA_LEVEL_LABELS[level][locale];

/** Who covers a building: each organisation, with the level it covers it through when not the building. */
function coveredByText(b: Building, locale: Locale): string {
  if (!b.coveredBy.length) return locale === 'en' ? 'Not covered' : '未包保';
  return joinList(
    b.coveredBy.map((o) => {
      if (o.viaLevel === 'building') return o.orgName;
      const level = levelText(o.viaLevel, locale);
      return locale === 'en' ? `${o.orgName} (via ${level.toLowerCase()})` : `${o.orgName}（经${level}）`;
    }),
    locale,
  );
}

const communityColumn = <Row extends { community: string }>(): ExportColumn<Row> => ({
  header: words('社区', 'Community'),
  width: 14,
  value: (r) => r.community,
});

/** One row per community: what is covered of what, and the line the screen shows. */
function summary(s: CoverageStatus, head: Bilingual) {
  const counts = (
    level: 'zones' | 'compounds' | 'buildings',
    zh: string,
    en: string,
  ): ExportColumn<Community>[] => [
    { header: words(`${zh}总数`, `${en}`), width: 8, value: (c) => c.counts[level].total },
    { header: words(`已包保${zh}`, `${en} covered`), width: 10, value: (c) => c.counts[level].covered },
  ];
  const columns: ExportColumn<Community>[] = [
    { header: words('社区', 'Community'), width: 14, value: (c) => c.community.name },
    ...counts('zones', '片区', 'Zones'),
    ...counts('compounds', '小区', 'Compounds'),
    ...counts('buildings', '楼栋', 'Buildings'),
    {
      header: words('未设楼栋长的楼栋', 'Buildings without a head'),
      width: 14,
      value: (c) => c.buildingsWithoutHead.length,
    },
    {
      header: words('全部包保', 'All covered'),
      width: 10,
      value: (c, x) =>
        c.nothingToCover
          ? x.locale === 'zh-CN'
            ? '无需包保'
            : 'Nothing to cover'
          : yesNo(c.complete, x.locale),
    },
    { header: words('情况', 'Summary'), width: 44, value: (c) => c.summary },
  ];
  return reportSheet(words('概况', 'Summary'), columns, s.communities, head);
}

/** Every building with who covers it and its building heads, as the screen's buildings table. */
function buildings(s: CoverageStatus, head: Bilingual) {
  const rows = s.communities.flatMap((c) => c.buildings.map((b) => ({ community: c.community.name, b })));
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    communityColumn(),
    { header: words('楼栋', 'Building'), width: 28, value: (r) => r.b.label },
    { header: words('包保组织', 'Covered by'), width: 36, value: (r, c) => coveredByText(r.b, c.locale) },
    {
      header: words('楼栋长', 'Building heads'),
      width: 20,
      value: (r, c) =>
        r.b.heads.length
          ? joinList(
              r.b.heads.map((h) => h.name),
              c.locale,
            )
          : words('未设楼栋长', 'No building head')[c.locale],
    },
  ];
  return reportSheet(words('楼栋包保与楼栋长', 'Buildings'), columns, rows, head);
}

/** Per organisation: the nodes it took on directly and the buildings it covers in all. */
function orgs(s: CoverageStatus, head: Bilingual) {
  const rows = s.communities.flatMap((c) => c.orgs.map((o) => ({ community: c.community.name, o })));
  const n = (zh: string, en: string, pick: (o: Org) => number): ExportColumn<(typeof rows)[number]> => ({
    header: words(zh, en),
    width: 10,
    value: (r) => pick(r.o),
  });
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    communityColumn(),
    { header: words('包保组织', 'Organisation'), width: 26, value: (r) => r.o.orgName },
    { header: words('所属单位', 'Unit'), width: 22, value: (r) => r.o.unitName },
    n('直接包保片区', 'Zones assigned', (o) => o.zones),
    n('直接包保小区', 'Compounds assigned', (o) => o.compounds),
    n('直接包保楼栋', 'Buildings assigned', (o) => o.buildings),
    n('覆盖楼栋', 'Buildings covered', (o) => o.coveredBuildings),
  ];
  return reportSheet(words('各包保组织', 'Organisations'), columns, rows, head);
}

/** What needs seeing to: nodes no one covers, then nodes assigned to more than one organisation. */
function gaps(s: CoverageStatus, head: Bilingual) {
  const rows: Gap[] = s.communities.flatMap((c) => [
    ...c.uncovered.map((node) => ({
      community: c.community.name,
      problem: words('未包保', 'Not covered'),
      node,
      orgs: [],
    })),
    ...c.doublyCovered.map((node) => ({
      community: c.community.name,
      problem: words('重复包保', 'Doubly covered'),
      node,
      orgs: node.orgs.map((o) => o.orgName),
    })),
  ]);
  const columns: ExportColumn<Gap>[] = [
    communityColumn(),
    { header: words('问题', 'Problem'), width: 10, value: (r, c) => r.problem[c.locale] },
    { header: words('层级', 'Level'), width: 8, value: (r, c) => levelText(r.node.level, c.locale) },
    { header: words('对象', 'Node'), width: 28, value: (r) => r.node.label },
    {
      header: words('包保组织', 'Organisations'),
      width: 36,
      value: (r, c) => joinList(r.orgs, c.locale) || null,
    },
  ];
  return reportSheet(words('未包保与重复包保', 'Gaps and overlaps'), columns, rows, head);
}

/**
 * 包保情况: the coverage `GET /api/coverage/status` reports for a community (or each community of
 * a street) on a day, as the screen's tables: a summary per community, the buildings with who
 * covers them and their heads, the organisations, and the gaps and overlaps.
 */
export const coverageStatusExport: ReportExport<CoverageStatusExportQuery> = {
  title: words('包保情况', 'Coverage status'),
  ledger: words('包保情况台账', 'Coverage status ledger'),
  async sheets(ctx, q) {
    const s = presentStatus(await coverageStatus(ctx, q), ctx.locale);
    const head = words(
      `包保情况　${s.area.name}　判定日期 ${s.on}`,
      `Coverage status  ${s.area.name}  as on ${s.on}`,
    );
    return {
      sheets: [summary(s, head), buildings(s, head), orgs(s, head), gaps(s, head)],
      area: s.area.name,
      // Coverage is judged on one day.
      period: { text: words(s.on, s.on), key: s.on },
    };
  },
};
