import { EXEMPTION_STATUSES } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { exemptionMachine } from './machine.ts';

describe('exemption machine', () => {
  for (const status of EXEMPTION_STATUSES)
    it(`from ${status}`, () => {
      const pending = status === 'pending';
      expect(exemptionMachine.transition({ status }, 'approve')).toEqual(
        pending
          ? { ok: true, to: 'approved' }
          : { ok: false, code: 'EXEMPTION_DECIDED', key: 'e.exemptionDecided' },
      );
      expect(exemptionMachine.transition({ status }, 'reject')).toEqual(
        pending
          ? { ok: true, to: 'rejected' }
          : { ok: false, code: 'EXEMPTION_DECIDED', key: 'e.exemptionDecided' },
      );
      expect(exemptionMachine.allowed({ status })).toEqual(pending ? ['approve', 'reject'] : []);
    });
});
