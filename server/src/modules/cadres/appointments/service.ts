import {
  type AppointmentCreate,
  type AppointmentEmployeeQuery,
  type AppointmentEnd,
  type AppointmentKindCreate,
  type AppointmentKindListQuery,
  type AppointmentKindUpdate,
  type AppointmentListQuery,
  type AppointmentRecall,
  type AppointmentReplace,
  type AppointmentStatus,
  type AppointmentUpdate,
  addDays,
  type MessageKey,
  TWO_NEW_UNIT_TYPES,
  termEndFrom,
  type VisitTargetQuery,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Executor, Tx } from '#server/db/client.ts';
import { historyOf, recordCreation, recordTransition } from '#server/db/history.ts';
import { appointmentKinds, appointments, appointmentTransitions } from '#server/db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { type Actor, isAreaAdmin, isPlatformAdmin, pathInScope } from '#server/policies/actor.ts';
import { judgeEvent } from '#server/policies/events.ts';
import { districtOf, throwIfIssues } from '#server/policies/refs.ts';
import { periodKey, periodRange } from '#server/rules/duties/index.ts';
import { appointmentMachine } from './machine.ts';
import {
  appointmentFacts,
  appointmentListScope,
  canEditKind,
  canEditKinds,
  canManageAppointment,
  canReadAppointment,
  canReadKinds,
  canUseAppointments,
  canUseLookups,
} from './policy.ts';
import {
  type AppointmentFilter,
  type AppointmentRow,
  communityPathOf,
  ensureBuiltinKinds,
  findAppointment,
  findAreaRef,
  findDistrict,
  findKind,
  findMemberRef,
  findOrgRef,
  findUnitRef,
  type KindRow,
  kindUsage,
  listAppointments,
  listKinds,
  listSendingUnitEmployees,
  listVisitTargets,
  lockAppointment,
  lockKind,
  type MemberRef,
  type QuarterRange,
  replacementChain,
} from './queries.ts';

const issue = (path: string, message: MessageKey): FieldIssue => ({ path, code: 'invalid', message });

// ── Kinds ──────────────────────────────────────────────────────────────────────────────────

/**
 * The district a kinds request is about: the caller's own, or for the platform admin (who belongs
 * to none) the one it names. A district the caller cannot see is a bad field, not a 404.
 */
async function resolveDistrict(ctx: Ctx, districtId: number | null | undefined): Promise<number> {
  if (isPlatformAdmin(ctx.actor)) {
    if (!districtId) throw fieldError('districtId', 'v.required');
    if (!(await findDistrict(ctx.db, districtId))) throw fieldError('districtId', 'v.notFoundRef');
    return districtId;
  }
  const own = ctx.actor.districtId;
  if (own === null || (districtId && districtId !== own)) throw fieldError('districtId', 'v.notFoundRef');
  return own;
}

/** One page of a district's kinds; the built-in kinds are created on first use. */
export async function searchKinds(ctx: Ctx, q: AppointmentKindListQuery) {
  const districtId = await resolveDistrict(ctx, q.districtId);
  await ensureBuiltinKinds(ctx.db, districtId);
  return listKinds(
    ctx.db,
    { districtId, includeDisabled: q.includeDisabled === 'true', q: q.q },
    q.page,
    q.pageSize,
  );
}

/** A kind of a district the caller belongs to, or 404. */
export async function getVisibleKind(ctx: Ctx, id: number) {
  const row = await findKind(ctx.db, id);
  if (!row || !canReadKinds(ctx.actor, row.areaId)) throw notFound();
  return row;
}

/** Add a district's own kind of appointment. */
export async function createKind(ctx: Ctx, input: AppointmentKindCreate) {
  if (!canEditKinds(ctx.actor)) throw forbidden();
  const districtId = await resolveDistrict(ctx, input.districtId);
  return ctx.db.transaction(async (tx) => {
    // Built-ins first, so a district's own kind can never take a built-in code.
    await ensureBuiltinKinds(tx, districtId);
    const [row] = await tx
      .insert(appointmentKinds)
      .values({
        areaId: districtId,
        code: input.code,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        description: input.description ?? null,
        termMonths: input.termMonths ?? null,
        needsSendingUnit: input.needsSendingUnit,
        dutyPolicyCode: input.dutyPolicyCode ?? null,
        enabled: input.enabled,
        sort: input.sort,
        builtin: false,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'appointment_kind',
      entityId: row.id,
      areaId: districtId,
      summary: row.code,
      after: snapshot(row),
    });
    return row;
  });
}

