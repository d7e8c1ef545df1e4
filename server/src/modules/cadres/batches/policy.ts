import type { BatchEvent, Candidate, RecordAction } from '@gongjian/common';
import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';
import { type BatchFacts, batchMachine, candidateCanBeReviewed } from './machine.ts';

/**
 * Work programmes and selection batches are the organisation department's work: area admins
 * whose subtree holds the area running the selection. Other roles never use them (403).
 */
export const canUseSelection = (a: Actor) => isAreaAdmin(a);

/** Read and run a programme or batch: admins of the running area's subtree. */
export const canManageSelection = (a: Actor, rec: { areaPath: string }) =>
  isAreaAdmin(a) && pathInScope(a, rec.areaPath);

/** A programme with batches keeps them: it can be edited but not deleted. */
export function programmeActions(a: Actor, p: { areaPath: string; batchCount: number }): RecordAction[] {
  if (!canManageSelection(a, p)) return [];
  return p.batchCount ? ['update'] : ['update', 'delete'];
}

/** Events that act on one candidate: they appear in the candidates' own actions instead. */
const CANDIDATE_EVENTS: readonly BatchEvent[] = ['removeCandidate', 'review'];

/** The moves the caller can make on a batch right now. */
export function batchActions(a: Actor, b: { areaPath: string }, facts: BatchFacts): BatchEvent[] {
  if (!canManageSelection(a, b)) return [];
  return batchMachine.allowed(facts).filter((e) => !CANDIDATE_EVENTS.includes(e));
}

/** Remove while nominating; review while the batch is under review and the candidate qualified. */
export function candidateActions(
  a: Actor,
  b: { areaPath: string },
  facts: BatchFacts,
  c: { status: Candidate['status'] },
): Candidate['actions'] {
  if (!canManageSelection(a, b)) return [];
  const events = batchMachine.allowed(facts);
  const actions: Candidate['actions'] = [];
  if (events.includes('removeCandidate')) actions.push('delete');
  if (events.includes('review') && candidateCanBeReviewed(c.status)) actions.push('review');
  return actions;
}
