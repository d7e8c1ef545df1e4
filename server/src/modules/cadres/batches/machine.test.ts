import { BATCH_EVENTS, BATCH_STATUSES, type BatchEvent, type BatchStatus } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { type BatchFacts, batchMachine } from './machine.ts';

/** Each status × each event, with facts under which every guard passes: the table alone decides. */
const TABLE: Record<BatchStatus, Partial<Record<BatchEvent, BatchStatus>>> = {
  nominating: {
    update: 'nominating',
    nominate: 'nominating',
    removeCandidate: 'nominating',
    check: 'checked',
    cancel: 'cancelled',
  },
  checked: { update: 'checked', reopen: 'nominating', startReview: 'review', cancel: 'cancelled' },
  review: { update: 'review', review: 'review', publishNotice: 'notice', cancel: 'cancelled' },
  notice: { update: 'notice', appoint: 'appointed', cancel: 'cancelled' },
  appointed: {},
  cancelled: {},
};

describe('batch machine', () => {
  const facts = (status: BatchStatus, o: Partial<BatchFacts> = {}): BatchFacts => ({
    status,
    candidates: status === 'review' ? ['approved'] : ['qualified'],
    noticeEnd: '2026-05-10',
    today: '2026-05-11',
    ...o,
  });

  for (const status of BATCH_STATUSES)
    it(`from ${status}`, () => {
      for (const event of BATCH_EVENTS) {
        const to = TABLE[status][event];
        const got = batchMachine.transition(facts(status), event);
        expect(got, `${status} × ${event}`).toEqual(
          to ? { ok: true, to } : { ok: false, code: 'ILLEGAL_TRANSITION', key: 'e.illegalTransition' },
        );
      }
    });

  it('guards: candidates, decisions and the notice period', () => {
    const t = batchMachine.transition;
    expect(t(facts('nominating', { candidates: [] }), 'check')).toMatchObject({ code: 'NO_CANDIDATES' });
    expect(t(facts('checked', { candidates: ['disqualified'] }), 'startReview')).toMatchObject({
      code: 'NO_QUALIFIED',
    });
    expect(t(facts('review', { candidates: ['qualified', 'approved'] }), 'publishNotice')).toMatchObject({
      code: 'UNDECIDED_CANDIDATES',
    });
    expect(t(facts('review', { candidates: ['rejected'] }), 'publishNotice')).toMatchObject({
      code: 'NONE_APPROVED',
    });
    expect(t(facts('review', { candidates: ['approved', 'rejected'] }), 'publishNotice')).toEqual({
      ok: true,
      to: 'notice',
    });
    expect(t(facts('notice', { today: '2026-05-10' }), 'appoint')).toMatchObject({
      code: 'NOTICE_NOT_ENDED',
    });
    expect(t(facts('notice', { noticeEnd: null }), 'appoint')).toMatchObject({ code: 'NOTICE_NOT_ENDED' });
  });
});
