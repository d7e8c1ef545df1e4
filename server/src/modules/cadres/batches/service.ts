import type {
  BatchAppoint,
  BatchCancel,
  BatchCreate,
  BatchEvent,
  BatchListQuery,
  BatchNotice,
  BatchStatus,
  BatchUpdate,
  CandidateCreate,
  CandidateReview,
  ConditionResult,
  MessageKey,
  ProgrammeCondition,
  ProgrammeCreate,
  ProgrammeListQuery,
  ProgrammeUpdate,
} from '@gongjian/common';
import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Executor, Tx } from '#server/db/client.ts';
import { historyOf, recordCreation, recordTransition } from '#server/db/history.ts';
import {
  batchCandidates,
  batchTransitions,
  selectionBatches,
  workProgrammes,
} from '#server/db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import { type Ctx, today } from '#server/http/context.ts';
import {
  communityPathOf,
  findAreaRef,
  findKind,
  findMemberRef,
  findOrgRef,
  findUnitRef,
} from '#server/modules/cadres/appointments/queries.ts';
import {
  defaultTermEnd,
  insertAppointment,
  kindIssues,
  partyIssues,
  withinPathFor,
} from '#server/modules/cadres/appointments/service.ts';
import { pathInScope } from '#server/policies/actor.ts';
import { judgeEvent } from '#server/policies/events.ts';
import { areaRef, dictIssues, districtOf, throwIfIssues } from '#server/policies/refs.ts';
import { type BatchFacts, batchMachine, candidateCanBeReviewed } from './machine.ts';
import { canManageSelection, canUseSelection } from './policy.ts';
import { evaluateConditions, qualifies } from './qualification.ts';
import {
  type BatchRow,
  type CandidateRow,
  candidatesIn,
  candidatesOf,
  categoryLabels,
  findBatch,
  findCandidate,
  findProgramme,
  listBatches,
  listProgrammes,
  lockBatch,
  lockProgramme,
  type ProgrammeRow,
} from './queries.ts';

const issue = (path: string, message: MessageKey): FieldIssue => ({ path, code: 'invalid', message });

/** Today in the district's time zone: notice periods and default dates are calendar days there. */

// ── Programmes ─────────────────────────────────────────────────────────────────────────────

/** A programme the caller may run, or 404 (403 for roles that never run selections). */
export async function getVisibleProgramme(ctx: Ctx, id: number) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  const row = await findProgramme(ctx.db, id);
  if (!row || !canManageSelection(ctx.actor, row)) throw notFound();
  return row;
}

/** One page of the programmes run inside the caller's subtree. */
export async function searchProgrammes(ctx: Ctx, q: ProgrammeListQuery) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  return listProgrammes(
    ctx.db,
    {
      scopePath: ctx.actor.scopePath,
      withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
      kindId: q.kindId,
      year: q.year,
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}

/**
 * Structured conditions: one of each type at most, and the categories of `category_in` must be
 * member categories of the district.
 */
async function conditionIssues(db: Executor, districtId: number, conditions: readonly ProgrammeCondition[]) {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [i, c] of conditions.entries()) {
    if (seen.has(c.type))
      issues.push({ path: `conditions.${i}.type`, code: 'duplicate', message: 'v.duplicate' });
    seen.add(c.type);
    if (c.type === 'category_in')
      issues.push(
        ...(await dictIssues(db, districtId, 'member_category', c.categories, `conditions.${i}.categories`)),
      );
  }
  return issues;
}

/** Write a programme for a kind and year in an area of the caller's subtree. */
export async function createProgramme(ctx: Ctx, input: ProgrammeCreate) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const area = await areaRef(tx, ctx.actor, input.areaId);
    const districtId = districtOf(area.path);
    const kind = await findKind(tx, input.kindId);
    throwIfIssues([
      ...kindIssues(kind, districtId),
      ...(await conditionIssues(tx, districtId, input.conditions)),
    ]);
    const [inserted] = await tx
      .insert(workProgrammes)
      .values({
        areaId: area.id,
        kindId: input.kindId,
        year: input.year,
        title: input.title,
        scopeText: input.scopeText ?? null,
        conditionsText: input.conditionsText ?? null,
        conditions: input.conditions,
        procedureText: input.procedureText ?? null,
        dutiesText: input.dutiesText ?? null,
        assessmentText: input.assessmentText ?? null,
      })
      .returning();
    if (!inserted) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'work_programme',
      entityId: inserted.id,
      areaId: inserted.areaId,
      summary: inserted.title,
      after: snapshot(inserted),
    });
    const row = await findProgramme(tx, inserted.id);
    if (!row) throw notFound();
    return row;
  });
}

