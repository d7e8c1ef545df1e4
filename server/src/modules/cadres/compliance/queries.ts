import {
  type AppointmentStatus,
  type DutyScalar,
  exemptionReasonText,
  type WorkLogStatus,
} from '@gongjian/common';
import { and, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import {
  appointmentKinds,
  appointments,
  areas,
  dutyExemptions,
  members,
  partyOrgs,
  units,
  workLogs,
} from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';
import type {
  DutyRecord,
  DutyExemption as EngineExemption,
  PopulationEntry,
} from '#server/rules/duties/index.ts';

/**
 * Set-based loads for the compliance board: one query each for the appointees, their work
 * records, their coverage populations and their approved exemptions, whatever the board's size.
 */

/** What narrows the appointees on a board; the service resolves scope and filters to SQL. */
export interface SubjectFilter {
  scope: SQL | undefined;
  withinPath?: string | undefined;
  sendingUnitId?: number | undefined;
  kindCode?: string | undefined;
  memberId?: number | undefined;
  appointmentId?: number | undefined;
  /** Days (inclusive) the term must overlap. */
  from: string;
  to: string;
  /**
   * A replay's instant: appointments recorded after it are left out, and an end recorded after
   * it is not yet known (the term reads as it stood then).
   */
  asOf?: Date | undefined;
}

/** Appointments whose kind has a duty policy and whose term overlaps the range. */
export async function loadSubjects(db: Executor, f: SubjectFilter) {
  const asOf = f.asOf?.toISOString();
  const endKnown = asOf
    ? sql`(${appointments.endedAt} is null or ${appointments.endedAt} <= ${asOf}::timestamptz)`
    : sql`true`;
  const endedOnDay = sql`case when ${endKnown} then ${appointments.endedOn} end`;
  const endedOn = sql<string | null>`${endedOnDay}::text`;
  const status = sql<AppointmentStatus>`case when ${endKnown} then ${appointments.status} else 'active' end`;
  const lastDay = sql`coalesce(${endedOnDay}, ${appointments.termEnd})`;
  const conds: (SQL | undefined)[] = [
    f.scope,
    asOf ? sql`${appointments.createdAt} <= ${asOf}::timestamptz` : undefined,
    sql`${appointmentKinds.dutyPolicyCode} is not null`,
    sql`${appointments.termStart} <= ${f.to}`,
    sql`(${lastDay} is null or ${lastDay} >= ${f.from})`,
  ];
  if (f.withinPath) conds.push(sql`${areas.path} like ${`${f.withinPath}%`}`);
  if (f.sendingUnitId) conds.push(eq(appointments.sendingUnitId, f.sendingUnitId));
  if (f.kindCode) conds.push(eq(appointmentKinds.code, f.kindCode));
  if (f.memberId) conds.push(eq(appointments.memberId, f.memberId));
  if (f.appointmentId) conds.push(eq(appointments.id, f.appointmentId));
  return db
    .select({
      appointmentId: appointments.id,
      memberId: appointments.memberId,
      memberName: members.name,
      memberCategory: members.category,
      kindCode: appointmentKinds.code,
      kindNameZh: appointmentKinds.nameZh,
      kindNameEn: appointmentKinds.nameEn,
      policyCode: sql<string>`${appointmentKinds.dutyPolicyCode}`,
      sendingUnitId: appointments.sendingUnitId,
      sendingUnitName: units.name,
      sendingUnitType: units.type,
      receivingOrgId: appointments.receivingOrgId,
      receivingOrgName: partyOrgs.name,
      areaId: appointments.areaId,
      areaName: areas.name,
      areaPath: areas.path,
      termStart: appointments.termStart,
      termEnd: appointments.termEnd,
      endedOn,
      status,
    })
    .from(appointments)
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, appointments.kindId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .leftJoin(units, eq(units.id, appointments.sendingUnitId))
    .innerJoin(partyOrgs, eq(partyOrgs.id, appointments.receivingOrgId))
    .innerJoin(areas, eq(areas.id, appointments.areaId))
    .where(and(...conds))
    .orderBy(areas.path, members.name, appointments.id);
}
/** One appointee as `loadSubjects` returns it. */
export type SubjectRow = Awaited<ReturnType<typeof loadSubjects>>[number];

/**
 * When a log was confirmed or rejected. A log leaves `pending` once, and that move stamps
 * `reviewed_at`; a reviewed log without the stamp is taken as reviewed when it was recorded.
 */
const reviewedAt = sql`coalesce(${workLogs.reviewedAt}, ${workLogs.createdAt})`;

/**
 * A log's status at an instant: a log confirmed or rejected after it was still pending then.
 * Without an instant, its status now.
 */
function statusAt(asOf: Date | undefined) {
  if (!asOf) return sql<WorkLogStatus>`${workLogs.status}`;
  return sql<WorkLogStatus>`case when ${workLogs.status} <> 'pending' and ${reviewedAt} > ${asOf.toISOString()}::timestamptz then 'pending' else ${workLogs.status} end`;
}

/**
 * The work logs of the appointments as engine records. Rejected logs never count; the others
 * carry `confirmed` and the attributes the rules filter on (the work-log columns, by their names).
 * With `asOf` (a replay), only the logs recorded by then, each with the status it had then.
 */
export async function loadRecords(
  db: Executor,
  appointmentIds: readonly number[],
  asOf?: Date,
): Promise<DutyRecord[]> {
  if (!appointmentIds.length) return [];
  const status = statusAt(asOf);
  // Raw rows, one array parameter: a district's board reads half a million logs, and the query
  // builder's per-value mapping (and one bind parameter per appointment) cost more than the
  // query itself (bench/board.ts).
  const result = await db.execute<{
    id: number;
    appointment_id: number;
    kind: string;
    occurred_at: Date | string;
    status: WorkLogStatus;
    hours: number | null;
    target_type: string | null;
    target_unit_id: number | null;
    subject_member_id: number | null;
    subject_resident_id: number | null;
    activity_type: string | null;
    activity_role: string | null;
    action_category: string | null;
    report_year: number | null;
  }>(sql`
    select ${workLogs.id} as id, ${workLogs.appointmentId} as appointment_id, ${workLogs.kind} as kind,
           ${workLogs.occurredAt} as occurred_at, ${status} as status, ${workLogs.hours}::float8 as hours,
           ${workLogs.targetType} as target_type, ${workLogs.targetUnitId} as target_unit_id,
           ${workLogs.subjectMemberId} as subject_member_id, ${workLogs.subjectResidentId} as subject_resident_id,
           ${workLogs.activityType} as activity_type, ${workLogs.activityRole} as activity_role,
           ${workLogs.actionCategory} as action_category, ${workLogs.reportYear} as report_year
      from ${workLogs}
     where ${workLogs.appointmentId} = any(${sql.param([...appointmentIds])}::int[])
       and ${status} <> 'rejected'
       ${asOf ? sql`and ${workLogs.createdAt} <= ${asOf.toISOString()}::timestamptz` : sql``}`);
  return result.rows.map((r) => {
    const attributes: Record<string, DutyScalar | null> = {
      confirmed: r.status === 'confirmed',
      hours: r.hours === null ? null : Number(r.hours),
      targetType: r.target_type,
      targetUnitId: r.target_unit_id,
      // An employee who is a resident, not a member, is `r<id>` — as in `sending_unit_employees`.
      subjectMemberId:
        r.subject_member_id ?? (r.subject_resident_id !== null ? `r${r.subject_resident_id}` : null),
      activityType: r.activity_type,
      activityRole: r.activity_role,
      actionCategory: r.action_category,
      reportYear: r.report_year,
    };
    // A timestamptz may come back as the driver's text: the engine takes either, as an instant.
    const occurredAt = typeof r.occurred_at === 'string' ? new Date(r.occurred_at) : r.occurred_at;
    return { id: r.id, subjectId: r.appointment_id, kind: r.kind, occurredAt, attributes };
  });
}

/**
 * How many (not rejected) logs of the appointments were recorded after `asOf` for instants in
 * [from, to): the back-filled work a replay as of `asOf` leaves out.
 */
export async function countLogsRecordedAfter(
  db: Executor,
  appointmentIds: readonly number[],
  asOf: Date,
  from: Date,
  to: Date,
): Promise<number> {
  if (!appointmentIds.length) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workLogs)
    .where(
      and(
        inArray(workLogs.appointmentId, [...appointmentIds]),
        sql`${workLogs.status} <> 'rejected'`,
        sql`${workLogs.createdAt} > ${asOf.toISOString()}::timestamptz`,
        sql`${workLogs.occurredAt} >= ${from.toISOString()}::timestamptz`,
        sql`${workLogs.occurredAt} < ${to.toISOString()}::timestamptz`,
      ),
    );
  return row?.n ?? 0;
}

