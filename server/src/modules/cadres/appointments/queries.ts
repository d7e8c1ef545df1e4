import { BUILTIN_APPOINTMENT_KINDS } from '@gongjian/common';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  not,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import {
  appointmentKinds,
  appointments,
  areas,
  members,
  partyOrgs,
  residents,
  units,
  workLogs,
  workProgrammes,
} from '#server/db/schema/index.ts';
import { areaLabel as residenceLabel } from '#server/modules/registry/members/queries.ts';
import { likeContains } from '#server/policies/scope.ts';

// ── Kinds ──────────────────────────────────────────────────────────────────────────────────

/** One row of `appointment_kinds`. */
export type KindRow = typeof appointmentKinds.$inferSelect;

/**
 * Give a district the built-in kinds it does not have yet. Idempotent and safe under concurrent
 * calls (the unique key absorbs a race), so it runs lazily wherever a district's kinds are needed.
 */
export async function ensureBuiltinKinds(db: Executor, districtId: number) {
  const [have] = await db
    .select({ n: count() })
    .from(appointmentKinds)
    .where(and(eq(appointmentKinds.areaId, districtId), eq(appointmentKinds.builtin, true)));
  if ((have?.n ?? 0) >= BUILTIN_APPOINTMENT_KINDS.length) return;
  await db
    .insert(appointmentKinds)
    .values(
      BUILTIN_APPOINTMENT_KINDS.map((k, i) => ({
        areaId: districtId,
        code: k.code,
        nameZh: k.nameZh,
        nameEn: k.nameEn,
        description: k.description,
        termMonths: k.termMonths,
        needsSendingUnit: k.needsSendingUnit,
        dutyPolicyCode: k.dutyPolicyCode,
        builtin: true,
        sort: (i + 1) * 10,
      })),
    )
    .onConflictDoNothing();
}

/** One kind by id, whatever its district (the service checks visibility). */
export async function findKind(db: Executor, id: number): Promise<KindRow | undefined> {
  const [row] = await db.select().from(appointmentKinds).where(eq(appointmentKinds.id, id));
  return row;
}

/** Lock a kind before changing or deleting it. */
export async function lockKind(db: Executor, id: number): Promise<KindRow | undefined> {
  const [row] = await db.select().from(appointmentKinds).where(eq(appointmentKinds.id, id)).for('update');
  return row;
}

/** A district root by id (undefined when missing or not a district). */
export async function findDistrict(db: Executor, id: number) {
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.id, id), eq(areas.level, 'district')));
  return row;
}

/** What a kinds list asks for; the district is resolved by the service first. */
export interface KindFilter {
  districtId: number;
  includeDisabled: boolean;
  q?: string | undefined;
}

