import type { ExemptionStatus } from '@gongjian/common';
import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';
import { type ExemptionEvent, exemptionMachine } from './machine.ts';

/** The board is for area admins (their subtree) and sending units' admins (their own employees). */
export const canUseBoard = (a: Actor) => isAreaAdmin(a) || (a.role === 'unit_admin' && a.unitId !== null);

/** "My duties": a signed-in party member. */
export const canUseMine = (a: Actor) => a.role === 'member' && a.memberId !== null;

/** Exemptions are decided by the receiving community: area admins over the appointment's area. */
export const canReviewExemption = (a: Actor, e: { areaPath: string }) =>
  isAreaAdmin(a) && pathInScope(a, e.areaPath);

/** What the caller may do with an exemption request now: the machine's moves ∩ the policy's. */
export function exemptionActions(
  a: Actor,
  e: { areaPath: string; status: ExemptionStatus },
): ExemptionEvent[] {
  return canReviewExemption(a, e) ? exemptionMachine.allowed({ status: e.status }) : [];
}
