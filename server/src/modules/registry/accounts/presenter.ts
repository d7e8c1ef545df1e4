import type { Account } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { accountActions } from './policy.ts';
import type { AccountRow } from './queries.ts';

export function presentAccount(row: AccountRow, actor: Actor): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Account['role'],
    areaId: row.areaId,
    areaName: row.areaName,
    unitId: row.unitId,
    memberId: row.memberId,
    residentId: row.residentId,
    disabled: row.disabled,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    actions: accountActions(actor, row),
  };
}