/** One page of a district's kinds in their sort order. */
export async function listKinds(db: Executor, f: KindFilter, page: number, pageSize: number) {
  const w = and(
    eq(appointmentKinds.areaId, f.districtId),
    f.includeDisabled ? undefined : eq(appointmentKinds.enabled, true),
    f.q
      ? or(
          ilike(appointmentKinds.code, likeContains(f.q)),
          ilike(appointmentKinds.nameZh, likeContains(f.q)),
          ilike(appointmentKinds.nameEn, likeContains(f.q)),
        )
      : undefined,
  );
  const [data, [total]] = await Promise.all([
    db
      .select()
      .from(appointmentKinds)
      .where(w)
      .orderBy(asc(appointmentKinds.sort), asc(appointmentKinds.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(appointmentKinds).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** How many appointments and programmes use a kind (those with none left out). */
export async function kindUsage(db: Executor, id: number): Promise<Record<string, number>> {
  const result = await db.execute(sql`
    select (select count(*)::int from ${appointments} where ${appointments.kindId} = ${id}) as appointments,
           (select count(*)::int from ${workProgrammes} where ${workProgrammes.kindId} = ${id}) as work_programmes`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

// ── References resolved by appointments, batches and work logs ──────────────────────────────

/** A member as the reference checks and the qualification check need it. */
export async function findMemberRef(db: Executor, id: number) {
  const [row] = await db
    .select({
      id: members.id,
      name: members.name,
      birthDate: members.birthDate,
      joinDate: members.joinDate,
      unitId: members.unitId,
      unitName: units.name,
      category: members.category,
      areaId: members.areaId,
      areaPath: areas.path,
      areaName: areas.name,
    })
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .leftJoin(units, eq(units.id, members.unitId))
    .where(eq(members.id, id));
  return row;
}
/** A member as `findMemberRef` returns it. */
export type MemberRef = NonNullable<Awaited<ReturnType<typeof findMemberRef>>>;

/** A resident as an employee contacted: its employer and where it lives. */
export async function findResidentEmployeeRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: residents.id, unitId: residents.unitId, areaPath: areas.path })
    .from(residents)
    .innerJoin(areas, eq(areas.id, residents.areaId))
    .where(eq(residents.id, id));
  return row;
}

/** A party organisation with its area, for reference checks. */
export async function findOrgRef(db: Executor, id: number) {
  const [row] = await db
    .select({
      id: partyOrgs.id,
      name: partyOrgs.name,
      areaId: partyOrgs.areaId,
      areaPath: areas.path,
      areaName: areas.name,
    })
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .where(eq(partyOrgs.id, id));
  return row;
}

/** A unit with its area, for reference checks. */
export async function findUnitRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: units.id, name: units.name, type: units.type, areaPath: areas.path })
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .where(eq(units.id, id));
  return row;
}

/**
 * The path of the community an area belongs to: communities sit at depth 2 (district / street /
 * community) in every tree, so it is the first three ids; areas above a community are their own.
 */
export function communityPathOf(path: string): string {
  const ids = path.split('/').filter(Boolean);
  return ids.length <= 3 ? path : `/${ids.slice(0, 3).join('/')}/`;
}

/** An area's path and name, or undefined. */
export async function findAreaRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: areas.id, path: areas.path, name: areas.name })
    .from(areas)
    .where(eq(areas.id, id));
  return row;
}

// ── Appointments ───────────────────────────────────────────────────────────────────────────

const successor = alias(appointments, 'successor');

const logCount = sql<number>`(select count(*)::int from ${workLogs} where ${workLogs.appointmentId} = ${appointments.id})`;

const columns = {
  ...getTableColumns(appointments),
  kindCode: appointmentKinds.code,
  kindNameZh: appointmentKinds.nameZh,
  kindNameEn: appointmentKinds.nameEn,
  memberName: members.name,
  sendingUnitName: units.name,
  receivingOrgName: partyOrgs.name,
  areaName: areas.name,
  areaPath: areas.path,
  replacedById: successor.id,
  logCount,
};

function selectAppointments(db: Executor) {
  return db
    .select(columns)
    .from(appointments)
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, appointments.kindId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .leftJoin(units, eq(units.id, appointments.sendingUnitId))
    .innerJoin(partyOrgs, eq(partyOrgs.id, appointments.receivingOrgId))
    .innerJoin(areas, eq(areas.id, appointments.areaId))
    .leftJoin(successor, eq(successor.replacesId, appointments.id));
}

/** An appointment with the names it refers to, its area path (scope) and its successor. */
export async function findAppointment(db: Executor, id: number) {
  const [row] = await selectAppointments(db).where(eq(appointments.id, id));
  return row;
}
/** An appointment with its names, area path, successor and log count. */
export type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

/** Lock an appointment before it moves; returns the same shape as `findAppointment`. */
export async function lockAppointment(db: Executor, id: number, mode: 'update' | 'share' = 'update') {
  const [row] = await selectAppointments(db).where(eq(appointments.id, id)).for(mode, { of: appointments });
  return row;
}

/** List filters, already resolved to ids and paths by the service. */
export interface AppointmentFilter {
  scope: SQL | undefined;
  kindId?: number | undefined;
  status?: string | undefined;
  sendingUnitId?: number | undefined;
  receivingOrgId?: number | undefined;
  withinPath?: string | undefined;
  memberId?: number | undefined;
  batchId?: number | undefined;
  q?: string | undefined;
}

