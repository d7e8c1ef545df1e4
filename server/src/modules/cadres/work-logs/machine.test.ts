import { WORK_LOG_STATUSES } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { type WorkLogEvent, workLogMachine } from './machine.ts';

const FROM_PENDING: Record<WorkLogEvent, string> = {
  confirm: 'confirmed',
  reject: 'rejected',
  upload: 'pending',
  deleteFile: 'pending',
};

describe('work log machine', () => {
  for (const status of WORK_LOG_STATUSES)
    it(`from ${status}`, () => {
      for (const event of workLogMachine.events)
        expect(workLogMachine.transition({ status }, event), `${status} × ${event}`).toEqual(
          status === 'pending'
            ? { ok: true, to: FROM_PENDING[event] }
            : { ok: false, code: 'ILLEGAL_TRANSITION', key: 'e.illegalTransition' },
        );
    });
});
