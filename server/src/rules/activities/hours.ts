import { localDay } from '#server/rules/calendar/civil.ts';

/**
 * Volunteer hours (志愿服务时长) from attendance, as the Luliang practice counts them: a session
 * runs from check-in to check-out and is credited at most the activity's length (arriving early
 * to set up, or leaving late, adds nothing), and a member is credited at most a configured number
 * of sessions per civil day (the rest are kept, visible, and credited nothing), so scanning in and
 * out repeatedly cannot inflate hours. Pure: the caller passes instants and the district's zone.
 */

/** One attendance session as recorded. */
export interface Session {
  id: number;
  memberId: number;
  /** Instants (ms since epoch or ISO strings). */
  checkIn: number | string | Date;
  checkOut: number | string | Date | null;
  /** The activity's scheduled length in minutes (end − start). */
  activityMinutes: number;
}

export interface HoursPolicy {
  /** Sessions credited per member per civil day (by check-in day); later ones are credited 0. */
  maxSessionsPerDay: number;
  /** IANA zone whose civil days the limit counts. */
  timeZone: string;
}

export type SessionVerdict =
  | { id: number; memberId: number; minutes: number; credited: true; capped: boolean }
  | { id: number; memberId: number; minutes: 0; credited: false; reason: 'open' | 'dailyLimit' | 'empty' };

const ms = (v: number | string | Date) => (typeof v === 'number' ? v : new Date(v).getTime());

/** Whole minutes a closed session is worth before the daily limit: min(stay, activity length). */
export function sessionMinutes(s: Pick<Session, 'checkIn' | 'checkOut' | 'activityMinutes'>): number | null {
  if (s.checkOut === null) return null;
  const stay = Math.floor((ms(s.checkOut) - ms(s.checkIn)) / 60_000);
  return Math.max(0, Math.min(stay, Math.max(0, Math.floor(s.activityMinutes))));
}

/**
 * Judge every session: open ones (no check-out) are credited nothing yet; of each member's closed
 * sessions on one civil day, the first `maxSessionsPerDay` by check-in time are credited (ties by
 * id, so the answer does not depend on input order).
 */
export function creditSessions(sessions: readonly Session[], policy: HoursPolicy): SessionVerdict[] {
  const ordered = [...sessions].sort((a, b) => ms(a.checkIn) - ms(b.checkIn) || a.id - b.id);
  const used = new Map<string, number>();
  const out = new Map<number, SessionVerdict>();
  for (const s of ordered) {
    const minutes = sessionMinutes(s);
    if (minutes === null) {
      out.set(s.id, { id: s.id, memberId: s.memberId, minutes: 0, credited: false, reason: 'open' });
      continue;
    }
    if (minutes === 0) {
      out.set(s.id, { id: s.id, memberId: s.memberId, minutes: 0, credited: false, reason: 'empty' });
      continue;
    }
    const key = `${s.memberId}:${localDay(ms(s.checkIn), policy.timeZone)}`;
    const n = used.get(key) ?? 0;
    if (n >= policy.maxSessionsPerDay) {
      out.set(s.id, { id: s.id, memberId: s.memberId, minutes: 0, credited: false, reason: 'dailyLimit' });
      continue;
    }
    used.set(key, n + 1);
    const stay = Math.floor((ms(s.checkOut!) - ms(s.checkIn)) / 60_000);
    out.set(s.id, { id: s.id, memberId: s.memberId, minutes, credited: true, capped: stay > minutes });
  }
  // In the caller's order, so verdicts line up with the rows they judge.
  return sessions.map((s) => out.get(s.id)!);
}

/** Hours as users read them: minutes / 60 to one decimal, rounded down (never credit unserved time). */
export const hoursOf = (minutes: number) => Math.floor(minutes / 6) / 10;