async function lockVisibleProgramme(tx: Tx, ctx: Ctx, id: number): Promise<ProgrammeRow> {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  const row = await lockProgramme(tx, id);
  if (!row || !canManageSelection(ctx.actor, row)) throw notFound();
  return row;
}

/** Edit the texts, year or conditions; batches already checked keep the results they stored. */
export async function updateProgramme(ctx: Ctx, id: number, input: ProgrammeUpdate) {
  return ctx.db.transaction(async (tx) => {
    const before = await lockVisibleProgramme(tx, ctx, id);
    if (input.conditions)
      throwIfIssues(await conditionIssues(tx, districtOf(before.areaPath), input.conditions));
    const [after] = await tx
      .update(workProgrammes)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(workProgrammes.id, id))
      .returning();
    if (!after) throw notFound();
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'work_programme',
      entityId: id,
      areaId: after.areaId,
      summary: after.title,
      ...changedFields(before, after),
    });
    const row = await findProgramme(tx, id);
    if (!row) throw notFound();
    return row;
  });
}

/** Delete a programme that never ran a batch. */
export async function deleteProgramme(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockVisibleProgramme(tx, ctx, id);
    if (row.batchCount)
      throw conflict('HAS_RECORDS', 'e.hasRecords', { references: { batches: row.batchCount } });
    await tx.delete(workProgrammes).where(eq(workProgrammes.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'work_programme',
      entityId: id,
      areaId: row.areaId,
      summary: row.title,
      before: { kindId: row.kindId, year: row.year, title: row.title, conditions: row.conditions },
    });
  });
}

// ── Batches ────────────────────────────────────────────────────────────────────────────────

/** What the state machine sees of a batch now. */
export const factsOf = (b: BatchRow, day: string): BatchFacts => ({
  status: b.status,
  candidates: b.candidateStatuses,
  noticeEnd: b.noticeEnd,
  today: day,
});

/** One page of the batches run inside the caller's subtree. */
export async function searchBatches(ctx: Ctx, q: BatchListQuery) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  return listBatches(
    ctx.db,
    {
      scopePath: ctx.actor.scopePath,
      withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
      programmeId: q.programmeId,
      kindId: q.kindId,
      status: q.status,
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}

/** A batch with its candidates, read after a change or for the detail view. */
async function batchDetailOf(db: Executor, id: number) {
  const batch = await findBatch(db, id);
  if (!batch) throw notFound();
  return { batch, candidates: await candidatesOf(db, id) };
}

/** A batch the caller runs, or 404 (403 for roles that never run selections). */
async function visibleBatch(ctx: Ctx, id: number) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  const batch = await findBatch(ctx.db, id);
  if (!batch || !canManageSelection(ctx.actor, batch)) throw notFound();
  return batch;
}

/** A batch the caller runs, with its candidates, or 404. */
export async function batchDetail(ctx: Ctx, id: number) {
  const batch = await visibleBatch(ctx, id);
  return { batch, candidates: await candidatesOf(ctx.db, id) };
}

/** A batch's history, oldest first, read exactly as the batch is. */
export async function batchHistory(ctx: Ctx, id: number) {
  await visibleBatch(ctx, id);
  return historyOf(ctx.db, batchTransitions, id);
}

/** Open a batch under a programme; it starts nominating. */
export async function createBatch(ctx: Ctx, input: BatchCreate) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const programme = await findProgramme(tx, input.programmeId);
    if (!programme || !canManageSelection(ctx.actor, programme))
      throw fieldError('programmeId', 'v.notFoundRef');
    const [row] = await tx
      .insert(selectionBatches)
      .values({
        programmeId: programme.id,
        areaId: programme.areaId,
        title: input.title,
        batchDate: input.batchDate ?? today(ctx),
        note: input.note ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'selection_batch',
      entityId: row.id,
      areaId: row.areaId,
      summary: row.title,
      after: snapshot(row),
    });
    await recordCreation(tx, ctx, batchTransitions, row);
    return batchDetailOf(tx, row.id);
  });
}

