import type { AppointmentStatus, WorkLogAction, WorkLogStatus } from '@gongjian/common';
import { or, type SQL } from 'drizzle-orm';
import { type Actor, isAreaAdmin, pathInScope } from '../../policies/actor.ts';
import { appointmentListScope, canReadAppointment, isAppointee } from '../appointments/policy.ts';
import { workLogTransition } from './machine.ts';
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

/** The set-based form of `canReadWorkLog`, for the list. */
export function workLogListScope(a: Actor): SQL | undefined {
  const own = appointmentListScope(a);
  if (!isAreaAdmin(a) || a.scopePath === null) return own;
  return or(own, visitsToUnitsUnder(a.scopePath));
}

/** Confirmation belongs to the receiving community (its admins and those above), never the appointee. */
export const canReviewWorkLog = (a: Actor, l: WorkLogLike) => isAreaAdmin(a) && pathInScope(a, l.areaPath);

/** Evidence is attached by the appointee or the receiving area's admins. */
export const canAttachEvidence = (a: Actor, l: WorkLogLike) => canReviewWorkLog(a, l) || isAppointee(a, l);

/** What the caller may do with one log now. */
export function workLogActions(a: Actor, l: WorkLogLike): WorkLogAction[] {
  const actions: WorkLogAction[] = [];
  if (canReviewWorkLog(a, l)) {
    if (workLogTransition(l.status, 'confirm')) actions.push('confirm');
    if (workLogTransition(l.status, 'reject')) actions.push('reject');
  }
  if (canAttachEvidence(a, l) && workLogTransition(l.status, 'upload')) actions.push('upload', 'deleteFile');
  return actions;
}
