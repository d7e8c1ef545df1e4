import type { BatchEvent, BatchStatus, CandidateStatus } from '@gongjian/common';
import { machine } from '#server/rules/machine.ts';

/** What the batch state machine looks at: the batch, its candidates and the day. */
export interface BatchFacts {
  status: BatchStatus;
  candidates: readonly CandidateStatus[];
  noticeEnd: string | null;
  /** Today, YYYY-MM-DD in the district's time zone. */
  today: string;
}

const OPEN: readonly BatchStatus[] = ['nominating', 'checked', 'review', 'notice'];

const has = (f: BatchFacts, s: CandidateStatus) => f.candidates.includes(s);

/**
 * The selection procedure (选派程序) as a table: the statuses each event is allowed from and the
 * status it leads to (`null` = stays). The guards add the conditions on candidates and dates.
 *
 *   nominating ──check──▶ checked ──startReview──▶ review ──publishNotice──▶ notice ──appoint──▶ appointed
 *        ▲                   │
 *        └──────reopen───────┘          (cancel from any open status ──▶ cancelled)
 */
export const batchMachine = machine<BatchStatus, BatchEvent, BatchFacts>({
  moves: {
    update: { from: OPEN, to: null },
    nominate: { from: ['nominating'], to: null },
    removeCandidate: { from: ['nominating'], to: null },
    check: { from: ['nominating'], to: 'checked' },
    reopen: { from: ['checked'], to: 'nominating' },
    startReview: { from: ['checked'], to: 'review' },
    review: { from: ['review'], to: null },
    publishNotice: { from: ['review'], to: 'notice' },
    appoint: { from: ['notice'], to: 'appointed' },
    cancel: { from: OPEN, to: 'cancelled' },
  },
  guards: {
    check: (f) => (f.candidates.length ? null : { code: 'NO_CANDIDATES', key: 'e.batchNoCandidates' }),
    startReview: (f) => (has(f, 'qualified') ? null : { code: 'NO_QUALIFIED', key: 'e.batchNoQualified' }),
    publishNotice: (f) => {
      if (has(f, 'qualified')) return { code: 'UNDECIDED_CANDIDATES', key: 'e.batchUndecided' };
      return has(f, 'approved') ? null : { code: 'NONE_APPROVED', key: 'e.batchNoneApproved' };
    },
    // The notice period includes its last day: appointment comes the day after at the earliest.
    appoint: (f) =>
      f.noticeEnd !== null && f.today > f.noticeEnd
        ? null
        : { code: 'NOTICE_NOT_ENDED', key: 'e.noticeNotEnded' },
  },
});

/** A candidate's own moves: the check decides qualified/disqualified; review needs a qualified one. */
export function candidateCanBeReviewed(status: CandidateStatus) {
  return status === 'qualified' || status === 'approved' || status === 'rejected';
}
