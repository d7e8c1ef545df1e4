import type { RecordAction } from '@gongjian/common';
import { type Actor, isPlatformAdmin } from '#server/policies/actor.ts';

interface DictItemLike {
  areaId: number;
  system: boolean;
}

/** Every signed-in role reads its own district's lists (forms need them); the platform reads all. */
export const canReadDictionary = (a: Actor, districtId: number) =>
  isPlatformAdmin(a) || a.districtId === districtId;

/** Only the district admin (and the platform) maintain a district's lists. */
export const canEditDictionaries = (a: Actor) => isPlatformAdmin(a) || a.role === 'district_admin';

/** May the caller change this district's items? */
export const canEditDictionary = (a: Actor, districtId: number) =>
  canEditDictionaries(a) && canReadDictionary(a, districtId);

/** Built-in items can be edited but never deleted. */
export function dictItemActions(a: Actor, item: DictItemLike): RecordAction[] {
  if (!canEditDictionary(a, item.areaId)) return [];
  return item.system ? ['update'] : ['update', 'delete'];
}