/** Coverage populations by appointment id, then population key. */
export type Populations = Map<number, Record<string, PopulationEntry[]>>;

/**
 * The preset populations of each appointment:
 * - `sending_unit_employees`: the sending unit's employees who live in the receiving community
 *   (the community holding the receiving organisation's area): its members, the appointee
 *   excepted, and its residents who are not members (`residents.unit_id`), keyed `r<id>` so the
 *   two registries' ids cannot meet;
 * - `two_new_orgs`: two-new organisations (units of type two_new_firm/two_new_social) in the
 *   receiving area's subtree.
 */
export async function loadPopulations(db: Executor, appointmentIds: readonly number[]): Promise<Populations> {
  const out: Populations = new Map();
  if (!appointmentIds.length) return out;
  const ids = sql`(${sql.join(
    appointmentIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  // Communities sit at depth 2, so their path is the first three ids (as communityPathOf does).
  const result = await db.execute<{ appointment_id: number; key: string; id: string; name: string }>(sql`
    select a.id as appointment_id, 'sending_unit_employees' as key, m.id::text as id, m.name
      from appointments a
      join areas ra on ra.id = a.area_id
      join members m on m.unit_id = a.sending_unit_id and m.id <> a.member_id
      join areas ma on ma.id = m.area_id
     where a.id in ${ids}
       and ma.path like coalesce(substring(ra.path from '^/[0-9]+/[0-9]+/[0-9]+/'), ra.path) || '%'
    union all
    select a.id, 'sending_unit_employees', 'r' || r.id, r.name
      from appointments a
      join areas ra on ra.id = a.area_id
      join residents r on r.unit_id = a.sending_unit_id
      join areas rsa on rsa.id = r.area_id
     where a.id in ${ids}
       and rsa.path like coalesce(substring(ra.path from '^/[0-9]+/[0-9]+/[0-9]+/'), ra.path) || '%'
    union all
    select a.id, 'two_new_orgs', u.id::text, u.name
      from appointments a
      join areas ra on ra.id = a.area_id
      join units u on u.type in ('two_new_firm', 'two_new_social')
      join areas ua on ua.id = u.area_id
     where a.id in ${ids} and ua.path like ra.path || '%'`);
  for (const r of result.rows) {
    const byKey = out.get(r.appointment_id) ?? {};
    out.set(r.appointment_id, byKey);
    const list = byKey[r.key] ?? [];
    byKey[r.key] = list;
    // Members and units keep their numeric ids (as the logs' attributes carry them); residents `r<id>`.
    list.push({ id: /^\d+$/.test(r.id) ? Number(r.id) : r.id, name: r.name });
  }
  return out;
}

/** Approved exemptions of the appointments, as the engine takes them; with `asOf`, approved by then. */
export async function loadExemptions(
  db: Executor,
  appointmentIds: readonly number[],
  asOf?: Date,
): Promise<EngineExemption[]> {
  if (!appointmentIds.length) return [];
  const rows = await db
    .select({
      appointmentId: dutyExemptions.appointmentId,
      ruleCode: dutyExemptions.ruleCode,
      periodKey: dutyExemptions.periodKey,
      reasonKind: dutyExemptions.reasonKind,
      reason: dutyExemptions.reason,
    })
    .from(dutyExemptions)
    .where(
      and(
        inArray(dutyExemptions.appointmentId, [...appointmentIds]),
        eq(dutyExemptions.status, 'approved'),
        asOf
          ? sql`coalesce(${dutyExemptions.reviewedAt}, ${dutyExemptions.createdAt}) <= ${asOf.toISOString()}::timestamptz`
          : undefined,
      ),
    );
  return rows.map((r) => ({
    subjectId: r.appointmentId,
    ruleCode: r.ruleCode,
    periodKey: r.periodKey,
    reason: exemptionReasonText(r.reasonKind, r.reason),
    approved: true,
  }));
}

/**
 * The work logs behind a verdict, with the employee named where there is one; with `asOf` (a
 * replay), each with the status it had then.
 */
export async function logsByIds(db: Executor, ids: readonly number[], asOf?: Date) {
  if (!ids.length) return [];
  return db
    .select({
      id: workLogs.id,
      kind: workLogs.kind,
      occurredAt: workLogs.occurredAt,
      content: workLogs.content,
      status: statusAt(asOf),
      subjectMemberId: workLogs.subjectMemberId,
      // The employee contacted, member or resident.
      subjectMemberName: sql<
        string | null
      >`coalesce(${members.name}, (select r.name from residents r where r.id = ${workLogs.subjectResidentId}))`,
      targetUnitId: workLogs.targetUnitId,
      activityRole: workLogs.activityRole,
      reportYear: workLogs.reportYear,
    })
    .from(workLogs)
    .leftJoin(members, eq(members.id, workLogs.subjectMemberId))
    .where(inArray(workLogs.id, [...ids]))
    .orderBy(workLogs.occurredAt, workLogs.id);
}

// ── Exemptions ─────────────────────────────────────────────────────────────────────────────

const exemptionColumns = {
  id: dutyExemptions.id,
  appointmentId: dutyExemptions.appointmentId,
  areaId: dutyExemptions.areaId,
  ruleCode: dutyExemptions.ruleCode,
  periodKey: dutyExemptions.periodKey,
  reasonKind: dutyExemptions.reasonKind,
  reason: dutyExemptions.reason,
  status: dutyExemptions.status,
  requestedByName: dutyExemptions.requestedByName,
  reviewedByName: dutyExemptions.reviewedByName,
  reviewedAt: dutyExemptions.reviewedAt,
  reviewComment: dutyExemptions.reviewComment,
  createdAt: dutyExemptions.createdAt,
  memberId: appointments.memberId,
  memberName: members.name,
  sendingUnitId: appointments.sendingUnitId,
  appointmentStatus: appointments.status,
  termStart: appointments.termStart,
  termEnd: appointments.termEnd,
  endedOn: appointments.endedOn,
  requestedBy: dutyExemptions.requestedBy,
  areaName: areas.name,
  areaPath: areas.path,
};

function selectExemptions(db: Executor) {
  return db
    .select(exemptionColumns)
    .from(dutyExemptions)
    .innerJoin(appointments, eq(appointments.id, dutyExemptions.appointmentId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(areas, eq(areas.id, dutyExemptions.areaId));
}

/** One exemption with its appointment's scope fields; `lock` takes it for update. */
export async function findExemption(db: Executor, id: number, lock = false) {
  const q = selectExemptions(db).where(eq(dutyExemptions.id, id));
  const [row] = await (lock ? q.for('update', { of: dutyExemptions }) : q);
  return row;
}
/** An exemption as `findExemption` returns it. */
export type ExemptionRow = NonNullable<Awaited<ReturnType<typeof findExemption>>>;

/** List filters, resolved by the service. */
export interface ExemptionFilter {
  scope: SQL | undefined;
  appointmentId?: number | undefined;
  status?: string | undefined;
  reasonKind?: ExemptionRow['reasonKind'] | undefined;
  withinPath?: string | undefined;
  /** Part of the appointee's name, or of the rule code. */
  q?: string | undefined;
}

/** The exemption list's conditions, over exemptions joined to their appointee and node. */
function exemptionWhere(f: ExemptionFilter): SQL | undefined {
  return and(
    f.scope,
    f.appointmentId ? eq(dutyExemptions.appointmentId, f.appointmentId) : undefined,
    f.status ? eq(dutyExemptions.status, f.status as ExemptionRow['status']) : undefined,
    f.reasonKind ? eq(dutyExemptions.reasonKind, f.reasonKind) : undefined,
    f.withinPath ? sql`${areas.path} like ${`${f.withinPath}%`}` : undefined,
    f.q
      ? or(ilike(members.name, likeContains(f.q)), ilike(dutyExemptions.ruleCode, likeContains(f.q)))
      : undefined,
  );
}

/** The exemption list's FROM, counting the rows of a WHERE per `key` (a constant for one total). */
const countExemptions = (db: Executor, key: SQL<string | null>) =>
  db
    .select({ key, n: sql<number>`count(*)::int` })
    .from(dutyExemptions)
    .innerJoin(appointments, eq(appointments.id, dutyExemptions.appointmentId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(areas, eq(areas.id, dutyExemptions.areaId));

/** One page of exemptions, newest first. */
export async function listExemptions(db: Executor, f: ExemptionFilter, page: number, pageSize: number) {
  const w = exemptionWhere(f);
  const [data, [total]] = await Promise.all([
    selectExemptions(db)
      .where(w)
      .orderBy(desc(dutyExemptions.createdAt), desc(dutyExemptions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    countExemptions(db, sql`null`).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** Exemptions matching the list's filter, per reason kind: one GROUP BY over the list's own FROM and WHERE. */
export async function countExemptionsByReason(db: Executor, f: ExemptionFilter) {
  const rows = await countExemptions(db, sql<string>`${dutyExemptions.reasonKind}`)
    .where(exemptionWhere(f))
    .groupBy(dutyExemptions.reasonKind);
  return rows.map((r) => ({ key: String(r.key), n: r.n }));
}

/** The standing (pending or approved) requests of one appointment. */
export async function standingExemptions(db: Executor, appointmentId: number) {
  return db
    .select({
      id: dutyExemptions.id,
      ruleCode: dutyExemptions.ruleCode,
      periodKey: dutyExemptions.periodKey,
      status: dutyExemptions.status,
    })
    .from(dutyExemptions)
    .where(and(eq(dutyExemptions.appointmentId, appointmentId), sql`${dutyExemptions.status} <> 'rejected'`));
}
