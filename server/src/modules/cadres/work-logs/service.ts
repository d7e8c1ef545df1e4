import { createHash } from 'node:crypto';
import {
  DEFAULT_TIME_ZONE,
  EVIDENCE_MAX_FILES_PER_LOG,
  localDate,
  type MessageKey,
  TWO_NEW_UNIT_TYPES,
  t,
  type WorkLogBatchConfirm,
  type WorkLogConfirm,
  type WorkLogCreate,
  type WorkLogListQuery,
  type WorkLogStatus,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, snapshot } from '#server/audit/audit.ts';
import { eachRow } from '#server/batch.ts';
import type { Tx } from '#server/db/client.ts';
import { historyOf, recordCreation, recordTransition } from '#server/db/history.ts';
import { workLogFiles, workLogs, workLogTransitions } from '#server/db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { tooManyFiles } from '#server/http/uploads.ts';
import { takesLogs } from '#server/modules/cadres/appointments/machine.ts';
import {
  canManageAppointment,
  canReadAppointment,
  canUseAppointments,
  isAppointee,
} from '#server/modules/cadres/appointments/policy.ts';
import {
  type AppointmentRow,
  communityPathOf,
  findMemberRef,
  findResidentEmployeeRef,
  findUnitRef,
  lockAppointment,
} from '#server/modules/cadres/appointments/queries.ts';
import { withinPathFor } from '#server/modules/cadres/appointments/service.ts';
import { isAreaAdmin } from '#server/policies/actor.ts';
import { judgeEvent } from '#server/policies/events.ts';
import { areaRef, dictIssues, districtOf, throwIfIssues } from '#server/policies/refs.ts';
import { parsePeriodKey, periodRange } from '#server/rules/calendar/civil.ts';

const isTwoNewType = (type: string) => (TWO_NEW_UNIT_TYPES as readonly string[]).includes(type);

import { safeFileName, sniffContentType } from './evidence.ts';
import { type WorkLogEvent, workLogMachine } from './machine.ts';
import {
  canAttachEvidence,
  canReadWorkLog,
  canReviewWorkLog,
  canWriteWorkLogs,
  workLogCountScopes,
  workLogEstimateScope,
  workLogListScope,
} from './policy.ts';
import {
  fileCount,
  filesOf,
  findFile,
  findWorkLog,
  listWorkLogs,
  lockWorkLog,
  type WorkLogFilter,
  type WorkLogRow,
} from './queries.ts';

const issue = (path: string, message: MessageKey): FieldIssue => ({ path, code: 'invalid', message });

/** Clock skew tolerated between a phone and the server before a log counts as "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

// ── Lists and reads ────────────────────────────────────────────────────────────────────────

/** One page of the logs the caller may see, with their evidence lists. */
export async function searchWorkLogs(ctx: Ctx, q: WorkLogListQuery) {
  const { data, ...total } = await listWorkLogs(
    ctx.db,
    await workLogFilterOf(ctx, q),
    q.page,
    q.pageSize,
    q.after,
  );
  const files = await filesOf(
    ctx.db,
    data.map((r) => r.id),
  );
  return { data, ...total, files };
}

