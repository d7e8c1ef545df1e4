import type { ExemptionStatus } from '@gongjian/common';
import { machine, type Refusal } from '#server/rules/machine.ts';

/** What can happen to an exemption request once asked. */
export type ExemptionEvent = 'approve' | 'reject';

/** A request is decided once; deciding it again has always said so in its own words. */
const DECIDED: Refusal = { code: 'EXEMPTION_DECIDED', key: 'e.exemptionDecided' };

/**
 * pending ──approve──▶ approved
 *    └─────reject───▶ rejected
 * A rejected request stays as it was; the same duty and period may be asked again (a new row).
 */
export const exemptionMachine = machine<ExemptionStatus, ExemptionEvent, { status: ExemptionStatus }>({
  moves: {
    approve: { from: ['pending'], to: 'approved', illegal: DECIDED },
    reject: { from: ['pending'], to: 'rejected', illegal: DECIDED },
  },
});
