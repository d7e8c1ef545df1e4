import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, checkCode, currentCode } from './attendance.ts';
import { creditSessions, hoursOf, type Session, sessionMinutes } from './hours.ts';
import { allocate, type SignUp } from './places.ts';
import { signToken, verifyToken } from './tokens.ts';

const T = (s: string) => new Date(`${s}+08:00`).getTime();
const SECRET = 'test-secret';

describe('session hours', () => {
  it('credits check-in to check-out, capped by the activity length', () => {
    expect(
      sessionMinutes({
        checkIn: T('2026-10-10T19:00'),
        checkOut: T('2026-10-10T20:30'),
        activityMinutes: 120,
      }),
    ).toBe(90);
    // Arrived an hour early, left an hour late: the two-hour activity is worth two hours.
    expect(
      sessionMinutes({
        checkIn: T('2026-10-10T18:00'),
        checkOut: T('2026-10-10T22:00'),
        activityMinutes: 120,
      }),
    ).toBe(120);
    expect(
      sessionMinutes({ checkIn: T('2026-10-10T19:00'), checkOut: null, activityMinutes: 120 }),
    ).toBeNull();
    expect(hoursOf(90)).toBe(1.5);
    expect(hoursOf(119)).toBe(1.9);
  });

  it('credits at most the daily number of sessions, by check-in time in the district’s zone', () => {
    const s = (id: number, inAt: string, outAt: string | null): Session => ({
      id,
      memberId: 7,
      checkIn: T(inAt),
      checkOut: outAt ? T(outAt) : null,
      activityMinutes: 60,
    });
    const v = creditSessions(
      [
        s(3, '2026-10-10T20:00', '2026-10-10T21:00'),
        s(1, '2026-10-10T08:00', '2026-10-10T09:00'),
        s(2, '2026-10-10T14:00', '2026-10-10T15:00'),
        s(4, '2026-10-11T00:30', '2026-10-11T01:00'),
        s(5, '2026-10-11T02:00', null),
      ],
      { maxSessionsPerDay: 2, timeZone: 'Asia/Shanghai' },
    );
    expect(v.map((x) => [x.id, x.credited ? x.minutes : x.reason])).toEqual([
      [3, 'dailyLimit'],
      [1, 60],
      [2, 60],
      [4, 30],
      [5, 'open'],
    ]);
  });

  it('never credits more than the activity length per session or more sessions a day than allowed', () => {
    const session = fc.record({
      id: fc.integer({ min: 1, max: 1e6 }),
      memberId: fc.integer({ min: 1, max: 3 }),
      checkIn: fc.integer({ min: T('2026-01-01T00:00'), max: T('2026-01-05T00:00') }),
      stay: fc.option(fc.integer({ min: -60, max: 600 }), { nil: null }),
      activityMinutes: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(session, { selector: (s) => s.id, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, max) => {
          const sessions = raw.map((r) => ({
            ...r,
            checkOut: r.stay === null ? null : r.checkIn + r.stay * 60_000,
          }));
          const v = creditSessions(sessions, { maxSessionsPerDay: max, timeZone: 'Asia/Shanghai' });
          const perDay = new Map<string, number>();
          v.forEach((x, i) => {
            const s = sessions[i]!;
            expect(x.id).toBe(s.id);
            expect(x.minutes).toBeLessThanOrEqual(s.activityMinutes);
            expect(x.minutes).toBeGreaterThanOrEqual(0);
            if (x.credited) {
              const k = `${s.memberId}:${new Date(s.checkIn + 8 * 3600_000).toISOString().slice(0, 10)}`;
              perDay.set(k, (perDay.get(k) ?? 0) + 1);
            }
          });
          for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

describe('places and waitlist', () => {
  it('serves sign-ups in arrival order, holds reserved places back and promotes the first waiting', () => {
    const s = (id: number, at: number, extra: Partial<SignUp> = {}): SignUp => ({
      id,
      at,
      cancelled: false,
      ...extra,
    });
    const all = [s(1, 10), s(2, 20), s(3, 30, { reserved: true }), s(4, 40), s(5, 50)];
    expect(allocate(4, 1, all)).toEqual({
      placed: [1, 2, 4],
      waitlist: [5],
      reservedTaken: [3],
      openPlaces: 0,
    });
    const afterCancel = all.map((x) => (x.id === 2 ? { ...x, cancelled: true } : x));
    expect(allocate(4, 1, afterCancel).placed).toEqual([1, 4, 5]);
  });

  it('never gives more places than there are, nor one twice, and keeps the waitlist in time order', () => {
    const signUp = fc.record({
      id: fc.integer({ min: 1, max: 1e6 }),
      at: fc.integer({ min: 0, max: 1000 }),
      cancelled: fc.boolean(),
      reserved: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        fc.uniqueArray(signUp, { selector: (x) => x.id, maxLength: 80 }),
        (cap, res, list) => {
          const reserved = Math.min(res, cap);
          const a = allocate(cap, reserved, list);
          const ids = [...a.placed, ...a.reservedTaken, ...a.waitlist];
          expect(new Set(ids).size).toBe(ids.length);
          expect(a.placed.length).toBeLessThanOrEqual(cap - reserved);
          expect(a.reservedTaken.length).toBeLessThanOrEqual(reserved);
          expect(ids.length).toBe(list.filter((x) => !x.cancelled).length);
          const byId = new Map(list.map((x) => [x.id, x]));
          const order = (x: number, y: number) => byId.get(x)!.at - byId.get(y)!.at || x - y;
          expect([...a.waitlist].sort(order)).toEqual(a.waitlist);
          // Nobody waits while a general place is open.
          if (a.waitlist.length) expect(a.openPlaces).toBe(0);
          // Whoever waits arrived after everyone placed.
          if (a.waitlist.length && a.placed.length)
            expect(order(a.placed.at(-1)!, a.waitlist[0]!)).toBeLessThan(0);
        },
      ),
    );
  });
});

describe('signed QR tokens', () => {
  const now = T('2026-12-02T10:00');
  const token = signToken(SECRET, { p: 'member-report', id: 42, exp: now / 1000 + 3600 });

  it('accepts its own purpose until it expires', () => {
    expect(verifyToken(SECRET, token, 'member-report', now)).toEqual({
      ok: true,
      claims: { p: 'member-report', id: 42, exp: now / 1000 + 3600 },
    });
    expect(verifyToken(SECRET, token, 'member-report', now + 3600_000)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(verifyToken(SECRET, token, 'activity-checkin', now)).toMatchObject({
      ok: false,
      reason: 'purpose',
    });
  });

  it('refuses altered, forged and malformed tokens', () => {
    const [payload, sig] = token.split('.') as [string, string];
    const other = Buffer.from(
      JSON.stringify({ p: 'member-report', id: 43, exp: now / 1000 + 3600 }),
    ).toString('base64url');
    expect(verifyToken(SECRET, `${other}.${sig}`, 'member-report', now)).toMatchObject({
      reason: 'signature',
    });
    expect(verifyToken('another-secret', token, 'member-report', now)).toMatchObject({ reason: 'signature' });
    for (const bad of ['', 'x', `${payload}.`, `.${sig}`, 'a.b.c'])
      expect(verifyToken(SECRET, bad, 'member-report', now)).toMatchObject({ ok: false });
    fc.assert(fc.property(fc.string(), (s) => verifyToken(SECRET, s, 'member-report', now).ok === false));
  });
});

describe('attendance codes', () => {
  const now = T('2026-12-02T19:00');

  it('are 6–8 characters of an alphabet without 0, O, 1 or I', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    for (const length of [6, 7, 8]) {
      const { code } = currentCode(SECRET, 9, now, { length, rotateSeconds: 60 });
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${length}}$`));
    }
    expect(() => currentCode(SECRET, 9, now, { length: 5, rotateSeconds: 60 })).toThrow(RangeError);
  });

  it('rotate: the current and the previous window are accepted, older ones and other activities are not', () => {
    const { code, validUntil } = currentCode(SECRET, 9, now);
    expect(validUntil).toBeGreaterThan(now);
    expect(checkCode(SECRET, 9, code.toLowerCase(), now)).toBe(true);
    expect(checkCode(SECRET, 9, ` ${code} `, validUntil + 30_000)).toBe(true);
    expect(checkCode(SECRET, 9, code, validUntil + 60_000)).toBe(false);
    expect(checkCode(SECRET, 10, code, now)).toBe(false);
    expect(currentCode(SECRET, 9, validUntil).code).not.toBe(code);
  });
});