/** The log list's filter for the caller (the list and its figures share it). */
export async function workLogFilterOf(
  ctx: Ctx,
  q: Omit<WorkLogListQuery, 'page' | 'pageSize' | 'after'>,
): Promise<WorkLogFilter> {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  if (q.from && q.to && q.to < q.from) throw fieldError('to', 'v.dateOrder');
  const calendar = { timeZone: DEFAULT_TIME_ZONE };
  // A key the pattern admits but the calendar has not (2026-W54, 2026-13) is a bad filter.
  if (q.period && !parsePeriodKey(q.period)) throw fieldError('period', 'v.periodKey');
  const period = q.period ? periodRange(q.period, calendar) : undefined;
  return {
    scope: workLogListScope(ctx.actor),
    estimateScope: workLogEstimateScope(ctx.actor),
    countScopes: workLogCountScopes(ctx.actor),
    appointmentId: q.appointmentId,
    kind: q.kind,
    status: q.status,
    fromDay: q.from,
    toDay: q.to,
    timeZone: calendar.timeZone,
    period: period && { start: period[0], end: period[1] },
    withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
    targetType: q.targetType,
    targetUnitId: q.targetUnitId,
    // A node of the caller's subtree: visits to its units are the caller's to see, whoever made them.
    targetWithinPath: q.targetWithin
      ? (await areaRef(ctx.db, ctx.actor, q.targetWithin, 'targetWithin')).path
      : undefined,
    demandCategory: q.demandCategory,
    withDemands: q.withDemands === undefined ? undefined : q.withDemands === 'true',
    counted: q.counted === 'true',
    activityType: q.activityType,
    q: q.q,
  };
}

/** A log the caller may see, or 404 (403 for roles that never see logs). */
export async function getVisibleWorkLog(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const row = await findWorkLog(ctx.db, id);
  if (!row || !canReadWorkLog(ctx.actor, row)) throw notFound();
  return row;
}

/** One log with its evidence list. */
export async function workLogDetail(ctx: Ctx, id: number) {
  const row = await getVisibleWorkLog(ctx, id);
  return { row, files: await filesOf(ctx.db, [id]) };
}

async function detailOf(tx: Tx, id: number) {
  const row = await findWorkLog(tx, id);
  if (!row) throw notFound();
  return { row, files: await filesOf(tx, [id]) };
}

// ── Recording ──────────────────────────────────────────────────────────────────────────────

/** Every cross-record rule of a new log; all failures are reported together. */
async function logIssues(tx: Tx, ctx: Ctx, ap: AppointmentRow, input: WorkLogCreate): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const at = new Date(input.occurredAt);
  if (at.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS)
    issues.push(issue('occurredAt', 'v.occurredInFuture'));
  const day = localDate(at);
  if (day < ap.termStart || (ap.termEnd !== null && day > ap.termEnd))
    issues.push(issue('occurredAt', 'v.occurredOutsideTerm'));

  if (input.kind === 'visit' && input.targetType !== 'household' && input.targetUnitId) {
    const unit = await findUnitRef(tx, input.targetUnitId);
    if (!unit || districtOf(unit.areaPath) !== districtOf(ap.areaPath))
      issues.push(issue('targetUnitId', 'v.notFoundRef'));
    // Visit coverage counts two-new organisations by unit type: a visit filed as one must be one.
    else if ((input.targetType === 'two_new_org') !== isTwoNewType(unit.type))
      issues.push(issue('targetUnitId', 'v.visitTargetType'));
  }
  // Demand categories are the receiving district's dictionary (districts may add their own).
  if (input.kind === 'visit')
    issues.push(
      ...(await dictIssues(
        tx,
        districtOf(ap.areaPath),
        'demand_category',
        input.demandCategories,
        'demandCategories',
      )),
    );
  if (input.kind === 'employee_contact') {
    const field = input.subjectResidentId ? 'subjectResidentId' : 'subjectMemberId';
    if (ap.sendingUnitId === null) issues.push(issue(field, 'v.noSendingUnit'));
    else {
      // The employees the duty is about: the sending unit's members, and its employees who are
      // residents rather than members, living in the receiving community.
      const subject = input.subjectResidentId
        ? await findResidentEmployeeRef(tx, input.subjectResidentId)
        : await findMemberRef(tx, input.subjectMemberId ?? 0);
      if (
        !subject ||
        subject.unitId !== ap.sendingUnitId ||
        !subject.areaPath.startsWith(communityPathOf(ap.areaPath))
      )
        issues.push(issue(field, 'v.notSendingUnitEmployee'));
    }
  }
  return issues;
}

