import type { AppointmentAction, AppointmentStatus, RecordAction } from '@gongjian/common';
import { eq, type SQL, sql } from 'drizzle-orm';
import { appointments, areas } from '#server/db/schema/index.ts';
import { type Actor, isAreaAdmin, isPlatformAdmin, pathInScope } from '#server/policies/actor.ts';
import { appointmentMachine, takesLogs } from './machine.ts';

// ── Kinds ──────────────────────────────────────────────────────────────────────────────────

/** Every signed-in role reads its own district's kinds (forms and lists show their names). */
export const canReadKinds = (a: Actor, districtId: number) =>
  isPlatformAdmin(a) || a.districtId === districtId;

/** Kinds are district-wide settings: the district admin (and the platform) maintain them. */
export const canEditKinds = (a: Actor) => isPlatformAdmin(a) || a.role === 'district_admin';

/** May the caller change this district's kinds? */
export const canEditKind = (a: Actor, districtId: number) => canEditKinds(a) && canReadKinds(a, districtId);

/** Built-in kinds are edited (names, term, policy) but never deleted. */
export function kindActions(a: Actor, kind: { areaId: number; builtin: boolean }): RecordAction[] {
  if (!canEditKind(a, kind.areaId)) return [];
  return kind.builtin ? ['update'] : ['update', 'delete'];
}

// ── Appointments ───────────────────────────────────────────────────────────────────────────

/** What the rules need to know about an appointment. */
export interface AppointmentLike {
  /** The receiving organisation's area path. */
  areaPath: string;
  memberId: number;
  sendingUnitId: number | null;
  status: AppointmentStatus;
}

const isUnitAdmin = (a: Actor) => a.role === 'unit_admin' && a.unitId !== null;

/** The appointee's own sign-in account. */
export const isAppointee = (a: Actor, ap: { memberId: number }) =>
  a.role === 'member' && a.memberId !== null && a.memberId === ap.memberId;

/** Area admins, the sending unit's admin and appointees use appointments; residents never do. */
export const canUseAppointments = (a: Actor) => isAreaAdmin(a) || isUnitAdmin(a) || a.role === 'member';

/**
 * Area admins over the receiving area's subtree; the sending unit's admin over its own employees'
 * appointments (read-only); the appointee over its own.
 */
export const canReadAppointment = (a: Actor, ap: AppointmentLike) =>
  (isAreaAdmin(a) && pathInScope(a, ap.areaPath)) ||
  (isUnitAdmin(a) && ap.sendingUnitId === a.unitId) ||
  isAppointee(a, ap);

/** Appointing, correcting, ending, recalling and replacing: area admins of the receiving area. */
export const canManageAppointment = (a: Actor, ap: AppointmentLike) =>
  isAreaAdmin(a) && pathInScope(a, ap.areaPath);

/** Work logs of an active appointment are kept by the appointee or the receiving area's admins. */
export const canRecordLog = (a: Actor, ap: AppointmentLike) =>
  takesLogs(ap.status) && (canManageAppointment(a, ap) || isAppointee(a, ap));

/**
 * The pickers of an appointment's employees and visit targets: its appointee while it is active
 * (to record logs), the receiving area's admins and the sending unit's admin (to follow them).
 */
export const canUseLookups = (a: Actor, ap: AppointmentLike) =>
  canManageAppointment(a, ap) ||
  (isUnitAdmin(a) && ap.sendingUnitId === a.unitId) ||
  (isAppointee(a, ap) && takesLogs(ap.status));

/** Set-based scope for appointment lists (joined with the receiving area), matching `canReadAppointment`. */
export function appointmentListScope(a: Actor): SQL | undefined {
  if (isAreaAdmin(a)) return a.scopePath === null ? undefined : sql`${areas.path} like ${`${a.scopePath}%`}`;
  if (isUnitAdmin(a) && a.unitId !== null) return eq(appointments.sendingUnitId, a.unitId);
  if (a.role === 'member' && a.memberId !== null) return eq(appointments.memberId, a.memberId);
  return sql`false`;
}

/**
 * A mistaken entry may be deleted only while it has no history: made by hand (not from a batch),
 * not a replacement, and with no work logs. Anything else is ended or recalled instead.
 */
export const isDeletable = (ap: { batchId: number | null; replacesId: number | null; logCount: number }) =>
  ap.batchId === null && ap.replacesId === null && ap.logCount === 0;

/** What the appointment machine sees of a row. */
export const appointmentFacts = (ap: AppointmentLike & Parameters<typeof isDeletable>[0]) => ({
  status: ap.status,
  deletable: isDeletable(ap),
});

/** What the caller may do with one appointment, sent along with it: the machine's moves ∩ the policy's. */
export function appointmentActions(
  a: Actor,
  ap: AppointmentLike & { batchId: number | null; replacesId: number | null; logCount: number },
): AppointmentAction[] {
  const manages = canManageAppointment(a, ap);
  return appointmentMachine
    .allowed(appointmentFacts(ap))
    .filter((e) => (e === 'recordLog' ? canRecordLog(a, ap) : manages));
}
