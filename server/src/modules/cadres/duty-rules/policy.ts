import { type Actor, isAreaAdmin, isPlatformAdmin } from '#server/policies/actor.ts';

/** Area admins read their district's duty rules (the board and exemptions name them). */
export const canReadRules = (a: Actor, districtId: number) =>
  isPlatformAdmin(a) || (isAreaAdmin(a) && a.districtId === districtId);

/** Duty rules are district-wide policy: the district admin (and the platform) write them. */
export const canWriteRules = (a: Actor, districtId: number) =>
  isPlatformAdmin(a) || (a.role === 'district_admin' && a.districtId === districtId);

/** What the caller may do with a rule: a retired rule can still get a new version (reinstated). */
export function ruleActions(a: Actor, districtId: number, retired: boolean): ('newVersion' | 'retire')[] {
  if (!canWriteRules(a, districtId)) return [];
  return retired ? ['newVersion'] : ['newVersion', 'retire'];
}
