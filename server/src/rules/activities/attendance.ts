import { createHmac } from 'node:crypto';

/**
 * The short attendance code an organiser's screen shows (签到码): 6–8 characters a member can
 * type when the QR code will not scan, drawn from an alphabet without 0/O/1/I so that nobody
 * misreads it off a projector. The code rotates every `rotateSeconds` (derived, never stored:
 * HMAC of the activity and the time window under the server's secret), so a code sent to a group
 * chat stops working soon after; the window before the current one is still accepted, so a member
 * who typed it as it changed is not refused.
 */

/** 32 characters: digits 2–9 and A–Z without I and O. 32 divides 256, so picks are unbiased. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export interface CodePolicy {
  length: number;
  rotateSeconds: number;
}

export const DEFAULT_CODE_POLICY: CodePolicy = { length: 6, rotateSeconds: 60 };

const windowOf = (nowMs: number, p: CodePolicy) => Math.floor(nowMs / 1000 / p.rotateSeconds);

function codeFor(secret: string, activityId: number, window: number, length: number): string {
  const mac = createHmac('sha256', secret).update(`attendance:${activityId}:${window}`).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[mac[i]! % 32];
  return out;
}

/** The code to show now, and until when it is the current one (ms). */
export function currentCode(
  secret: string,
  activityId: number,
  nowMs: number,
  p: CodePolicy = DEFAULT_CODE_POLICY,
) {
  if (p.length < 6 || p.length > 8) throw new RangeError('attendance codes are 6–8 characters');
  const w = windowOf(nowMs, p);
  return { code: codeFor(secret, activityId, w, p.length), validUntil: (w + 1) * p.rotateSeconds * 1000 };
}

/** What a member typed, as compared: spaces and case do not matter. */
export const normaliseCode = (typed: string) => typed.replace(/\s+/g, '').toUpperCase();

/** Whether `typed` is this activity's code now or in the window just before. */
export function checkCode(
  secret: string,
  activityId: number,
  typed: string,
  nowMs: number,
  p: CodePolicy = DEFAULT_CODE_POLICY,
): boolean {
  const code = normaliseCode(typed);
  if (code.length !== p.length) return false;
  const w = windowOf(nowMs, p);
  return (
    code === codeFor(secret, activityId, w, p.length) || code === codeFor(secret, activityId, w - 1, p.length)
  );
}
