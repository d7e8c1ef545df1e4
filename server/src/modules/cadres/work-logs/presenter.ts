import type { WorkLog } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { workLogActions } from './policy.ts';
import type { WorkLogFileMeta, WorkLogRow } from './queries.ts';

/** The wire shape of a log with its evidence list (metadata only) and what the caller may do. */
export function presentWorkLog(row: WorkLogRow, files: WorkLogFileMeta[], actor: Actor): WorkLog {
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    appointmentKindCode: row.appointmentKindCode,
    memberId: row.memberId,
    memberName: row.memberName,
    areaId: row.areaId,
    areaName: row.areaName,
    kind: row.kind,
    occurredAt: row.occurredAt.toISOString(),
    place: row.place,
    withWhom: row.withWhom,
    content: row.content,
    hours: row.hours,
    targetType: row.targetType,
    targetUnitId: row.targetUnitId,
    targetUnitName: row.targetUnitName,
    householdAddress: row.householdAddress,
    asked: row.asked,
    noted: row.noted,
    demandCategories: row.demandCategories,
    subjectMemberId: row.subjectMemberId,
    subjectMemberName: row.subjectMemberName,
    subjectResidentId: row.subjectResidentId,
    subjectResidentName: row.subjectResidentName,
    activityType: row.activityType,
    activityRole: row.activityRole,
    actionCategory: row.actionCategory,
    reportYear: row.reportYear,
    status: row.status,
    recordedByName: row.recordedByName,
    recordedByRole: row.recordedByRole,
    reviewedByName: row.reviewedByName,
    reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
    reviewComment: row.reviewComment,
    files: files
      .filter((f) => f.workLogId === row.id)
      .map((f) => ({
        id: f.id,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        createdAt: f.createdAt.toISOString(),
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: workLogActions(actor, row),
  };
}
