import type { Area } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { areaActions } from './policy.ts';
import type { AreaRowWithCount } from './queries.ts';

export function presentArea(row: AreaRowWithCount, actor: Actor): Area {
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level as Area['level'],
    code: row.code,
    name: row.name,
    path: row.path,
    depth: row.depth,
    sort: row.sort,
    note: row.note,
    childCount: row.childCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: areaActions(actor, row),
  };
}
