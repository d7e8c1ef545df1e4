import { AREA_CHILD_LEVELS, type AreaLevel, type RecordAction } from '@gongjian/common';
import {
  type Actor,
  isAreaAdmin,
  isPlatformAdmin,
  pathBelowScope,
  pathInScope,
} from '#server/policies/actor.ts';

interface AreaLike {
  path: string;
  level: string;
}

export const canReadArea = (a: Actor, area: AreaLike) => pathInScope(a, area.path);

/** Admins add children anywhere in their subtree, their own node included. */
export const canAddChild = (a: Actor, parent: AreaLike | null) =>
  parent === null ? isPlatformAdmin(a) : isAreaAdmin(a) && pathInScope(a, parent.path);

/** A node is edited, moved or deleted by admins above it, never by the admin bound to it. */
export const canChangeArea = (a: Actor, area: AreaLike) => isAreaAdmin(a) && pathBelowScope(a, area.path);

export function areaActions(a: Actor, area: AreaLike): RecordAction[] {
  const actions: RecordAction[] = [];
  if (canChangeArea(a, area))
    actions.push('update', 'delete', ...(area.level === 'district' ? [] : (['move'] as const)));
  if (AREA_CHILD_LEVELS[area.level as AreaLevel]?.length && canAddChild(a, area)) actions.push('addChild');
  return actions;
}
