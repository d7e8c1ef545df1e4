import type { WorkLogStatus } from '@gongjian/common';
import { machine } from '#server/rules/machine.ts';

/** What can happen to a work log once recorded. */
export type WorkLogEvent = 'confirm' | 'reject' | 'upload' | 'deleteFile';

/**
 * pending ──confirm──▶ confirmed
 *    └─────reject───▶ rejected
 * Evidence is added or removed only while the log waits for the community's confirmation; a
 * confirmed or rejected log is history and stays as it was judged.
 */
export const workLogMachine = machine<WorkLogStatus, WorkLogEvent, { status: WorkLogStatus }>({
  moves: {
    confirm: { from: ['pending'], to: 'confirmed' },
    reject: { from: ['pending'], to: 'rejected' },
    upload: { from: ['pending'], to: null },
    deleteFile: { from: ['pending'], to: null },
  },
});