/** The kind-specific columns of a new log (those of other kinds stay null). */
function kindColumns(input: WorkLogCreate) {
  const none = {
    targetType: null,
    targetUnitId: null,
    householdAddress: null,
    asked: null,
    noted: null,
    demandCategories: [] as string[],
    subjectMemberId: null,
    subjectResidentId: null,
    activityType: null,
    activityRole: null,
    actionCategory: null,
    reportYear: null,
  };
  switch (input.kind) {
    case 'visit':
      return {
        ...none,
        targetType: input.targetType,
        targetUnitId: input.targetType === 'household' ? null : (input.targetUnitId ?? null),
        householdAddress: input.targetType === 'household' ? (input.householdAddress ?? null) : null,
        asked: input.asked ?? null,
        noted: input.noted ?? null,
        demandCategories: input.demandCategories,
      };
    case 'employee_contact':
      return {
        ...none,
        subjectMemberId: input.subjectMemberId ?? null,
        subjectResidentId: input.subjectResidentId ?? null,
      };
    case 'activity':
      return { ...none, activityType: input.activityType, activityRole: input.activityRole };
    case 'action':
      return { ...none, actionCategory: input.actionCategory };
    case 'annual_report':
      return { ...none, reportYear: input.reportYear };
    default:
      return none;
  }
}

/**
 * Record a log for an active appointment, by the appointee or an admin of the receiving area. It
 * waits for the community's confirmation. The appointment is share-locked so it cannot be ended
 * or recalled halfway through.
 */
export async function createWorkLog(ctx: Ctx, input: WorkLogCreate) {
  if (!canWriteWorkLogs(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const ap = await lockAppointment(tx, input.appointmentId, 'share');
    if (!ap || !canReadAppointment(ctx.actor, ap)) throw fieldError('appointmentId', 'v.notFoundRef');
    if (!canManageAppointment(ctx.actor, ap) && !isAppointee(ctx.actor, ap)) throw forbidden();
    if (!takesLogs(ap.status))
      throw conflict('APPOINTMENT_INACTIVE', 'e.appointmentInactive', { status: ap.status });
    throwIfIssues(await logIssues(tx, ctx, ap, input));
    // A second standing report for the same year hits work_logs_annual_report_key: 409 on reportYear.
    const [row] = await tx
      .insert(workLogs)
      .values({
        appointmentId: ap.id,
        areaId: ap.areaId,
        kind: input.kind,
        occurredAt: new Date(input.occurredAt),
        place: input.place ?? null,
        withWhom: input.withWhom ?? null,
        content: input.content,
        hours: input.hours ?? null,
        ...kindColumns(input),
        recordedBy: ctx.actor.accountId,
        recordedByName: ctx.actor.displayName,
        recordedByRole: ctx.actor.role,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'work_log',
      entityId: row.id,
      areaId: row.areaId,
      summary: `${row.kind} for appointment ${ap.id}`,
      after: snapshot(row),
    });
    await recordCreation(tx, ctx, workLogTransitions, row);
    return detailOf(tx, row.id);
  });
}

/** What each work log event is fired with. */
interface WorkLogBodies {
  confirm: WorkLogConfirm;
  reject: WorkLogConfirm;
  upload: { files: SanitisedUpload[] };
  deleteFile: { fileId: number };
}

type EvidenceFile = NonNullable<Awaited<ReturnType<typeof findFile>>>;

/**
 * What one event does once it is legal: who may fire it, the file it names (404 when not on the
 * log), and the row change with its audit events, returning the note of the history row.
 */
interface WorkLogEffect<B> {
  may: (a: Ctx['actor'], row: WorkLogRow) => boolean;
  file?: (tx: Tx, id: number, body: B) => Promise<EvidenceFile | undefined>;
  run: (
    tx: Tx,
    ctx: Ctx,
    m: { row: WorkLogRow; to: WorkLogStatus; file: EvidenceFile | undefined },
    body: B,
  ) => Promise<string | null>;
}

