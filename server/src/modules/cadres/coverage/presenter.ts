import {
  type CoverageAssignment,
  type CoverageOrgOption,
  type CoverageStatus,
  type CoverageVisits,
  type CoveredLevel,
  coverageSummary,
  type Locale,
  VISIT_POPULATION_LABELS,
  type VisitDemandCategory,
  type VisitPopulation,
  type WorkLogDrill,
} from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { assignmentActions } from './policy.ts';
import type { AssignmentRow } from './queries.ts';
import type { CoverageResult } from './rules.ts';

/** An assignment as the API returns it; `active` is judged on `today`. */
export function presentAssignment(row: AssignmentRow, actor: Actor, today: string): CoverageAssignment {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    unitId: row.unitId,
    unitName: row.unitName,
    areaId: row.areaId,
    areaName: row.areaName,
    areaLevel: row.areaLevel as CoveredLevel,
    areaLabel: row.areaLabel ?? row.areaName,
    communityId: row.communityId,
    communityName: row.communityName,
    startOn: row.startOn,
    endOn: row.endOn,
    note: row.note,
    active: row.startOn <= today && (row.endOn === null || row.endOn >= today),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: assignmentActions(actor, row),
  };
}

/** An organisation offered to take coverage on; picking it changes nothing about it, so no actions. */
export function presentOrgOption(o: Omit<CoverageOrgOption, 'actions'>): CoverageOrgOption {
  return { ...o, actions: [] };
}

/** The status report, each community with its summary line in the caller's language. */
export function presentStatus(
  s: { area: CoverageStatus['area']; on: string; results: CoverageResult[] },
  locale: Locale,
): CoverageStatus {
  return {
    area: s.area,
    on: s.on,
    communities: s.results.map((r) => ({ ...r, summary: coverageSummary(r.counts, r.complete, locale) })),
  };
}

interface DemandCategoryRow {
  code: string;
  labelZh: string;
  labelEn: string;
  enabled: boolean;
}

/**
 * Demand counts per category: the enabled categories in dictionary order (zero included, so the
 * chart always shows the full list), then codes the visits named that are no longer offered.
 */
export function demandsByCategory(
  categories: readonly DemandCategoryRow[],
  counts: readonly { code: string; visits: number }[],
  drill: WorkLogDrill,
): VisitDemandCategory[] {
  const n = new Map(counts.map((c) => [c.code, c.visits]));
  const known = new Map(categories.map((c) => [c.code, c]));
  const listed = categories
    .filter((c) => c.enabled)
    .map((c) => ({
      code: c.code,
      labelZh: c.labelZh,
      labelEn: c.labelEn,
      visits: n.get(c.code) ?? 0,
      drill: { ...drill, demandCategory: c.code },
    }));
  const others = counts
    .filter((c) => !known.get(c.code)?.enabled)
    .map((c) => {
      const item = known.get(c.code);
      return {
        code: c.code,
        labelZh: item?.labelZh ?? c.code,
        labelEn: item?.labelEn ?? c.code,
        visits: c.visits,
        drill: { ...drill, demandCategory: c.code },
      };
    });
  return [...listed, ...others];
}

/**
 * The visit-coverage report: each figure counts one population (named in `populations`) and
 * carries the work-log list query that returns exactly the logs it counts.
 */
export function presentVisits(
  v: {
    area: { id: number; name: string; level: string };
    from: string;
    to: string;
    orgs: { id: number; name: string; type: string; areaId: number; areaName: string; visits: number }[];
    visits: number;
    byTargetType: { targetType: string; visits: number; withDemands: number }[];
    demands: { code: string; visits: number }[];
    categories: DemandCategoryRow[];
  },
  locale: Locale,
): CoverageVisits {
  const visited = v.orgs.filter((o) => o.visits > 0).length;
  const total = v.orgs.length;
  const ref = ({ id, name, type, areaId, areaName }: (typeof v.orgs)[number]) => ({
    id,
    name,
    type,
    areaId,
    areaName,
  });
  // Both populations: the period's visits that figures count (never a rejected one).
  const period: WorkLogDrill = { kind: 'visit', counted: 'true', from: v.from, to: v.to };
  const toOrgs = { ...period, targetWithin: String(v.area.id) };
  const toTwoNew = { ...toOrgs, targetType: 'two_new_org' };
  const byAppointees = { ...period, within: String(v.area.id) };
  const population = (key: VisitPopulation, figures: string[], drill: WorkLogDrill) => ({
    key,
    name: VISIT_POPULATION_LABELS[key].name[locale],
    description: VISIT_POPULATION_LABELS[key].description[locale],
    figures,
    drill,
  });
  return {
    area: { id: v.area.id, name: v.area.name, level: v.area.level },
    from: v.from,
    to: v.to,
    twoNewTotal: total,
    visited,
    sharePercent: total ? Math.round((visited / total) * 1000) / 10 : null,
    visits: v.visits,
    unvisited: v.orgs.filter((o) => o.visits === 0).map(ref),
    visitedUnits: v.orgs
      .filter((o) => o.visits > 0)
      .map((o) => ({ ...ref(o), visits: o.visits, drill: { ...toOrgs, targetUnitId: String(o.id) } })),
    appointeeVisits: v.byTargetType.reduce((s, x) => s + x.visits, 0),
    byTargetType: v.byTargetType.map(({ targetType, visits }) => ({
      targetType,
      visits,
      drill: { ...byAppointees, targetType },
    })),
    demandsByCategory: demandsByCategory(v.categories, v.demands, byAppointees),
    demands: v.demands.reduce((s, d) => s + d.visits, 0),
    visitsWithDemands: v.byTargetType.reduce((s, x) => s + x.withDemands, 0),
    drills: {
      visits: toTwoNew,
      appointeeVisits: byAppointees,
      visitsWithDemands: { ...byAppointees, withDemands: 'true' },
    },
    populations: {
      toAreaOrgs: population(
        'to_area_orgs',
        ['twoNewTotal', 'visited', 'sharePercent', 'visits', 'unvisited', 'visitedUnits'],
        toTwoNew,
      ),
      byAreaAppointees: population(
        'by_area_appointees',
        ['appointeeVisits', 'byTargetType', 'demandsByCategory', 'demands', 'visitsWithDemands'],
        byAppointees,
      ),
    },
  };
}
