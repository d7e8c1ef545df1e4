import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { type AppointmentEvent, appointmentMachine, takesLogs } from './machine.ts';

const EVENTS: readonly AppointmentEvent[] = ['update', 'end', 'recall', 'replace', 'delete', 'recordLog'];
const ACTIVE: Record<AppointmentEvent, AppointmentStatus> = {
  update: 'active',
  end: 'ended',
  recall: 'recalled',
  replace: 'replaced',
  delete: 'active',
  recordLog: 'active',
};

describe('appointment machine', () => {
  for (const status of APPOINTMENT_STATUSES)
    it(`from ${status}`, () => {
      for (const event of EVENTS)
        expect(
          appointmentMachine.transition({ status, deletable: true }, event),
          `${status} × ${event}`,
        ).toEqual(
          status === 'active'
            ? { ok: true, to: ACTIVE[event] }
            : { ok: false, code: 'ILLEGAL_TRANSITION', key: 'e.illegalTransition' },
        );
      expect(takesLogs(status)).toBe(status === 'active');
    });

  it('an appointment with history is not deleted, whatever else it allows', () => {
    const f = { status: 'active' as const, deletable: false };
    expect(appointmentMachine.transition(f, 'delete')).toEqual({
      ok: false,
      code: 'HAS_HISTORY',
      key: 'e.appointmentHasHistory',
    });
    expect(appointmentMachine.allowed(f)).toEqual(['update', 'end', 'recall', 'replace', 'recordLog']);
  });
});