/** Rename a kind or change its term, sending-unit rule, duty policy or state. */
export async function updateKind(ctx: Ctx, id: number, input: AppointmentKindUpdate) {
  return ctx.db.transaction(async (tx) => {
    const before = await lockKind(tx, id);
    if (!before || !canReadKinds(ctx.actor, before.areaId)) throw notFound();
    if (!canEditKind(ctx.actor, before.areaId)) throw forbidden();
    const [after] = await tx
      .update(appointmentKinds)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(appointmentKinds.id, id))
      .returning();
    if (!after) throw notFound();
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'appointment_kind',
      entityId: id,
      areaId: after.areaId,
      summary: after.code,
      ...changedFields(before, after),
    });
    return after;
  });
}

/** Delete a district's own kind that no appointment or programme uses. */
export async function deleteKind(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockKind(tx, id);
    if (!row || !canReadKinds(ctx.actor, row.areaId)) throw notFound();
    if (!canEditKind(ctx.actor, row.areaId)) throw forbidden();
    if (row.builtin) throw conflict('BUILTIN_KIND', 'e.builtinKind');
    const references = await kindUsage(tx, id);
    if (Object.keys(references).length) throw conflict('IN_USE', 'e.kindInUse', { references });
    await tx.delete(appointmentKinds).where(eq(appointmentKinds.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'appointment_kind',
      entityId: id,
      areaId: row.areaId,
      summary: row.code,
      before: snapshot(row),
    });
  });
}

// ── Shared reference checks (appointments and batches) ──────────────────────────────────────

/** The kind must belong to the district and be enabled; issues go on `field`. */
export function kindIssues(kind: KindRow | undefined, districtId: number | null, field = 'kindId') {
  if (!kind || (districtId !== null && kind.areaId !== districtId)) return [issue(field, 'v.notFoundRef')];
  if (!kind.enabled) return [issue(field, 'v.kindDisabled')];
  return [];
}

/**
 * The appointee and the sending unit: both must be registered in the district (a dispatched
 * secretary may live or work anywhere in it), and the unit is required when the kind needs one.
 */
export async function partyIssues(
  db: Executor,
  districtId: number | null,
  kind: Pick<KindRow, 'needsSendingUnit'> | undefined,
  memberId: number,
  sendingUnitId: number | null | undefined,
  issues: FieldIssue[],
): Promise<MemberRef | undefined> {
  const inDistrict = (path: string) => districtId === null || districtOf(path) === districtId;
  const member = await findMemberRef(db, memberId);
  if (!member || !inDistrict(member.areaPath)) issues.push(issue('memberId', 'v.notFoundRef'));
  if (sendingUnitId) {
    const unit = await findUnitRef(db, sendingUnitId);
    if (!unit || !inDistrict(unit.areaPath)) issues.push(issue('sendingUnitId', 'v.notFoundRef'));
  } else if (kind?.needsSendingUnit) {
    issues.push(issue('sendingUnitId', 'v.sendingUnitRequired'));
  }
  return member && inDistrict(member.areaPath) ? member : undefined;
}

/** The term end a new appointment gets when none is given: from the kind's term, if it has one. */
export const defaultTermEnd = (kind: Pick<KindRow, 'termMonths'>, termStart: string) =>
  kind.termMonths ? termEndFrom(termStart, kind.termMonths) : null;

// ── Appointments ───────────────────────────────────────────────────────────────────────────

/**
 * Resolve a `within` filter. Area admins may only name nodes in their subtree; for the other
 * roles the filter only narrows a list that is already limited to their own records.
 */
export async function withinPathFor(db: Executor, actor: Actor, id: number | undefined) {
  if (!id) return undefined;
  const area = await findAreaRef(db, id);
  if (!area || (isAreaAdmin(actor) && !pathInScope(actor, area.path)))
    throw fieldError('within', 'v.notFoundRef');
  return area.path;
}

