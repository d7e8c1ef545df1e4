import {
  type Appointment,
  type AppointmentDetail,
  type AppointmentEmployee,
  type AppointmentKind,
  maskPhone,
  type VisitTarget,
} from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { appointmentActions, kindActions } from './policy.ts';
import type { AppointmentRow, EmployeeRow, KindRow, VisitTargetRow } from './queries.ts';

/** The wire shape of a kind, with what the caller may do to it. */
export function presentKind(row: KindRow, actor: Actor): AppointmentKind {
  return {
    id: row.id,
    districtId: row.areaId,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    description: row.description,
    termMonths: row.termMonths,
    needsSendingUnit: row.needsSendingUnit,
    dutyPolicyCode: row.dutyPolicyCode,
    builtin: row.builtin,
    enabled: row.enabled,
    sort: row.sort,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: kindActions(actor, row),
  };
}

/** The wire shape of an appointment, with what the caller may do to it. */
export function presentAppointment(row: AppointmentRow, actor: Actor): Appointment {
  return {
    id: row.id,
    kindId: row.kindId,
    kindCode: row.kindCode,
    kindNameZh: row.kindNameZh,
    kindNameEn: row.kindNameEn,
    memberId: row.memberId,
    memberName: row.memberName,
    sendingUnitId: row.sendingUnitId,
    sendingUnitName: row.sendingUnitName,
    receivingOrgId: row.receivingOrgId,
    receivingOrgName: row.receivingOrgName,
    areaId: row.areaId,
    areaName: row.areaName,
    post: row.post,
    termStart: row.termStart,
    termEnd: row.termEnd,
    status: row.status,
    endedOn: row.endedOn,
    endReason: row.endReason,
    replacesId: row.replacesId,
    replacedById: row.replacedById,
    batchId: row.batchId,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: appointmentActions(actor, row),
  };
}

/** An appointment with its replacement chain. */
export function presentAppointmentDetail(
  row: AppointmentRow,
  history: AppointmentDetail['history'],
  actor: Actor,
): AppointmentDetail {
  return { ...presentAppointment(row, actor), history };
}

/** A picker's employee: the phone always masked, nothing else personal. */
export function presentEmployee(row: EmployeeRow): AppointmentEmployee {
  return {
    id: row.id,
    name: row.name,
    phone: maskPhone(row.phone),
    areaLabel: row.areaLabel,
    contactedThisQuarter: row.contactedThisQuarter,
    lastContactedAt: row.lastContactedAt ? new Date(row.lastContactedAt).toISOString() : null,
  };
}

/** A picker's unit, with the work-log target type a visit to it is recorded under. */
export function presentVisitTarget(row: VisitTargetRow): VisitTarget {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    targetType: row.isTwoNew ? 'two_new_org' : 'unit',
    address: row.address,
    areaLabel: row.areaLabel,
    visitedThisQuarter: row.visitedThisQuarter,
    lastVisitedAt: row.lastVisitedAt ? new Date(row.lastVisitedAt).toISOString() : null,
  };
}
