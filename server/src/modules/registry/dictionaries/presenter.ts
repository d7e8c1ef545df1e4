import type { DictItem } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { dictItemActions } from './policy.ts';
import type { DictItemRow } from './queries.ts';

/** The wire shape of a dictionary item, with what the caller may do to it. */
export function presentDictItem(row: DictItemRow, actor: Actor): DictItem {
  return {
    id: row.id,
    districtId: row.areaId,
    type: row.type as DictItem['type'],
    code: row.code,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    sort: row.sort,
    enabled: row.enabled,
    system: row.system,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: dictItemActions(actor, row),
  };
}