/** One page of the appointments the caller may see. */
export async function searchAppointments(ctx: Ctx, q: AppointmentListQuery) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const filter: AppointmentFilter = {
    scope: appointmentListScope(ctx.actor),
    kindId: q.kindId,
    status: q.status,
    sendingUnitId: q.sendingUnitId,
    receivingOrgId: q.receivingOrgId,
    withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
    memberId: q.memberId,
    batchId: q.batchId,
    q: q.q,
  };
  return listAppointments(ctx.db, filter, q.page, q.pageSize);
}

/** An appointment the caller may see, or 404 (403 for roles that never see appointments). */
export async function getVisibleAppointment(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const row = await findAppointment(ctx.db, id);
  if (!row || !canReadAppointment(ctx.actor, row)) throw notFound();
  return row;
}

/** One appointment with its replacement chain. */
export async function appointmentDetail(ctx: Ctx, id: number) {
  const row = await getVisibleAppointment(ctx, id);
  return { row, history: await replacementChain(ctx.db, id) };
}

/** Make an appointment directly (building heads, grid posts, or any kind outside a batch). */
export async function createAppointment(ctx: Ctx, input: AppointmentCreate) {
  if (!isAreaAdmin(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    const org = await findOrgRef(tx, input.receivingOrgId);
    const orgOk = org && pathInScope(ctx.actor, org.areaPath);
    if (!orgOk) issues.push(issue('receivingOrgId', 'v.notFoundRef'));
    const districtId = orgOk ? districtOf(org.areaPath) : ctx.actor.districtId;
    const kind = await findKind(tx, input.kindId);
    issues.push(...kindIssues(kind, districtId));
    await partyIssues(tx, districtId, kind, input.memberId, input.sendingUnitId, issues);
    throwIfIssues(issues);
    if (!org || !kind) throw new Error('references checked above');
    const termEnd = input.termEnd !== undefined ? input.termEnd : defaultTermEnd(kind, input.termStart);
    if (termEnd && termEnd < input.termStart) throw fieldError('termEnd', 'v.dateOrder');
    const row = await insertAppointment(tx, ctx, {
      kindId: kind.id,
      memberId: input.memberId,
      sendingUnitId: input.sendingUnitId ?? null,
      receivingOrgId: org.id,
      areaId: org.areaId,
      post: input.post ?? null,
      termStart: input.termStart,
      termEnd,
      note: input.note ?? null,
      replacesId: null,
      batchId: null,
    });
    return row;
  });
}

type NewAppointment = Omit<
  typeof appointments.$inferInsert,
  'id' | 'status' | 'createdAt' | 'updatedAt' | 'endedOn' | 'endReason'
>;

/** Insert one appointment and its audit event; used by direct appointments, replacements and batches. */
export async function insertAppointment(tx: Tx, ctx: Ctx, values: NewAppointment, summary?: string) {
  const [inserted] = await tx.insert(appointments).values(values).returning();
  if (!inserted) throw new Error('insert returned nothing');
  await audit(tx, ctx, {
    action: 'create',
    entityType: 'appointment',
    entityId: inserted.id,
    areaId: inserted.areaId,
    ...(summary ? { summary } : {}),
    after: snapshot(inserted),
  });
  await recordCreation(tx, ctx, appointmentTransitions, inserted, summary ?? null);
  const row = await findAppointment(tx, inserted.id);
  if (!row) throw notFound();
  return row;
}

/** The table's own columns of a joined row, for audit diffs. */
function bare(row: AppointmentRow) {
  return {
    post: row.post,
    termStart: row.termStart,
    termEnd: row.termEnd,
    status: row.status,
    endedOn: row.endedOn,
    endReason: row.endReason,
    note: row.note,
  };
}

/** What each appointment event is fired with: the route's body. */
interface AppointmentBodies {
  update: AppointmentUpdate;
  end: AppointmentEnd;
  recall: AppointmentRecall;
  replace: AppointmentReplace;
  delete: undefined;
}
type FiredEvent = keyof AppointmentBodies;

/**
 * What one event does once it is legal: the row change and its audit event. It returns the note
 * of the history row and the appointment the route answers with (the successor for `replace`,
 * none once deleted).
 */
