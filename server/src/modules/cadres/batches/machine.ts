import type { BatchEvent, BatchStatus, CandidateStatus, MessageKey } from '@gongjian/common';

/** What the batch state machine looks at: the batch, its candidates and the day. */
export interface BatchFacts {
  status: BatchStatus;
  candidates: readonly CandidateStatus[];
  noticeEnd: string | null;
  /** Today, YYYY-MM-DD in the district's time zone. */
  today: string;
}

/** A refused move: the 409's code and message key. */
export interface Refusal {
  code: string;
  key: MessageKey;
}

/** Where a move leads, or why it is refused. */
export type TransitionResult = { ok: true; to: BatchStatus } | ({ ok: false } & Refusal);

const OPEN: readonly BatchStatus[] = ['nominating', 'checked', 'review', 'notice'];

/**
 * The selection procedure (选派程序) as a table: the statuses each event is allowed from and the
 * status it leads to (`null` = stays). Guards below add the conditions on candidates and dates.
 *
 *   nominating ──check──▶ checked ──startReview──▶ review ──publishNotice──▶ notice ──appoint──▶ appointed
 *        ▲                   │
 *        └──────reopen───────┘          (cancel from any open status ──▶ cancelled)
 */
const MOVES: Record<BatchEvent, { from: readonly BatchStatus[]; to: BatchStatus | null }> = {
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
};

/** Conditions beyond the status; the first one that fails refuses the move. */
function guard(f: BatchFacts, event: BatchEvent): Refusal | null {
  const has = (s: CandidateStatus) => f.candidates.includes(s);
  switch (event) {
    case 'check':
      return f.candidates.length ? null : { code: 'NO_CANDIDATES', key: 'e.batchNoCandidates' };
    case 'startReview':
      return has('qualified') ? null : { code: 'NO_QUALIFIED', key: 'e.batchNoQualified' };
    case 'publishNotice':
      if (has('qualified')) return { code: 'UNDECIDED_CANDIDATES', key: 'e.batchUndecided' };
      return has('approved') ? null : { code: 'NONE_APPROVED', key: 'e.batchNoneApproved' };
    case 'appoint':
      // The notice period includes its last day: appointment comes the day after at the earliest.
      return f.noticeEnd !== null && f.today > f.noticeEnd
        ? null
        : { code: 'NOTICE_NOT_ENDED', key: 'e.noticeNotEnded' };
    default:
      return null;
  }
}

/** Pure transition: where `event` takes a batch in state `f`, or why it may not. */
export function batchTransition(f: BatchFacts, event: BatchEvent): TransitionResult {
  const move = MOVES[event];
  if (!move.from.includes(f.status))
    return { ok: false, code: 'ILLEGAL_TRANSITION', key: 'e.illegalTransition' };
  const refusal = guard(f, event);
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, to: move.to ?? f.status };
}

/** The events that would succeed now (the `actions` a batch carries). */
export function allowedBatchEvents(f: BatchFacts): BatchEvent[] {
  return (Object.keys(MOVES) as BatchEvent[]).filter((e) => batchTransition(f, e).ok);
}

/** A candidate's own moves: the check decides qualified/disqualified; review needs a qualified one. */
export function candidateCanBeReviewed(status: CandidateStatus) {
  return status === 'qualified' || status === 'approved' || status === 'rejected';
}
