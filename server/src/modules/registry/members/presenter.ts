import { type Member, maskIdNumber, maskPhone } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { memberActions } from './policy.ts';
import type { MemberRow } from './queries.ts';

/**
 * The wire shape of a member. Phone and ID number stay masked unless the service has authorised
 * and audited an unmasked read (`unmasked`).
 */
export function presentMember(row: MemberRow, actor: Actor, unmasked = false): Member {
  return {
    id: row.id,
    areaId: row.areaId,
    areaName: row.areaName,
    areaLabel: row.areaLabel,
    name: row.name,
    gender: row.gender,
    birthDate: row.birthDate,
    phone: unmasked ? row.phone : maskPhone(row.phone),
    idNumber: unmasked ? row.idNumber : (maskIdNumber(row.idNumber) ?? ''),
    joinDate: row.joinDate,
    unitId: row.unitId,
    unitName: row.unitName,
    orgId: row.orgId,
    orgName: row.orgName,
    category: row.category,
    skills: row.skills,
    roles: row.roles,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: memberActions(actor, row),
  };
}