/**
 * Confirm or reject a log as the receiving community. A rejection says why; an annual report
 * (述职) is always reviewed with a comment.
 */
const review: WorkLogEffect<WorkLogConfirm> = {
  may: canReviewWorkLog,
  async run(tx, ctx, { row, to }, input) {
    const event = to === 'confirmed' ? 'confirm' : 'reject';
    const comment = input.comment ?? null;
    if (!comment && (event === 'reject' || row.kind === 'annual_report'))
      throw fieldError('comment', 'v.required');
    await tx
      .update(workLogs)
      .set({
        status: to,
        reviewedBy: ctx.actor.accountId,
        reviewedByName: ctx.actor.displayName,
        reviewedAt: sql`now()`,
        reviewComment: comment,
        updatedAt: sql`now()`,
      })
      .where(eq(workLogs.id, row.id));
    await audit(tx, ctx, {
      action: event,
      entityType: 'work_log',
      entityId: row.id,
      areaId: row.areaId,
      summary: `${row.kind} for appointment ${row.appointmentId}`,
      before: { status: row.status },
      after: { status: to, reviewComment: comment },
    });
    return comment;
  },
};

/** Audit one evidence file added to or removed from a log: the file as it is, never its bytes. */
async function auditFile(
  tx: Tx,
  ctx: Ctx,
  row: WorkLogRow,
  fileId: number,
  action: 'create' | 'delete',
  file: { fileName: string; contentType: string; size: number; sha256: string },
) {
  const described = { workLogId: row.id, ...file };
  await audit(tx, ctx, {
    action,
    entityType: 'work_log_file',
    entityId: fileId,
    areaId: row.areaId,
    summary: `evidence for work log ${row.id}`,
    ...(action === 'create' ? { after: described } : { before: described }),
  });
}

const EFFECTS: { [K in WorkLogEvent]: WorkLogEffect<WorkLogBodies[K]> } = {
  confirm: review,
  reject: review,

  /**
   * Store evidence files in the database (their types already judged by their content); one bad
   * file refused the whole upload before, so nothing is half-stored.
   */
  upload: {
    may: canAttachEvidence,
    async run(tx, ctx, { row }, { files }) {
      if ((await fileCount(tx, row.id)) + files.length > EVIDENCE_MAX_FILES_PER_LOG)
        throw tooManyFiles('v.tooManyFiles', EVIDENCE_MAX_FILES_PER_LOG);
      for (const f of files) {
        const sha256 = createHash('sha256').update(f.data).digest('hex');
        const [stored] = await tx
          .insert(workLogFiles)
          .values({
            workLogId: row.id,
            fileName: f.fileName,
            contentType: f.contentType,
            size: f.data.length,
            sha256,
            data: f.data,
            uploadedBy: ctx.actor.accountId,
          })
          .returning({ id: workLogFiles.id });
        if (!stored) throw new Error('insert returned nothing');
        await auditFile(tx, ctx, row, stored.id, 'create', {
          fileName: f.fileName,
          contentType: f.contentType,
          size: f.data.length,
          sha256,
        });
      }
      return files.map((f) => f.fileName).join(', ');
    },
  },

  /** Remove a wrongly attached file while the log is still pending. */
  deleteFile: {
    may: canAttachEvidence,
    file: (tx, id, { fileId }) => findFile(tx, id, fileId),
    async run(tx, ctx, { row, file }) {
      if (!file) throw notFound();
      await tx.delete(workLogFiles).where(eq(workLogFiles.id, file.id));
      const { fileName, contentType, size, sha256 } = file;
      await auditFile(tx, ctx, row, file.id, 'delete', { fileName, contentType, size, sha256 });
      return file.fileName;
    },
  },
};

/**
 * Fire one event on a log (convention C3): a role that sees logs (403) → lock → visible (404) →
 * the file it names is on the log (404, whatever its state) → the caller may fire it (403) → the
 * machine allows it now (409) → the change, its audit events and history row in one transaction.
 */
