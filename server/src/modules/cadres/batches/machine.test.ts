import { BATCH_EVENTS, BATCH_STATUSES, type BatchEvent, type BatchStatus } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { tableOf } from '#server/rules/machine.ts';
import { type BatchFacts, batchMachine } from './machine.ts';

const NO = 'ILLEGAL_TRANSITION';

describe('batch machine', () => {
  const facts = (status: BatchStatus, o: Partial<BatchFacts> = {}): BatchFacts => ({
    status,
    candidates: status === 'review' ? ['approved'] : ['qualified'],
    noticeEnd: '2026-05-10',
    today: '2026-05-11',
    ...o,
  });

  it('each status × each event, with facts under which every guard passes: the table alone decides', () => {
    const none = Object.fromEntries(BATCH_EVENTS.map((e) => [e, NO]));
    const open = (s: BatchStatus, moves: Partial<Record<BatchEvent, BatchStatus>>) => ({
      ...none,
      update: s,
      cancel: 'cancelled',
      ...moves,
    });
    expect(
      tableOf(
        batchMachine,
        BATCH_STATUSES.map((s) => facts(s)),
      ),
    ).toEqual({
      nominating: open('nominating', {
        nominate: 'nominating',
        removeCandidate: 'nominating',
        check: 'checked',
      }),
      checked: open('checked', { reopen: 'nominating', startReview: 'review' }),
      review: open('review', { review: 'review', publishNotice: 'notice' }),
      notice: open('notice', { appoint: 'appointed' }),
      appointed: none,
      cancelled: none,
    });
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
