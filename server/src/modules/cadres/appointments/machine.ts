import type { AppointmentStatus } from '@gongjian/common';
import { machine } from '#server/rules/machine.ts';

/** What can happen to an appointment. Every move out of `active` is final. */
export type AppointmentEvent = 'update' | 'end' | 'recall' | 'replace' | 'delete' | 'recordLog';

/** What the appointment machine looks at. */
export interface AppointmentFacts {
  status: AppointmentStatus;
  /** No history yet: made by hand, not a replacement, no work logs (policy `isDeletable`). */
  deletable: boolean;
}

/**
 * The appointment state machine: from which status each event is allowed, and where it leads
 * (`null` = the status stays). History is never rewritten, so ended, recalled and replaced
 * appointments accept nothing. `recordLog` is fired on the log, not the appointment: it says
 * whether the appointment takes new logs.
 */
export const appointmentMachine = machine<AppointmentStatus, AppointmentEvent, AppointmentFacts>({
  moves: {
    update: { from: ['active'], to: null },
    end: { from: ['active'], to: 'ended' },
    recall: { from: ['active'], to: 'recalled' },
    replace: { from: ['active'], to: 'replaced' },
    delete: { from: ['active'], to: null },
    recordLog: { from: ['active'], to: null },
  },
  guards: {
    delete: (f) => (f.deletable ? null : { code: 'HAS_HISTORY', key: 'e.appointmentHasHistory' }),
  },
});

/** Does the appointment take new work logs (and their look-ups) in this status? */
export const takesLogs = (status: AppointmentStatus) =>
  appointmentMachine.moves.recordLog.from.includes(status);