type AppointmentEffect<B, A extends AppointmentRow | null = AppointmentRow> = (
  tx: Tx,
  ctx: Ctx,
  m: { row: AppointmentRow; to: AppointmentStatus },
  body: B,
) => Promise<{ note: string | null; answer: A }>;

/** What the route answers with: the appointment as it is now, none once deleted. */
type Answer<K extends FiredEvent> = K extends 'delete' ? null : AppointmentRow;

/** Move an appointment out of `active`, recording the last day served and why. */
async function close(
  tx: Tx,
  ctx: Ctx,
  m: { row: AppointmentRow; to: AppointmentStatus },
  endedOn: string,
  reason: string | null,
  action: string,
) {
  const before = m.row;
  if (endedOn < before.termStart) throw fieldError('endedOn', 'v.endedBeforeStart');
  await tx
    .update(appointments)
    .set({ status: m.to, endedOn, endedAt: sql`now()`, endReason: reason, updatedAt: sql`now()` })
    .where(eq(appointments.id, before.id));
  await audit(tx, ctx, {
    action,
    entityType: 'appointment',
    entityId: before.id,
    areaId: before.areaId,
    before: { status: before.status, endedOn: null, endReason: null },
    after: { status: m.to, endedOn, endReason: reason },
  });
  const answer = await findAppointment(tx, before.id);
  if (!answer) throw notFound();
  return { note: [endedOn, reason].filter(Boolean).join(' · '), answer };
}

const EFFECTS: { [K in FiredEvent]: AppointmentEffect<AppointmentBodies[K], Answer<K>> } = {
  /** Correct the post, term or note of an active appointment. */
  async update(tx, ctx, { row: before }, input) {
    const termStart = input.termStart ?? before.termStart;
    const termEnd = input.termEnd !== undefined ? input.termEnd : before.termEnd;
    if (termEnd && termEnd < termStart) throw fieldError('termEnd', 'v.dateOrder');
    await tx
      .update(appointments)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(appointments.id, before.id));
    const after = await findAppointment(tx, before.id);
    if (!after) throw notFound();
    const changed = changedFields(bare(before), bare(after));
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'appointment',
      entityId: before.id,
      areaId: after.areaId,
      ...changed,
    });
    return { note: Object.keys(changed.after).join(', ') || null, answer: after };
  },

  /** Record the end of the term (on its last day unless another day is given). */
  end(tx, ctx, m, input) {
    const endedOn = input.endedOn ?? m.row.termEnd;
    if (!endedOn) throw fieldError('endedOn', 'v.required');
    return close(tx, ctx, m, endedOn, input.reason ?? null, 'end');
  },

  /** Record an early recall, with its date and reason. */
  recall: (tx, ctx, m, input) => close(tx, ctx, m, input.endedOn, input.reason, 'recall'),

  /**
   * Replace an appointee: the old appointment becomes `replaced` and a new one for the same kind
   * and receiving organisation, linked through `replacesId`, starts the next day for the rest of
   * the term.
   */
  async replace(tx, ctx, m, input) {
    const old = m.row;
    const districtId = districtOf(old.areaPath);
    const kind = await findKind(tx, old.kindId);
    const issues: FieldIssue[] = [];
    const sendingUnitId = input.sendingUnitId !== undefined ? input.sendingUnitId : old.sendingUnitId;
    await partyIssues(tx, districtId, kind, input.memberId, sendingUnitId, issues);
    const termStart = input.termStart ?? addDays(input.endedOn, 1);
    const termEnd = input.termEnd !== undefined ? input.termEnd : old.termEnd;
    if (input.endedOn < old.termStart) issues.push(issue('endedOn', 'v.endedBeforeStart'));
    if (termEnd && termEnd < termStart) issues.push(issue('termEnd', 'v.dateOrder'));
    throwIfIssues(issues);
    const closed = await close(tx, ctx, m, input.endedOn, input.reason, 'replace');
    const next = await insertAppointment(
      tx,
      ctx,
      {
        kindId: old.kindId,
        memberId: input.memberId,
        sendingUnitId: sendingUnitId ?? null,
        receivingOrgId: old.receivingOrgId,
        areaId: old.areaId,
        post: input.post !== undefined ? input.post : old.post,
        termStart,
        termEnd,
        note: input.note ?? null,
        replacesId: old.id,
        batchId: null,
      },
      `replaces appointment ${old.id}`,
    );
    return { note: `${closed.note} → #${next.id} ${next.memberName}`, answer: next };
  },

  /** Delete an appointment entered by mistake; anything with history is ended or recalled instead. */
  async delete(tx, ctx, { row }) {
    await tx.delete(appointments).where(eq(appointments.id, row.id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'appointment',
      entityId: row.id,
      areaId: row.areaId,
      before: {
        kindId: row.kindId,
        memberId: row.memberId,
        sendingUnitId: row.sendingUnitId,
        receivingOrgId: row.receivingOrgId,
        ...bare(row),
      },
    });
    return { note: null, answer: null };
  },
};

