import { maskIdNumber, maskPhone, type Resident } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { residentActions } from './policy.ts';
import type { ResidentRow } from './queries.ts';

/**
 * The wire shape of a resident. Phone and ID number stay masked unless the service has
 * authorised and audited an unmasked read (`unmasked`).
 */
export function presentResident(row: ResidentRow, actor: Actor, unmasked = false): Resident {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    areaLabel: row.areaLabel,
    name: row.name,
    gender: row.gender,
    phone: unmasked ? row.phone : maskPhone(row.phone),
    idNumber: unmasked ? row.idNumber : maskIdNumber(row.idNumber),
    address: row.address,
    unitId: row.unitId,
    unitName: row.unitName,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: residentActions(actor, row),
  };
}
