import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { ORG_TYPES } from '../enums.ts';
import {
  actionsSchema,
  cursorQuery,
  estimatedListResponse,
  idParams,
  listQuery,
  okBody,
  optionalId,
  revealQuery,
} from '../list.ts';
import { codeSchema, creditCodeSchema, nameSchema, phoneSchema } from '../validators.ts';

export const unitSchema = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  type: z.string(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  /** Masked (138****5678) unless the caller asked `?reveal=true` and may reveal. */
  contactPhone: z.string().nullable(),
  /** The party-member count the unit declares (its own figure, not the registry's). */
  memberCount: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Unit = z.infer<typeof unitSchema>;

/** One unit with its party organisations and the party members registered to it. */
export const unitDetailSchema = unitSchema.extend({
  orgs: z.array(z.object({ id: z.number(), name: z.string(), type: z.enum(ORG_TYPES) })),
  registeredMembers: z.object({
    total: z.number(),
    /** Counts by `member_category` code. */
    byCategory: z.record(z.string(), z.number()),
  }),
});
export type UnitDetail = z.infer<typeof unitDetailSchema>;

export const unitListQuery = listQuery.extend({
  ...cursorQuery,
  /** Limit to units sitting in the subtree of this node (itself included). */
  within: optionalId,
  /** Units sitting exactly on this node. */
  areaId: optionalId,
  /** A `unit_type` code; empty means no filter. */
  type: z.preprocess((v) => (v === '' ? undefined : v), codeSchema.optional()),
});

export const unitCreate = z.object({
  areaId: z.number().int().positive(),
  name: nameSchema,
  creditCode: creditCodeSchema.nullish(),
  /** A `unit_type` dictionary code; whether it exists is checked per district by the server. */
  type: codeSchema,
  address: z.string().trim().max(200).nullish(),
  contactName: z.string().trim().max(50).nullish(),
  contactPhone: phoneSchema.nullish(),
  memberCount: z.number().int().min(0).max(1_000_000).nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type UnitCreate = z.infer<typeof unitCreate>;

export const unitUpdate = unitCreate.partial();
export type UnitUpdate = z.infer<typeof unitUpdate>;

const tags = ['units'];

/** `/api/units`: the resident-unit registry. */
export const unitApi = {
  list: endpoint('GET', '/units', {
    tags,
    summary: 'List resident units in scope',
    query: unitListQuery,
    response: estimatedListResponse(unitSchema),
  }),
  get: endpoint('GET', '/units/:id', {
    tags,
    summary: 'One unit with its party organisations and member counts',
    params: idParams,
    query: revealQuery,
    response: unitDetailSchema,
  }),
  create: endpoint('POST', '/units', {
    tags,
    summary: 'Register a unit',
    body: unitCreate,
    response: unitSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/units/:id', {
    tags,
    summary: 'Edit a unit',
    params: idParams,
    body: unitUpdate,
    response: unitSchema,
  }),
  remove: endpoint('DELETE', '/units/:id', {
    tags,
    summary: 'Delete a unit nothing refers to',
    params: idParams,
    response: okBody,
  }),
};
