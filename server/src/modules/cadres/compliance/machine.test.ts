import { EXEMPTION_STATUSES } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { tableOf } from '#server/rules/machine.ts';
import { exemptionMachine } from './machine.ts';

describe('exemption machine', () => {
  it('each status × each event: decided once, and deciding again says so in its own words', () => {
    const decided = { approve: 'EXEMPTION_DECIDED', reject: 'EXEMPTION_DECIDED' };
    expect(
      tableOf(
        exemptionMachine,
        EXEMPTION_STATUSES.map((status) => ({ status })),
      ),
    ).toEqual({
      pending: { approve: 'approved', reject: 'rejected' },
      approved: decided,
      rejected: decided,
    });
    expect(exemptionMachine.transition({ status: 'approved' }, 'reject')).toMatchObject({
      key: 'e.exemptionDecided',
    });
  });
});
