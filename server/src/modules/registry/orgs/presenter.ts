import type { Org, OrgDetail, Seat } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { orgActions, seatActions } from './policy.ts';
import type { OrgRow, SeatRow } from './queries.ts';

export function presentOrg(row: OrgRow, actor: Actor): Org {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    parentId: row.parentId,
    parentName: row.parentName,
    unitId: row.unitId,
    unitName: row.unitName,
    type: row.type,
    code: row.code,
    name: row.name,
    secretaryName: row.secretaryName,
    foundedOn: row.foundedOn,
    note: row.note,
    childCount: row.childCount,
    memberCount: row.memberCount,
    employerCount: row.employerCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: orgActions(actor, row),
  };
}

export function presentOrgDetail(
  d: { row: OrgRow; children: OrgDetail['children']; seatCount: number },
  actor: Actor,
): OrgDetail {
  return { ...presentOrg(d.row, actor), seatCount: d.seatCount, children: d.children };
}

/** A seat of a joint body; the actions depend on who manages the body, so it is passed in. */
export function presentSeat(row: SeatRow, org: OrgRow, actor: Actor): Seat {
  return {
    id: row.id,
    orgId: row.orgId,
    areaId: row.areaId,
    kind: row.kind,
    unitId: row.unitId,
    unitName: row.unitName,
    memberId: row.memberId,
    memberName: row.memberName,
    personName: row.personName,
    post: row.post,
    startOn: row.startOn,
    endOn: row.endOn,
    createdAt: row.createdAt.toISOString(),
    actions: seatActions(actor, org),
  };
}
