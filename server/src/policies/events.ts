import { conflict, forbidden, notFound } from '#server/errors.ts';
import type { Machine } from '#server/rules/machine.ts';

/**
 * The refusals of one event on a locked record, in the order of convention C3: not visible (404)
 * → the record inside it the event names is not there (404, whatever the status) → the caller may
 * not fire it (403) → the machine refuses it now (409, with the status and the event). Returns
 * the record, where the move leads and the named record.
 */
export async function judgeEvent<
  R,
  S extends string,
  E extends string,
  F extends { status: S },
  C = undefined,
>(
  m: Machine<S, E, F>,
  spec: {
    row: R | null | undefined;
    event: E;
    visible: (row: R) => boolean;
    may?: (row: R) => boolean;
    facts: (row: R) => F;
    child?: (row: R) => Promise<C | null | undefined>;
  },
): Promise<{ row: R; to: S; child: C }> {
  const { row, event } = spec;
  if (!row || !spec.visible(row)) throw notFound();
  const child = spec.child ? await spec.child(row) : undefined;
  if (spec.child && !child) throw notFound();
  if (spec.may && !spec.may(row)) throw forbidden();
  const facts = spec.facts(row);
  const move = m.transition(facts, event);
  if (!move.ok) throw conflict(move.code, move.key, { status: facts.status, event });
  return { row, to: move.to, child: child as C };
}