/**
 * Fire one event on an appointment (convention C3): a role that uses appointments (403) → lock
 * → visible (404) → the caller manages it (403) → the machine allows it now (409) → the move, its
 * audit event and history row in one transaction. A deleted appointment keeps no history: it was
 * a mistake with none, and its audit event holds what it was.
 */
export async function fireAppointment<K extends FiredEvent>(
  ctx: Ctx,
  id: number,
  event: K,
  body: AppointmentBodies[K],
): Promise<Answer<K>> {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const effect: AppointmentEffect<AppointmentBodies[K], Answer<K>> = EFFECTS[event];
  return ctx.db.transaction(async (tx) => {
    const { row, to } = await judgeEvent(appointmentMachine, {
      row: await lockAppointment(tx, id),
      event,
      visible: (r) => canReadAppointment(ctx.actor, r),
      may: (r) => canManageAppointment(ctx.actor, r),
      facts: appointmentFacts,
    });
    const { note, answer } = await effect(tx, ctx, { row, to }, body);
    if (event !== 'delete')
      await recordTransition(tx, ctx, appointmentTransitions, {
        recordId: id,
        event,
        from: row.status,
        to,
        note,
      });
    return answer;
  });
}

/** An appointment's history, oldest first, read exactly as the appointment is. */
export async function appointmentHistory(ctx: Ctx, id: number) {
  await getVisibleAppointment(ctx, id);
  return historyOf(ctx.db, appointmentTransitions, id);
}

// ── Look-ups for recording logs ────────────────────────────────────────────────────────────

/**
 * The appointment a look-up is about: visible to the caller (404 otherwise, 403 for roles that
 * never see appointments) and one whose pickers it may use (403, e.g. its appointee once ended).
 */
async function lookupAppointment(ctx: Ctx, id: number) {
  const row = await getVisibleAppointment(ctx, id);
  if (!canUseLookups(ctx.actor, row)) throw forbidden();
  return row;
}

/** The calendar quarter containing `now` in the district's zone, as the duty engine cuts it. */
function currentQuarter(now: Date): QuarterRange {
  const [from, to] = periodRange(periodKey(now, 'quarter'));
  if (!to) throw new Error('a quarter always ends');
  return { from, to };
}

/**
 * The sending unit's employees living in the receiving community, for the "contact an employee"
 * picker, marked by whether this appointment contacted them this quarter. An appointment without
 * a sending unit has none.
 */
export async function searchAppointmentEmployees(ctx: Ctx, id: number, q: AppointmentEmployeeQuery) {
  const ap = await lookupAppointment(ctx, id);
  if (ap.sendingUnitId === null) return { data: [], total: 0 };
  return listSendingUnitEmployees(
    ctx.db,
    {
      appointmentId: ap.id,
      sendingUnitId: ap.sendingUnitId,
      appointeeId: ap.memberId,
      communityPath: communityPathOf(ap.areaPath),
      quarter: currentQuarter(ctx.now),
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}

/**
 * The units of the receiving community an appointee may visit, ordinary units or two-new
 * organisations, marked by whether this appointment visited them this quarter.
 */
export async function searchVisitTargets(ctx: Ctx, id: number, q: VisitTargetQuery) {
  const ap = await lookupAppointment(ctx, id);
  return listVisitTargets(
    ctx.db,
    {
      appointmentId: ap.id,
      communityPath: communityPathOf(ap.areaPath),
      twoNewTypes: TWO_NEW_UNIT_TYPES,
      kind: q.type,
      quarter: currentQuarter(ctx.now),
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}
