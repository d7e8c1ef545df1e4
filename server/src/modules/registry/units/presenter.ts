import { maskPhone, type Unit, type UnitDetail } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { unitActions } from './policy.ts';
import type { UnitRow } from './queries.ts';

/** A unit on the wire; the contact phone stays masked unless the service allowed a reveal. */
export function presentUnit(row: UnitRow, actor: Actor, reveal = false): Unit {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    name: row.name,
    creditCode: row.creditCode,
    type: row.type,
    address: row.address,
    contactName: row.contactName,
    contactPhone: reveal ? row.contactPhone : maskPhone(row.contactPhone),
    memberCount: row.memberCount,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: unitActions(actor, row),
  };
}

export function presentUnitDetail(
  d: { row: UnitRow; orgs: UnitDetail['orgs']; registeredMembers: UnitDetail['registeredMembers'] },
  actor: Actor,
  reveal: boolean,
): UnitDetail {
  return { ...presentUnit(d.row, actor, reveal), orgs: d.orgs, registeredMembers: d.registeredMembers };
}
