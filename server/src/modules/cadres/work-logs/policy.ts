import type { AppointmentStatus, WorkLogAction, WorkLogStatus } from '@gongjian/common';
import { or, type SQL, sql } from 'drizzle-orm';
import { appointments, areas, workLogs } from '#server/db/schema/index.ts';
import {
  appointmentListScope,
  canReadAppointment,
  isAppointee,
} from '#server/modules/cadres/appointments/policy.ts';
import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';
import { areaUnder } from '#server/policies/scope.ts';
import { workLogMachine } from './machine.ts';
import { visitsToUnitsUnder } from './queries.ts';

/** What the rules need to know about a log and the appointment it belongs to. */
export interface WorkLogLike {
  /** The receiving area's path (the appointment's). */
  areaPath: string;
  memberId: number;
  sendingUnitId: number | null;
  appointmentStatus: AppointmentStatus;
  status: WorkLogStatus;
  kind: string;
  /** The visited unit's area path (visits to a unit only). */
  targetUnitPath: string | null;
}

/** Only the appointee and the receiving area's admins write logs; the sending unit only reads. */
export const canWriteWorkLogs = (a: Actor) => isAreaAdmin(a) || a.role === 'member';

/**
 * A log is seen by whoever sees its appointment; and a visit to a unit located in an area admin's
 * subtree is seen by that admin too, whoever made it — the visit coverage of the area's
 * organisations counts it, so its drill-down must list it. Reviewing stays with the receiving
 * community.
 */
export const canReadWorkLog = (a: Actor, l: WorkLogLike) =>
  canReadAppointment(a, { ...l, status: l.appointmentStatus }) ||
  (isAreaAdmin(a) && l.kind === 'visit' && l.targetUnitPath !== null && pathInScope(a, l.targetUnitPath));

/**
 * The set-based form of `canReadWorkLog`, for the list, over columns of `work_logs` only, so the
 * list's walk reads no other table for the logs it skips. An area admin's half is
 * `appointmentListScope`'s receiving-area test put on the log's own area id (the receiving area,
 * `areaPath` above): under the OR with the visits it becomes a hash of the subtree's ids built
 * once and probed per log, and the list walks its index in order — the same test on a joined
 * `areas` row put a subplan in the join clause, which kept the planner from probing `areas` by
 * key, and it sorted every log of the district for page 500. Anyone else sees the logs of the
 * appointments `appointmentListScope` gives them (its conditions are on `appointments` alone).
 */
export function workLogListScope(a: Actor): SQL | undefined {
  if (isAreaAdmin(a)) {
    if (a.scopePath === null) return undefined;
    return or(areaUnder(workLogs.areaId, a.scopePath), visitsToUnitsUnder(a.scopePath));
  }
  const own = appointmentListScope(a) ?? sql`true`;
  return sql`${workLogs.appointmentId} in (select ${appointments.id} from ${appointments} where ${own})`;
}

/**
 * `workLogListScope` cut into disjoint parts whose logs together are its logs, for the capped
 * count of a list's total, part after part (undefined: count by the scope itself). An area
 * admin's two halves, each answered from its own index: the logs received in the subtree (a
 * semi-join over `work_logs_area_idx`), then — only while the limit is not reached — the visits
 * to its units by appointees received elsewhere (over `work_logs_target_unit_idx`, an anti-join
 * to the subtree's areas). The OR the list walks in order is no index's condition: a street's
 * 5,285 logs were counted by reading all 500,887 of the district (125 ms). Over `work_logs`.
 */
export function workLogCountScopes(a: Actor): SQL[] | undefined {
  if (!isAreaAdmin(a) || a.scopePath === null) return undefined;
  const under = `${a.scopePath}%`;
  return [
    areaUnder(workLogs.areaId, a.scopePath),
    sql`(${visitsToUnitsUnder(a.scopePath)} and not exists (select 1 from ${areas} where ${areas.id} = ${workLogs.areaId} and ${areas.path} like ${under}))`,
  ];
}

/**
 * `workLogListScope` written for the planner's estimate of a list's total (never for its rows):
 * the receiving-area test on the joined `areas` row, as `appointmentListScope` puts it. Under the
 * OR with the visits the planner takes `area_id in (subquery)` for half the logs whatever the
 * subtree (the 500,887 logs of a district were "about 275,438"); the path on a joined row it
 * estimates from the statistics of `areas.path`. Over `work_logs` joined to `areas`.
 */
export function workLogEstimateScope(a: Actor): SQL | undefined {
  if (!isAreaAdmin(a) || a.scopePath === null) return workLogListScope(a);
  return or(appointmentListScope(a), visitsToUnitsUnder(a.scopePath));
}

/** Confirmation belongs to the receiving community (its admins and those above), never the appointee. */
export const canReviewWorkLog = (a: Actor, l: WorkLogLike) => isAreaAdmin(a) && pathInScope(a, l.areaPath);

/** Evidence is attached by the appointee or the receiving area's admins. */
export const canAttachEvidence = (a: Actor, l: WorkLogLike) => canReviewWorkLog(a, l) || isAppointee(a, l);

/** What the caller may do with one log now: the machine's moves ∩ the policy's. */
export function workLogActions(a: Actor, l: WorkLogLike): WorkLogAction[] {
  const reviews = canReviewWorkLog(a, l);
  const attaches = canAttachEvidence(a, l);
  return workLogMachine
    .allowed({ status: l.status })
    .filter((e) => (e === 'confirm' || e === 'reject' ? reviews : attaches));
}