function where(f: AppointmentFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [f.scope];
  if (f.kindId) conds.push(eq(appointments.kindId, f.kindId));
  if (f.status) conds.push(eq(appointments.status, f.status as AppointmentRow['status']));
  if (f.sendingUnitId) conds.push(eq(appointments.sendingUnitId, f.sendingUnitId));
  if (f.receivingOrgId) conds.push(eq(appointments.receivingOrgId, f.receivingOrgId));
  if (f.withinPath) conds.push(sql`${areas.path} like ${`${f.withinPath}%`}`);
  if (f.memberId) conds.push(eq(appointments.memberId, f.memberId));
  if (f.batchId) conds.push(eq(appointments.batchId, f.batchId));
  if (f.q)
    conds.push(
      or(
        ilike(members.name, likeContains(f.q)),
        ilike(partyOrgs.name, likeContains(f.q)),
        ilike(appointments.post, likeContains(f.q)),
      ),
    );
  return and(...conds);
}

/** One page of appointments, newest first, with the total. */
export async function listAppointments(db: Executor, f: AppointmentFilter, page: number, pageSize: number) {
  const w = where(f);
  const [data, [total]] = await Promise.all([
    selectAppointments(db)
      .where(w)
      .orderBy(desc(appointments.termStart), desc(appointments.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(appointments)
      .innerJoin(members, eq(members.id, appointments.memberId))
      .innerJoin(partyOrgs, eq(partyOrgs.id, appointments.receivingOrgId))
      .innerJoin(areas, eq(areas.id, appointments.areaId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/**
 * The whole replacement chain an appointment belongs to, oldest first: walk back through
 * `replaces_id` to the first appointment, then forward through its successors.
 */
export async function replacementChain(db: Executor, id: number) {
  const result = await db.execute<{
    id: number;
    member_id: number;
    member_name: string;
    status: AppointmentRow['status'];
    term_start: string;
    term_end: string | null;
    ended_on: string | null;
    end_reason: string | null;
  }>(sql`
    with recursive back(id, replaces_id) as (
      select id, replaces_id from ${appointments} where id = ${id}
      union all
      select a.id, a.replaces_id from ${appointments} a join back on a.id = back.replaces_id
    ),
    first as (select id from back where replaces_id is null),
    forward(id, step) as (
      select id, 0 from first
      union all
      select a.id, forward.step + 1 from ${appointments} a join forward on a.replaces_id = forward.id
    )
    select a.id, a.member_id, m.name as member_name, a.status, a.term_start::text as term_start,
           a.term_end::text as term_end, a.ended_on::text as ended_on, a.end_reason
      from forward join ${appointments} a on a.id = forward.id join ${members} m on m.id = a.member_id
     order by forward.step`);
  return result.rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    status: r.status,
    termStart: r.term_start,
    termEnd: r.term_end,
    endedOn: r.ended_on,
    endReason: r.end_reason,
  }));
}

// ── Look-ups for recording logs ────────────────────────────────────────────────────────────

/** The instants `[from, to)` of the quarter the "this quarter" marks are judged in. */
export interface QuarterRange {
  from: Date;
  to: Date;
}

/** What the employee look-up lists: resolved from the appointment by the service. */
export interface EmployeeLookup {
  appointmentId: number;
  sendingUnitId: number;
  /** The appointee, left out of its own list (as the coverage population leaves it out). */
  appointeeId: number;
  communityPath: string;
  quarter: QuarterRange;
  q?: string | undefined;
}

/**
 * One page of the sending unit's employees living in the receiving community, with the
 * appointment's contacts with each (not rejected, as the duty engine counts them). Not yet
 * contacted this quarter first, then by name.
 */
export async function listSendingUnitEmployees(
  db: Executor,
  f: EmployeeLookup,
  page: number,
  pageSize: number,
) {
  const contacts = db
    .select({
      memberId: sql<number>`${workLogs.subjectMemberId}`.as('member_id'),
      last: sql<Date>`max(${workLogs.occurredAt})`.as('last'),
      inQuarter:
        sql<boolean>`bool_or(${workLogs.occurredAt} >= ${f.quarter.from} and ${workLogs.occurredAt} < ${f.quarter.to})`.as(
          'in_quarter',
        ),
    })
    .from(workLogs)
    .where(
      and(
        eq(workLogs.appointmentId, f.appointmentId),
        eq(workLogs.kind, 'employee_contact'),
        sql`${workLogs.status} <> 'rejected'`,
      ),
    )
    .groupBy(workLogs.subjectMemberId)
    .as('contacts');
  const w = and(
    eq(members.unitId, f.sendingUnitId),
    sql`${members.id} <> ${f.appointeeId}`,
    sql`${areas.path} like ${`${f.communityPath}%`}`,
    f.q ? or(ilike(members.name, likeContains(f.q)), ilike(areas.name, likeContains(f.q))) : undefined,
  );
  const contacted = sql<boolean>`coalesce(${contacts.inQuarter}, false)`;
  const [data, [total]] = await Promise.all([
    db
      .select({
        id: members.id,
        name: members.name,
        phone: members.phone,
        areaLabel: residenceLabel,
        contactedThisQuarter: contacted,
        lastContactedAt: contacts.last,
      })
      .from(members)
      .innerJoin(areas, eq(areas.id, members.areaId))
      .leftJoin(contacts, eq(contacts.memberId, members.id))
      .where(w)
      .orderBy(asc(contacted), asc(members.name), asc(members.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(members).innerJoin(areas, eq(areas.id, members.areaId)).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}
/** One employee as `listSendingUnitEmployees` returns it. */
export type EmployeeRow = Awaited<ReturnType<typeof listSendingUnitEmployees>>['data'][number];

/** What the visit-target look-up lists: resolved from the appointment by the service. */
export interface VisitTargetLookup {
  appointmentId: number;
  communityPath: string;
  /** `unit_type` codes that make a unit a two-new organisation. */
  twoNewTypes: readonly string[];
  kind?: 'unit' | 'two_new_org' | undefined;
  quarter: QuarterRange;
  q?: string | undefined;
}

/**
 * One page of the units of the receiving community (ordinary units or two-new organisations),
 * with the appointment's visits to each (not rejected). Not yet visited this quarter first.
 */
export async function listVisitTargets(db: Executor, f: VisitTargetLookup, page: number, pageSize: number) {
  const visits = db
    .select({
      unitId: sql<number>`${workLogs.targetUnitId}`.as('unit_id'),
      last: sql<Date>`max(${workLogs.occurredAt})`.as('last'),
      inQuarter:
        sql<boolean>`bool_or(${workLogs.occurredAt} >= ${f.quarter.from} and ${workLogs.occurredAt} < ${f.quarter.to})`.as(
          'in_quarter',
        ),
    })
    .from(workLogs)
    .where(
      and(
        eq(workLogs.appointmentId, f.appointmentId),
        eq(workLogs.kind, 'visit'),
        sql`${workLogs.targetUnitId} is not null`,
        sql`${workLogs.status} <> 'rejected'`,
      ),
    )
    .groupBy(workLogs.targetUnitId)
    .as('visits');
  const twoNew = f.twoNewTypes.length ? inArray(units.type, [...f.twoNewTypes]) : sql`false`;
  const w = and(
    sql`${areas.path} like ${`${f.communityPath}%`}`,
    f.kind === 'two_new_org' ? twoNew : f.kind === 'unit' ? not(twoNew) : undefined,
    f.q ? or(ilike(units.name, likeContains(f.q)), ilike(units.address, likeContains(f.q))) : undefined,
  );
  const visited = sql<boolean>`coalesce(${visits.inQuarter}, false)`;
  const [data, [total]] = await Promise.all([
    db
      .select({
        id: units.id,
        name: units.name,
        type: units.type,
        isTwoNew: sql<boolean>`${twoNew}`,
        address: units.address,
        areaLabel: residenceLabel,
        visitedThisQuarter: visited,
        lastVisitedAt: visits.last,
      })
      .from(units)
      .innerJoin(areas, eq(areas.id, units.areaId))
      .leftJoin(visits, eq(visits.unitId, units.id))
      .where(w)
      .orderBy(asc(visited), asc(units.name), asc(units.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(units).innerJoin(areas, eq(areas.id, units.areaId)).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}
/** One unit as `listVisitTargets` returns it. */
export type VisitTargetRow = Awaited<ReturnType<typeof listVisitTargets>>['data'][number];