/** The community a receiving organisation's area belongs to (the area itself above community level). */
async function receivingCommunity(db: Executor, org: { areaPath: string; areaName: string }) {
  const path = communityPathOf(org.areaPath);
  if (path === org.areaPath) return { areaPath: org.areaPath, areaName: org.areaName };
  const community = await findAreaRef(db, Number(path.split('/')[3]));
  return community
    ? { areaPath: community.path, areaName: community.name }
    : { areaPath: path, areaName: org.areaName };
}

/**
 * One candidate's qualification results: the programme's conditions against the member record as
 * stored now. Shared by the check and the demo seed, so a seeded candidate carries exactly what
 * the check would have stored.
 */
export async function evaluateCandidate(
  tx: Executor,
  batch: Pick<BatchRow, 'conditions' | 'batchDate'>,
  c: CandidateRow,
  labels: Awaited<ReturnType<typeof categoryLabels>>,
): Promise<ConditionResult[]> {
  const member = await findMemberRef(tx, c.memberId);
  if (!member) throw notFound();
  const unit = c.sendingUnitId ? await findUnitRef(tx, c.sendingUnitId) : undefined;
  return evaluateConditions(batch.conditions, {
    member,
    sendingUnit: unit ? { id: unit.id, name: unit.name } : null,
    receiving: { orgName: c.receivingOrgName, ...(await receivingCommunity(tx, c)) },
    batchDate: batch.batchDate,
    categoryLabels: labels,
  });
}

// ── Batch events ───────────────────────────────────────────────────────────────────────────

/** What each batch event is fired with (the route's body, and the candidate it names). */
interface BatchBodies {
  update: BatchUpdate;
  nominate: CandidateCreate;
  removeCandidate: { candidateId: number };
  check: undefined;
  reopen: undefined;
  startReview: undefined;
  review: CandidateReview & { candidateId: number };
  publishNotice: BatchNotice;
  appoint: BatchAppoint;
  cancel: BatchCancel;
}

/** The locked batch, where the move leads, and the candidate the event names (if it names one). */
interface Move {
  batch: BatchRow;
  to: BatchStatus;
  candidate: CandidateRow | undefined;
}

/**
 * What one event does once it is legal: the row changes and their audit events. It returns the
 * note of the history row (a candidate's name, a reason) or nothing.
 */
interface BatchEffect<B> {
  /** Events on one candidate name it: a candidate id not in the batch is 404, whatever the status. */
  candidate?: (tx: Tx, id: number, body: B) => Promise<CandidateRow | undefined>;
  run: (tx: Tx, ctx: Ctx, m: Move, body: B) => Promise<string | null | undefined>;
}

/** Audit a status move of a batch. */
async function auditMove(
  tx: Tx,
  ctx: Ctx,
  m: Move,
  action: string,
  after: Record<string, unknown>,
  summary?: string,
) {
  await audit(tx, ctx, {
    action,
    entityType: 'selection_batch',
    entityId: m.batch.id,
    areaId: m.batch.areaId,
    summary: summary ?? m.batch.title,
    before: { status: m.batch.status },
    after,
  });
}

/** Set the batch's status (and what the move records with it). */
async function setBatch(tx: Tx, m: Move, values: PgUpdateSetSource<typeof selectionBatches> = {}) {
  await tx
    .update(selectionBatches)
    .set({ status: m.to, ...values, updatedAt: sql`now()` })
    .where(eq(selectionBatches.id, m.batch.id));
}

const inBatch = (tx: Tx, id: number, body: { candidateId: number }) =>
  findCandidate(tx, id, body.candidateId);