export async function fireWorkLog<K extends WorkLogEvent>(
  ctx: Ctx,
  id: number,
  event: K,
  body: WorkLogBodies[K],
) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const effect: WorkLogEffect<WorkLogBodies[K]> = EFFECTS[event];
  const named = effect.file;
  return ctx.db.transaction(async (tx) => {
    const { row, to, child } = await judgeEvent(workLogMachine, {
      row: await lockWorkLog(tx, id),
      event,
      visible: (r) => canReadWorkLog(ctx.actor, r),
      may: (r) => effect.may(ctx.actor, r),
      facts: (r) => ({ status: r.status }),
      ...(named ? { child: () => named(tx, id, body) } : {}),
    });
    const note = await effect.run(tx, ctx, { row, to, file: child }, body);
    await recordTransition(tx, ctx, workLogTransitions, { recordId: id, event, from: row.status, to, note });
    return detailOf(tx, id);
  });
}

/** A log's history, oldest first, read exactly as the log is. */
export async function workLogHistory(ctx: Ctx, id: number) {
  await getVisibleWorkLog(ctx, id);
  return historyOf(ctx.db, workLogTransitions, id);
}

/**
 * Confirm the ticked logs (批量确认), each as `reviewWorkLog` would, one comment for all. An
 * annual report is reviewed with a comment of its own: without one it is refused, saying so.
 */
export async function confirmWorkLogs(ctx: Ctx, input: WorkLogBatchConfirm) {
  // A role that never confirms is refused as a whole, not row by row.
  if (!isAreaAdmin(ctx.actor)) throw forbidden();
  return eachRow(
    ctx,
    input.ids,
    (id) => fireWorkLog(ctx, id, 'confirm', { comment: input.comment }),
    (e) =>
      t(
        Array.isArray(e.details) && e.details[0]?.path === 'comment' ? 'e.reviewCommentNeeded' : e.messageKey,
        ctx.locale,
      ),
  );
}

// ── Evidence ───────────────────────────────────────────────────────────────────────────────

/** One uploaded file as the HTTP layer read it. */
export interface Upload {
  fileName: string | undefined;
  data: Buffer;
}

/** Refuse an upload before its body is read: the log must be visible, attachable and pending. */
export async function assertCanAttach(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  await judgeEvent(workLogMachine, {
    row: await findWorkLog(ctx.db, id),
    event: 'upload',
    visible: (r) => canReadWorkLog(ctx.actor, r),
    may: (r) => canAttachEvidence(ctx.actor, r),
    facts: (r) => ({ status: r.status }),
  });
}

/** Attach evidence: every file's type is judged by its content before the log is locked. */
export async function attachEvidence(ctx: Ctx, id: number, uploads: Upload[]) {
  const { sanitised, issues } = checkUploads(uploads);
  throwIfIssues(issues);
  return fireWorkLog(ctx, id, 'upload', { files: sanitised });
}

/** An upload whose type its bytes told, under a safe name. */
interface SanitisedUpload {
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** Type-check every upload by its bytes and give it a safe name. */
function checkUploads(uploads: Upload[]) {
  const issues: FieldIssue[] = [];
  if (!uploads.length) issues.push(issue('file', 'v.fileMissing'));
  const sanitised = uploads.flatMap((u, i) => {
    const contentType = sniffContentType(u.data);
    if (!contentType) {
      issues.push({ ...issue(`file.${i}`, 'v.fileType'), params: { fileName: u.fileName ?? null } });
      return [];
    }
    return [{ fileName: safeFileName(u.fileName, contentType), contentType, data: u.data }];
  });
  return { sanitised, issues };
}

/** Download one evidence file of a log the caller may see. */
export async function evidenceFile(ctx: Ctx, id: number, fileId: number) {
  await getVisibleWorkLog(ctx, id);
  const file = await findFile(ctx.db, id, fileId);
  if (!file) throw notFound();
  return file;
}
