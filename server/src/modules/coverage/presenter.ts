import {
  type CoverageAssignment,
  type CoverageStatus,
  type CoverageVisits,
  type CoveredLevel,
  coverageSummary,
  type Locale,
} from '@gongjian/common';
import type { Actor } from '../../policies/actor.ts';
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

/** The visit-coverage report: totals, share and the organisations not yet visited. */
export function presentVisits(v: {
  area: { id: number; name: string; level: string };
  from: string;
  to: string;
  orgs: { id: number; name: string; type: string; areaId: number; areaName: string; visits: number }[];
  byTargetType: { targetType: string; visits: number }[];
}): CoverageVisits {
  const visited = v.orgs.filter((o) => o.visits > 0).length;
  const total = v.orgs.length;
  return {
    area: { id: v.area.id, name: v.area.name, level: v.area.level },
    from: v.from,
    to: v.to,
    twoNewTotal: total,
    visited,
    sharePercent: total ? Math.round((visited / total) * 1000) / 10 : null,
    visits: v.orgs.reduce((s, o) => s + o.visits, 0),
    unvisited: v.orgs
      .filter((o) => o.visits === 0)
      .map(({ id, name, type, areaId, areaName }) => ({ id, name, type, areaId, areaName })),
    byTargetType: v.byTargetType,
  };
}
