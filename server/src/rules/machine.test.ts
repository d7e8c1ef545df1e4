import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { machine, tableOf } from './machine.ts';

type S = 'draft' | 'open' | 'closed';
type E = 'open' | 'edit' | 'close' | 'reopen';
interface F {
  status: S;
  items: number;
}

const door = machine<S, E, F>({
  moves: {
    open: { from: ['draft'], to: 'open' },
    edit: { from: ['draft', 'open'], to: null },
    close: { from: ['open'], to: 'closed' },
    reopen: { from: ['closed'], to: 'open', illegal: { code: 'NOT_CLOSED', key: 'e.exemptionDecided' } },
  },
  guards: {
    close: (f) => (f.items > 0 ? null : { code: 'EMPTY', key: 'e.batchNoCandidates' }),
  },
});

describe('machine', () => {
  it('moves to the table’s status, or keeps it for a null move', () => {
    expect(door.transition({ status: 'draft', items: 0 }, 'open')).toEqual({ ok: true, to: 'open' });
    expect(door.transition({ status: 'open', items: 0 }, 'edit')).toEqual({ ok: true, to: 'open' });
    expect(door.transition({ status: 'open', items: 2 }, 'close')).toEqual({ ok: true, to: 'closed' });
  });

  it('refuses a status outside `from` before any guard, with the move’s own refusal if it has one', () => {
    expect(door.transition({ status: 'closed', items: 0 }, 'close')).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      key: 'e.illegalTransition',
    });
    expect(door.transition({ status: 'open', items: 1 }, 'reopen')).toEqual({
      ok: false,
      code: 'NOT_CLOSED',
      key: 'e.exemptionDecided',
    });
  });

  it('applies the guard once the status allows the event', () => {
    expect(door.transition({ status: 'open', items: 0 }, 'close')).toEqual({
      ok: false,
      code: 'EMPTY',
      key: 'e.batchNoCandidates',
    });
  });

  it('lists the allowed events in the table’s order', () => {
    expect(door.allowed({ status: 'open', items: 1 })).toEqual(['edit', 'close']);
    expect(door.allowed({ status: 'open', items: 0 })).toEqual(['edit']);
    expect(door.allowed({ status: 'closed', items: 0 })).toEqual(['reopen']);
  });

  it('tabulates each status × each event as the status reached or the refusal’s code', () => {
    expect(tableOf(door, [{ status: 'open', items: 0 }])).toEqual({
      open: { open: 'ILLEGAL_TRANSITION', edit: 'open', close: 'EMPTY', reopen: 'NOT_CLOSED' },
    });
  });

  it('allowed(f) is exactly the events whose transition is ok (property)', () => {
    const facts = fc.record({
      status: fc.constantFrom<S>('draft', 'open', 'closed'),
      items: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const ok = door.events.filter((e) => door.transition(f, e).ok);
        expect(door.allowed(f)).toEqual(ok);
        for (const e of door.events) {
          const t = door.transition(f, e);
          // A legal move lands where the table says; a refusal always names a code and a key.
          if (t.ok) expect(t.to).toBe(door.moves[e].to ?? f.status);
          else expect(t.code && t.key).toBeTruthy();
        }
      }),
    );
  });
});
