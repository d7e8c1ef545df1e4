/**
 * Places and the waitlist of an activity (报名与候补), as a pure rule the database code must
 * agree with (its concurrency test uses this as the oracle): sign-ups are served in the order
 * they arrived; the first `capacity − reserved` open sign-ups hold a place, the rest wait in that
 * order; a cancellation frees its place for the first one waiting. Reserved places are held back
 * for the organiser to give by hand (e.g. to a reporting unit's members) and are never filled
 * from the waitlist.
 */

export interface SignUp {
  id: number;
  /** Arrival: instant in ms (ties broken by id, the insertion order). */
  at: number;
  cancelled: boolean;
  /** Given one of the reserved places by the organiser. */
  reserved?: boolean;
}

export interface Allocation {
  placed: number[];
  /** In serving order: waitlist[0] is promoted next. */
  waitlist: number[];
  reservedTaken: number[];
  openPlaces: number;
}

export function allocate(capacity: number, reserved: number, signUps: readonly SignUp[]): Allocation {
  const general = Math.max(0, capacity - reserved);
  const live = signUps.filter((s) => !s.cancelled).sort((a, b) => a.at - b.at || a.id - b.id);
  const reservedTaken = live
    .filter((s) => s.reserved)
    .slice(0, reserved)
    .map((s) => s.id);
  const taken = new Set(reservedTaken);
  const rest = live.filter((s) => !taken.has(s.id));
  const placed = rest.slice(0, general).map((s) => s.id);
  return {
    placed,
    waitlist: rest.slice(general).map((s) => s.id),
    reservedTaken,
    openPlaces: general - placed.length,
  };
}
