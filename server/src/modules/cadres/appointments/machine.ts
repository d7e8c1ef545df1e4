import type { AppointmentStatus } from '@gongjian/common';

/** What can happen to an appointment. Every move out of `active` is final. */
export type AppointmentEvent = 'update' | 'end' | 'recall' | 'replace' | 'delete' | 'recordLog';

/**
 * The appointment state machine: from which status each event is allowed, and where it leads
 * (`null` = the status stays). History is never rewritten, so ended, recalled and replaced
 * appointments accept nothing.
 */
const MOVES: Record<AppointmentEvent, { from: readonly AppointmentStatus[]; to: AppointmentStatus | null }> =
  {
    update: { from: ['active'], to: null },
    recordLog: { from: ['active'], to: null },
    delete: { from: ['active'], to: null },
    end: { from: ['active'], to: 'ended' },
    recall: { from: ['active'], to: 'recalled' },
    replace: { from: ['active'], to: 'replaced' },
  };

/** The status after `event`, or null when the event is not allowed from `status`. */
export function appointmentTransition(status: AppointmentStatus, event: AppointmentEvent) {
  const move = MOVES[event];
  if (!move.from.includes(status)) return null;
  return { to: move.to ?? status };
}
