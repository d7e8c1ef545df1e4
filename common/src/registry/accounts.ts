import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { ROLES } from '../enums.ts';
import { actionsSchema, idParams, listQuery, listResponse, okBody, optionalId } from '../list.ts';
import { passwordIssue, passwordSchema } from '../system/auth.ts';

export const roleSchema = z.enum(ROLES);

export const accountSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  unitId: z.number().nullable(),
  memberId: z.number().nullable(),
  residentId: z.number().nullable(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  actions: actionsSchema,
});
export type Account = z.infer<typeof accountSchema>;

export const accountListQuery = listQuery.extend({
  role: roleSchema.optional(),
  areaId: optionalId,
  disabled: z.enum(['true', 'false']).optional(),
});

export const accountCreate = z
  .object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(/^[A-Za-z0-9_.@-]+$/, { error: 'v.code' }),
    displayName: z.string().trim().min(1).max(100),
    password: passwordSchema,
    role: roleSchema,
    /** The tree node the account is bound to (area admins); derived for unit/member/resident roles. */
    areaId: z.number().int().positive().nullish(),
    unitId: z.number().int().positive().nullish(),
    memberId: z.number().int().positive().nullish(),
    residentId: z.number().int().positive().nullish(),
  })
  .superRefine((v, ctx) => {
    // The field's own rule has run already; here only what needs the username beside it.
    if (passwordIssue(v.password) === null && passwordIssue(v.password, v.username))
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'v.passwordUsername' });
  });
export type AccountCreate = z.infer<typeof accountCreate>;

export const accountUpdate = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  password: passwordSchema.optional(),
  disabled: z.boolean().optional(),
});
export type AccountUpdate = z.infer<typeof accountUpdate>;

export const passwordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

const tags = ['accounts'];

/** `/api/accounts`: sign-in accounts, and one's own password. */
export const accountApi = {
  list: endpoint('GET', '/accounts', {
    tags,
    summary: 'List accounts in scope',
    query: accountListQuery,
    response: listResponse(accountSchema),
  }),
  get: endpoint('GET', '/accounts/:id', {
    tags,
    summary: 'One account',
    params: idParams,
    response: accountSchema,
  }),
  create: endpoint('POST', '/accounts', {
    tags,
    summary: 'Create an account',
    body: accountCreate,
    response: accountSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/accounts/:id', {
    tags,
    summary: 'Rename, reset password, enable or disable',
    params: idParams,
    body: accountUpdate,
    response: accountSchema,
  }),
  remove: endpoint('DELETE', '/accounts/:id', {
    tags,
    summary: 'Delete an account',
    params: idParams,
    response: okBody,
  }),
  /** Served by the accounts module (it owns passwords), documented with sign-in. */
  changePassword: endpoint('POST', '/auth/password', {
    tags: ['auth'],
    summary: 'Change my password',
    body: passwordChange,
    response: okBody,
  }),
};
