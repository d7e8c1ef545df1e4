import { type Member, maskIdNumber, maskPhone } from '@gongjian/common';
import type { Actor } from '../../policies/actor.ts';
import { memberActions } from './policy.ts';
import type { MemberRow } from './queries.ts';

/**
 * A row or diff for the audit trail with phone and ID numbers masked: the trail is read more
 * widely than the registry, and a clear read must always go through an audited reveal.
 */
export function auditSafe(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  if (typeof out.idNumber === 'string') out.idNumber = maskIdNumber(out.idNumber);
  return out;
}

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
