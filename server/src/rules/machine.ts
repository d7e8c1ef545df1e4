import type { MessageKey } from '@gongjian/common';

/** A refused event: the 409's code and the catalogue key of its message. */
export interface Refusal {
  code: string;
  key: MessageKey;
}

/** Where an event leads, or why it may not happen now. */
export type Transition<S extends string> = { ok: true; to: S } | ({ ok: false } & Refusal);

/**
 * One row of a machine's table: the statuses an event may be fired from and the status it leads
 * to (`null`: the status stays, e.g. an edit or a nomination). `illegal` replaces the generic
 * refusal for a status outside `from` where a domain has always said something more precise
 * (an exemption already decided).
 */
export interface Move<S extends string> {
  from: readonly S[];
  to: S | null;
  illegal?: Refusal;
}

/** The refusal of an event fired from a status its row does not list. */
export const ILLEGAL: Refusal = { code: 'ILLEGAL_TRANSITION', key: 'e.illegalTransition' };

/**
 * A state machine as data: the moves table plus guards on the facts beyond the status (a batch
 * needs candidates before its check). The status test comes first, then the event's guard; the
 * first refusal wins. `allowed` is, by construction, exactly the events `transition` accepts,
 * which is what a presenter's `actions` starts from.
 */
export function machine<S extends string, E extends string, F extends { status: S }>(def: {
  moves: Record<E, Move<S>>;
  guards?: Partial<Record<E, (f: F) => Refusal | null>>;
}) {
  const events = Object.keys(def.moves) as E[];
  const transition = (f: F, e: E): Transition<S> => {
    const move = def.moves[e];
    if (!move.from.includes(f.status)) return { ok: false, ...(move.illegal ?? ILLEGAL) };
    const refused = def.guards?.[e]?.(f);
    return refused ? { ok: false, ...refused } : { ok: true, to: move.to ?? f.status };
  };
  return {
    moves: def.moves,
    events,
    transition,
    /** The events that would succeed now, in the table's order. */
    allowed: (f: F): E[] => events.filter((e) => transition(f, e).ok),
  };
}

export type Machine<S extends string, E extends string, F extends { status: S }> = ReturnType<
  typeof machine<S, E, F>
>;

/**
 * The machine as a table: for each status (from the facts given for it), each event's outcome —
 * the status it leads to, or the refusal's code. What the table tests beside each machine compare
 * against, each status × each event.
 */
export function tableOf<S extends string, E extends string, F extends { status: S }>(
  m: Machine<S, E, F>,
  facts: readonly F[],
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    facts.map((f) => [
      f.status,
      Object.fromEntries(
        m.events.map((e) => {
          const t = m.transition(f, e);
          return [e, t.ok ? t.to : t.code];
        }),
      ),
    ]),
  );
}
