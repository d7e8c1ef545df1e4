import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for QR codes (a community's 扫码报到 poster, an activity's check-in
 * code): `<payload>.<signature>`, both base64url, the payload a small JSON object carrying what
 * the code is for, the record it names and when it expires. The signature is an HMAC-SHA256 under
 * the server's secret, so a token cannot be forged or altered, and it carries its own expiry, so a
 * photographed poster stops working when the organiser says. Pure: the caller passes the secret
 * and the clock.
 */

export type TokenPurpose = 'member-report' | 'activity-checkin';

export interface TokenClaims {
  /** What the code is for: a check-in token cannot be used to report, or the reverse. */
  p: TokenPurpose;
  /** The record it names (community id, activity id). */
  id: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'purpose' | 'expired'; claims?: TokenClaims };

const b64 = (b: Buffer) => b.toString('base64url');
const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest();

export function signToken(secret: string, claims: TokenClaims): string {
  const payload = b64(Buffer.from(JSON.stringify({ p: claims.p, id: claims.id, exp: claims.exp })));
  return `${payload}.${b64(sign(secret, payload))}`;
}

/** Check a token for `purpose` at `nowMs`; the signature is compared in constant time. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [payload, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  const want = sign(secret, payload);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    return { ok: false, reason: 'signature' };
  let claims: TokenClaims;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    if (typeof raw.p !== 'string' || !Number.isSafeInteger(raw.id) || !Number.isSafeInteger(raw.exp))
      return { ok: false, reason: 'malformed' };
    claims = { p: raw.p as TokenPurpose, id: raw.id as number, exp: raw.exp as number };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.p !== purpose) return { ok: false, reason: 'purpose', claims };
  if (nowMs >= claims.exp * 1000) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
