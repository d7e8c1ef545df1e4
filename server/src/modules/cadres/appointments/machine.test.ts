import { APPOINTMENT_STATUSES } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { tableOf } from '#server/rules/machine.ts';
import { appointmentMachine, takesLogs } from './machine.ts';

const NO = 'ILLEGAL_TRANSITION';
const CLOSED = { update: NO, end: NO, recall: NO, replace: NO, delete: NO, recordLog: NO };

describe('appointment machine', () => {
  it('each status × each event: every move out of active is final', () => {
    const facts = APPOINTMENT_STATUSES.map((status) => ({ status, deletable: true }));
    expect(tableOf(appointmentMachine, facts)).toEqual({
      active: {
        update: 'active',
        end: 'ended',
        recall: 'recalled',
        replace: 'replaced',
        delete: 'active',
        recordLog: 'active',
      },
      ended: CLOSED,
      recalled: CLOSED,
      replaced: CLOSED,
    });
    for (const status of APPOINTMENT_STATUSES) expect(takesLogs(status)).toBe(status === 'active');
  });

  it('an appointment with history is not deleted, whatever else it allows', () => {
    const f = { status: 'active' as const, deletable: false };
    expect(appointmentMachine.transition(f, 'delete')).toMatchObject({
      code: 'HAS_HISTORY',
      key: 'e.appointmentHasHistory',
    });
    expect(appointmentMachine.allowed(f)).toEqual(['update', 'end', 'recall', 'replace', 'recordLog']);
  });
});
