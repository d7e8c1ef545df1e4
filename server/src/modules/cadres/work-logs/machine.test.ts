import { WORK_LOG_STATUSES } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { tableOf } from '#server/rules/machine.ts';
import { workLogMachine } from './machine.ts';

const NO = 'ILLEGAL_TRANSITION';

describe('work log machine', () => {
  it('each status × each event: only a pending log moves or takes evidence', () => {
    expect(
      tableOf(
        workLogMachine,
        WORK_LOG_STATUSES.map((status) => ({ status })),
      ),
    ).toEqual({
      pending: { confirm: 'confirmed', reject: 'rejected', upload: 'pending', deleteFile: 'pending' },
      confirmed: { confirm: NO, reject: NO, upload: NO, deleteFile: NO },
      rejected: { confirm: NO, reject: NO, upload: NO, deleteFile: NO },
    });
  });
});
