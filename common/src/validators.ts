import { z } from 'zod';

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: 'v.phone' });

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check: 17 digits, a weighted mod-11 check character, and a real birth date. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK[sum % 11] !== value[17]) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

/** Append the GB 11643 check character to 17 digits (used by the demo generator and tests). */
export function idNumberWithCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ID_CHECK[sum % 11];
}

export const idNumberSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isValidIdNumber, { error: 'v.idNumber' });

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return undefined;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** GB 32100 unified social credit code: 18 characters, mod-31 check character. */
export function isValidCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  return usccCheckChar(value.slice(0, 17)) === value[17];
}

/** Append the check character to 17 USCC characters. */
export function creditCodeWithCheck(first17: string): string {
  return first17 + (usccCheckChar(first17) ?? '0');
}

export const creditCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isValidCreditCode, { error: 'v.creditCode' });

export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'v.code' });

export const nameSchema = z.string().trim().min(1).max(100);
export const dateSchema = z.iso.date();
export const idSchema = z.coerce.number().int().positive();

/** Mask a phone number as 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Mask an ID number keeping the region prefix and the last four: 110101********1234. */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  return id.length >= 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****';
}
