import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { ROLES } from '../enums.ts';
import type { MessageKey } from '../i18n.ts';
import { idParams, okBody } from '../list.ts';

/** Shortest password accepted: ten characters keep an 8-character "Abcd1234" pattern out. */
export const PASSWORD_MIN_LENGTH = 10;
/** Different non-space characters a password needs ("aaaaaaaa1b" and spaces + "1a" have two). */
export const PASSWORD_MIN_DISTINCT = 5;

/**
 * The passwords tried first by anyone guessing (leaked-password lists, Chinese and international),
 * lower-cased. Only those of at least the minimum length matter; shorter ones fail on length.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '9876543210',
  '1234567890a',
  'a1234567890',
  '12345678910',
  '1234567890q',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'qwertyuiop',
  'qwertyuiop1',
  'asdfghjkl1',
  'zxcvbnm123',
  'qwe123456789',
  'qwer123456',
  'woaini1314',
  'woaini520520',
  '5201314520',
  'abc1234567',
  'abcd123456',
  'abc123456789',
  'a123456789',
  'aa12345678',
  'aa123456789',
  'qq123456789',
  'iloveyou123',
  'iloveyou1314',
  'password123',
  'password1234',
  'p@ssw0rd123',
  'passw0rd123',
  'admin123456',
  'admin@12345',
  'administrator1',
  'welcome123',
  'letmein123',
  'changeme123',
  'test123456',
  'trustno1234',
  'football123',
  'sunshine123',
  'princess123',
  'dragon12345',
  'monkey12345',
]);

/**
 * Words that make a password guessable whatever digits or symbols surround them
 * ("Password2026!", "qwerty123456"): compared with the password lower-cased and stripped of
 * leading and trailing digits and symbols.
 */
const COMMON_STEMS = new Set([
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'pass',
  'admin',
  'administrator',
  'root',
  'user',
  'test',
  'guest',
  'qwerty',
  'qwertyuiop',
  'asdf',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'qwe',
  'qaz',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'woaini',
  'iloveyou',
  'welcome',
  'letmein',
  'changeme',
  'trustno',
]);

const SEQUENCES = '01234567890123456789 98765432109876543210';

/**
 * The one password rule (server: account creation, an admin's reset, one's own change; desk: the
 * same forms), as the catalogue key naming the first reason it fails, or null when it passes.
 * Pass the account's username where it is known: a password containing it (or it reversed), or
 * contained in it, is refused.
 */
export function passwordIssue(password: string, username?: string | null): MessageKey | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'v.passwordLength';
  if (new Set(password.replace(/\s/g, '')).size < PASSWORD_MIN_DISTINCT) return 'v.passwordVariety';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'v.passwordLettersDigits';
  const lower = password.toLowerCase();
  const stem = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_STEMS.has(stem)) return 'v.passwordCommon';
  // A letter or two around a run of digits ("a1234567890", "8888888888x") is no better than the run.
  const digits = lower.replace(/\D/g, '');
  if (stem.length <= 2 && digits.length >= 6 && (SEQUENCES.includes(digits) || new Set(digits).size === 1))
    return 'v.passwordCommon';
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3) {
    const reversed = [...name].reverse().join('');
    if (lower.includes(name) || lower.includes(reversed) || name.includes(lower)) return 'v.passwordUsername';
  }
  return null;
}

/** A new password as the API accepts it; the username rule is applied where the username is known. */
export const passwordSchema = z
  .string()
  .max(200)
  .superRefine((p, ctx) => {
    const issue = passwordIssue(p);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  });

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  areaLevel: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  memberId: z.number().nullable(),
  residentId: z.number().nullable(),
  /** e.g. "长兴镇 · 街道管理员" — what the UI shows as the account's scope. */
  scopeLabel: z.string(),
  /** Send back in the `x-csrf-token` header on every write made with the session cookie. */
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const tokenCreate = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});
export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const tokenCreated = tokenSchema.extend({ token: z.string() });

const tags = ['auth'];

/** `/api/auth`: sign-in, the signed-in account, API tokens (one's password: `accountApi.changePassword`). */
export const authApi = {
  login: endpoint('POST', '/auth/login', {
    tags,
    summary: 'Sign in',
    body: loginBody,
    response: meSchema,
    public: true,
  }),
  logout: endpoint('POST', '/auth/logout', { tags, summary: 'Sign out', response: okBody }),
  me: endpoint('GET', '/auth/me', { tags, summary: 'The signed-in account', response: meSchema }),
  tokens: endpoint('GET', '/auth/tokens', {
    tags,
    summary: 'My API tokens',
    response: z.object({ data: z.array(tokenSchema) }),
  }),
  createToken: endpoint('POST', '/auth/tokens', {
    tags,
    summary: 'Issue an API token (shown once)',
    description:
      'Only from a signed-in session (cookie): a bearer token cannot issue tokens (403), so revoking a token ends everything it can do.',
    body: tokenCreate,
    response: tokenCreated,
    status: 201,
  }),
  revokeToken: endpoint('DELETE', '/auth/tokens/:id', {
    tags,
    summary: 'Revoke an API token',
    params: idParams,
    response: okBody,
  }),
};
