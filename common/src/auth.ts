import { z } from 'zod';
import { ROLES } from './enums.ts';

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
