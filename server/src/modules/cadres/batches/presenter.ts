import type { Batch, BatchDetail, Candidate, Programme } from '@gongjian/common';
import { type Ctx, today } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';
import type { BatchFacts } from './machine.ts';
import { batchActions, candidateActions, programmeActions } from './policy.ts';
import type { BatchRow, CandidateRow, ProgrammeRow } from './queries.ts';
import { factsOf } from './service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The wire shape of a programme, with what the caller may do to it. */
export function presentProgramme(row: ProgrammeRow, actor: Actor): Programme {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    kindId: row.kindId,
    kindCode: row.kindCode,
    kindNameZh: row.kindNameZh,
    kindNameEn: row.kindNameEn,
    year: row.year,
    title: row.title,
    scopeText: row.scopeText,
    conditionsText: row.conditionsText,
    conditions: row.conditions,
    procedureText: row.procedureText,
    dutiesText: row.dutiesText,
    assessmentText: row.assessmentText,
    batchCount: row.batchCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: programmeActions(actor, row),
  };
}

function presentBatchWith(row: BatchRow, facts: BatchFacts, actor: Actor): Batch {
  return {
    id: row.id,
    programmeId: row.programmeId,
    programmeTitle: row.programmeTitle,
    kindId: row.kindId,
    kindCode: row.kindCode,
    areaId: row.areaId,
    areaName: row.areaName,
    title: row.title,
    batchDate: row.batchDate,
    status: row.status,
    noticeStart: row.noticeStart,
    noticeEnd: row.noticeEnd,
    checkedAt: iso(row.checkedAt),
    appointedAt: iso(row.appointedAt),
    termStart: row.termStart,
    cancelReason: row.cancelReason,
    note: row.note,
    candidateCount: row.candidateStatuses.length,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: batchActions(actor, row, facts),
  };
}

/** A batch in a list, with the moves the caller can make on it now. */
export function presentBatch(row: BatchRow, ctx: Pick<Ctx, 'actor' | 'now'>): Batch {
  return presentBatchWith(row, factsOf(row, today(ctx)), ctx.actor);
}

function presentCandidate(c: CandidateRow, batch: BatchRow, facts: BatchFacts, actor: Actor): Candidate {
  return {
    id: c.id,
    batchId: c.batchId,
    memberId: c.memberId,
    memberName: c.memberName,
    sendingUnitId: c.sendingUnitId,
    sendingUnitName: c.sendingUnitName,
    receivingOrgId: c.receivingOrgId,
    receivingOrgName: c.receivingOrgName,
    areaId: c.areaId,
    areaName: c.areaName,
    status: c.status,
    checkResults: c.checkResults,
    checkedAt: iso(c.checkedAt),
    reviewComment: c.reviewComment,
    reviewedAt: iso(c.reviewedAt),
    appointmentId: c.appointmentId,
    note: c.note,
    createdAt: c.createdAt.toISOString(),
    actions: candidateActions(actor, batch, facts, c),
  };
}

/** A batch with its candidates and, for each, the stored results of the qualification check. */
export function presentBatchDetail(
  detail: { batch: BatchRow; candidates: CandidateRow[] },
  ctx: Pick<Ctx, 'actor' | 'now'>,
): BatchDetail {
  const facts = factsOf(detail.batch, today(ctx));
  return {
    ...presentBatchWith(detail.batch, facts, ctx.actor),
    candidates: detail.candidates.map((c) => presentCandidate(c, detail.batch, facts, ctx.actor)),
  };
}