const EFFECTS: { [K in BatchEvent]: BatchEffect<BatchBodies[K]> } = {
  /** Retitle or annotate an open batch; its date moves only while candidates are being nominated. */
  update: {
    async run(tx, ctx, { batch }, input) {
      if (
        input.batchDate !== undefined &&
        input.batchDate !== batch.batchDate &&
        batch.status !== 'nominating'
      )
        throw conflict('ILLEGAL_TRANSITION', 'e.illegalTransition', {
          status: batch.status,
          field: 'batchDate',
        });
      const [after] = await tx
        .update(selectionBatches)
        .set({ ...input, updatedAt: sql`now()` })
        .where(eq(selectionBatches.id, batch.id))
        .returning();
      if (!after) throw notFound();
      const changed = changedFields(batch, after);
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'selection_batch',
        entityId: batch.id,
        areaId: batch.areaId,
        ...changed,
      });
      return Object.keys(changed.after).join(', ') || null;
    },
  },

  /**
   * Nominate a candidate: a member of the district, the sending unit (required when the kind
   * needs one) and a receiving organisation inside the area running the selection.
   */
  nominate: {
    async run(tx, ctx, { batch }, input) {
      const districtId = districtOf(batch.areaPath);
      const issues: FieldIssue[] = [];
      const org = await findOrgRef(tx, input.receivingOrgId);
      // The receiving organisation lies inside the area running the selection, and in the caller's sight.
      const orgOk = org?.areaPath.startsWith(batch.areaPath) && pathInScope(ctx.actor, org.areaPath);
      if (!orgOk) issues.push(issue('receivingOrgId', 'v.notFoundRef'));
      await partyIssues(
        tx,
        districtId,
        { needsSendingUnit: batch.kindNeedsSendingUnit },
        input.memberId,
        input.sendingUnitId,
        issues,
      );
      throwIfIssues(issues);
      // A second nomination of the same member hits batch_candidates_batch_member_key: 409 on memberId.
      const [row] = await tx
        .insert(batchCandidates)
        .values({
          batchId: batch.id,
          memberId: input.memberId,
          sendingUnitId: input.sendingUnitId ?? null,
          receivingOrgId: input.receivingOrgId,
          note: input.note ?? null,
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'batch_candidate',
        entityId: row.id,
        areaId: batch.areaId,
        summary: `batch ${batch.id}`,
        after: snapshot(row),
      });
      return (await findMemberRef(tx, input.memberId))?.name ?? null;
    },
  },

  /** Withdraw a nomination while the batch is still nominating. */
  removeCandidate: {
    candidate: inBatch,
    async run(tx, ctx, { batch, candidate }) {
      if (!candidate) throw notFound();
      await tx.delete(batchCandidates).where(eq(batchCandidates.id, candidate.id));
      await audit(tx, ctx, {
        action: 'delete',
        entityType: 'batch_candidate',
        entityId: candidate.id,
        areaId: batch.areaId,
        summary: `batch ${batch.id}`,
        before: {
          memberId: candidate.memberId,
          sendingUnitId: candidate.sendingUnitId,
          receivingOrgId: candidate.receivingOrgId,
        },
      });
      return candidate.memberName;
    },
  },

  /**
   * The qualification check: every structured condition of the programme is evaluated against
   * each candidate's member record and the per-condition results are stored; a candidate with
   * any failed condition is disqualified and goes no further.
   */
  check: {
    async run(tx, ctx, m) {
      const { batch } = m;
      const labels = await categoryLabels(tx, districtOf(batch.areaPath));
      const outcome: { candidateId: number; memberId: number; qualified: boolean; failed: string[] }[] = [];
      for (const c of await candidatesOf(tx, batch.id)) {
        const results = await evaluateCandidate(tx, batch, c, labels);
        const qualified = qualifies(results);
        await tx
          .update(batchCandidates)
          .set({
            status: qualified ? 'qualified' : 'disqualified',
            checkResults: results,
            checkedAt: sql`now()`,
          })
          .where(eq(batchCandidates.id, c.id));
        outcome.push({
          candidateId: c.id,
          memberId: c.memberId,
          qualified,
          failed: results.filter((r) => !r.passed).map((r) => r.type),
        });
      }
      await setBatch(tx, m, { checkedAt: sql`now()` });
      const passed = `${outcome.filter((o) => o.qualified).length}/${outcome.length} qualified`;
      await auditMove(tx, ctx, m, 'check', { status: m.to, candidates: outcome }, passed);
      return passed;
    },
  },

  /** Back to nominating (to add or withdraw candidates): the stored check results are cleared. */
  reopen: {
    async run(tx, ctx, m) {
      await tx
        .update(batchCandidates)
        .set({ status: 'nominated', checkResults: null, checkedAt: null })
        .where(eq(batchCandidates.batchId, m.batch.id));
      await setBatch(tx, m, { checkedAt: null });
      await auditMove(tx, ctx, m, 'reopen', { status: m.to });
      return null;
    },
  },

  /** Send the qualified candidates to review. */
  startReview: {
    async run(tx, ctx, m) {
      await setBatch(tx, m);
      await auditMove(tx, ctx, m, 'start_review', { status: m.to });
      return null;
    },
  },

  /** Approve or reject one qualified candidate (a decision may be changed until the notice). */
  review: {
    candidate: inBatch,
    async run(tx, ctx, { batch, candidate }, input) {
      if (!candidate) throw notFound();
      if (!candidateCanBeReviewed(candidate.status))
        throw conflict('NOT_QUALIFIED', 'e.candidateNotQualified', { status: candidate.status });
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      await tx
        .update(batchCandidates)
        .set({
          status,
          reviewComment: input.comment ?? null,
          reviewedBy: ctx.actor.accountId,
          reviewedAt: sql`now()`,
        })
        .where(and(eq(batchCandidates.id, candidate.id), eq(batchCandidates.batchId, batch.id)));
      await audit(tx, ctx, {
        action: 'review',
        entityType: 'batch_candidate',
        entityId: candidate.id,
        areaId: batch.areaId,
        summary: `batch ${batch.id}: ${status}`,
        before: { status: candidate.status, reviewComment: candidate.reviewComment },
        after: { status, reviewComment: input.comment ?? null },
      });
      return `${candidate.memberName}: ${status}${input.comment ? ` (${input.comment})` : ''}`;
    },
  },

  /** Publish the pre-appointment notice (任前公示) once every qualified candidate is decided. */
  publishNotice: {
    async run(tx, ctx, m, input) {
      await setBatch(tx, m, { noticeStart: input.noticeStart, noticeEnd: input.noticeEnd });
      await auditMove(tx, ctx, m, 'notice', { status: m.to, ...input });
      return `${input.noticeStart} – ${input.noticeEnd}`;
    },
  },

  /**
   * Appoint the batch once its notice period is over: one appointment per approved candidate,
   * all in this transaction with their audit events, so a batch is never half-appointed.
   */
  appoint: {
    async run(tx, ctx, m, input) {
      const { batch } = m;
      const termStart = input.termStart ?? today(ctx);
      if (batch.noticeEnd && termStart <= batch.noticeEnd)
        throw fieldError('termStart', 'v.termStartBeforeNoticeEnd');
      const termEnd = defaultTermEnd({ termMonths: batch.kindTermMonths }, termStart);
      const made: number[] = [];
      for (const c of await candidatesIn(tx, batch.id, ['approved'])) {
        const appointment = await insertAppointment(
          tx,
          ctx,
          {
            kindId: batch.kindId,
            memberId: c.memberId,
            sendingUnitId: c.sendingUnitId,
            receivingOrgId: c.receivingOrgId,
            areaId: c.areaId,
            post: null,
            termStart,
            termEnd,
            note: null,
            replacesId: null,
            batchId: batch.id,
          },
          `batch ${batch.id}`,
        );
        await tx
          .update(batchCandidates)
          .set({ status: 'appointed', appointmentId: appointment.id })
          .where(eq(batchCandidates.id, c.id));
        made.push(appointment.id);
      }
      await setBatch(tx, m, { appointedAt: sql`now()`, termStart });
      await auditMove(tx, ctx, m, 'appoint', { status: m.to, termStart, appointments: made });
      return `${made.length} · ${termStart}`;
    },
  },

  /** Abandon an open batch, with the reason; nothing it recorded is deleted. */
  cancel: {
    async run(tx, ctx, m, input) {
      await setBatch(tx, m, { cancelReason: input.reason });
      await auditMove(tx, ctx, m, 'cancel', { status: m.to, cancelReason: input.reason });
      return input.reason;
    },
  },
};

/**
 * Fire one event on a batch (convention C3): the role runs selections (403) → lock the batch →
 * in scope (404) → the candidate it names is there (404) → the machine allows it now (409) →
 * the move with its audit events and history row, in one transaction.
 */
export async function fireBatch<K extends BatchEvent>(ctx: Ctx, id: number, event: K, body: BatchBodies[K]) {
  if (!canUseSelection(ctx.actor)) throw forbidden();
  const effect: BatchEffect<BatchBodies[K]> = EFFECTS[event];
  const named = effect.candidate;
  return ctx.db.transaction(async (tx) => {
    const judged = await judgeEvent(batchMachine, {
      row: await lockBatch(tx, id),
      event,
      visible: (b) => canManageSelection(ctx.actor, b),
      facts: (b) => factsOf(b, today(ctx)),
      ...(named ? { child: () => named(tx, id, body) } : {}),
    });
    const move: Move = { batch: judged.row, to: judged.to, candidate: judged.child };
    const note = await effect.run(tx, ctx, move, body);
    await recordTransition(tx, ctx, batchTransitions, {
      recordId: id,
      event,
      from: move.batch.status,
      to: move.to,
      note,
    });
    return batchDetailOf(tx, id);
  });
}
