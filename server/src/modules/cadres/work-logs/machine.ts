import type { WorkLogStatus } from '@gongjian/common';

/** What can happen to a work log once recorded. */
export type WorkLogEvent = 'confirm' | 'reject' | 'upload' | 'deleteFile';

/**
 * pending ──confirm──▶ confirmed
 *    └─────reject───▶ rejected
 * Evidence is added or removed only while the log waits for the community's confirmation; a
 * confirmed or rejected log is history and stays as it was judged.
 */
const MOVES: Record<WorkLogEvent, { from: readonly WorkLogStatus[]; to: WorkLogStatus | null }> = {
  confirm: { from: ['pending'], to: 'confirmed' },
  reject: { from: ['pending'], to: 'rejected' },
  upload: { from: ['pending'], to: null },
  deleteFile: { from: ['pending'], to: null },
};

/** The status after `event`, or null when the event is not allowed from `status`. */
export function workLogTransition(status: WorkLogStatus, event: WorkLogEvent) {
  const move = MOVES[event];
  if (!move.from.includes(status)) return null;
  return { to: move.to ?? status };
}
