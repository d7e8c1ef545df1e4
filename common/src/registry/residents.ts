import { z } from 'zod';
import { endpoint } from '../contract.ts';
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
import { idNumberSchema, nameSchema, phoneSchema } from '../validators.ts';
import { genderSchema, noteSchema } from './members.ts';

/**
 * A resident (not a registered party member) as the API returns it. `phone` and `idNumber` are
 * masked unless read with `?reveal=true` by a role allowed to, or by the resident itself.
 */
export const residentSchema = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  /** Community / compound / building names, e.g. "C1社区 / P1小区 / B1楼". */
  areaLabel: z.string(),
  name: z.string(),
  gender: genderSchema.nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
  /** Employer: any unit of the district (a reference, not a scope). */
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Resident = z.infer<typeof residentSchema>;

export const residentListQuery = listQuery.extend({
  ...cursorQuery,
  /** Registered inside this node's subtree (itself included). */
  within: optionalId,
  /** Registered exactly at this node. */
  areaId: optionalId,
  /** Employed by this unit. */
  unitId: optionalId,
});
export type ResidentListQuery = z.infer<typeof residentListQuery>;

const addressSchema = z.string().trim().max(200);

export const residentCreate = z.object({
  /** A community or a node below it. */
  areaId: z.number().int().positive(),
  name: nameSchema,
  gender: genderSchema.nullish(),
  phone: phoneSchema.nullish(),
  idNumber: idNumberSchema.nullish(),
  address: addressSchema.nullish(),
  /** Employer: any unit of the caller's district (`GET /api/work-units`). */
  unitId: z.number().int().positive().nullish(),
  note: noteSchema.nullish(),
});
export type ResidentCreate = z.infer<typeof residentCreate>;

export const residentUpdate = residentCreate.partial();
export type ResidentUpdate = z.infer<typeof residentUpdate>;

const tags = ['residents'];

/** `/api/residents`: the residents registry. */
export const residentApi = {
  list: endpoint('GET', '/residents', {
    tags,
    summary: 'List residents in scope (phone and ID number masked)',
    query: residentListQuery,
    response: estimatedListResponse(residentSchema),
  }),
  get: endpoint('GET', '/residents/:id', {
    tags,
    summary: 'One resident; `reveal=true` shows phone and ID number (audited)',
    params: idParams,
    query: revealQuery,
    response: residentSchema,
  }),
  create: endpoint('POST', '/residents', {
    tags,
    summary: 'Register a resident',
    body: residentCreate,
    response: residentSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/residents/:id', {
    tags,
    summary: 'Edit a resident',
    params: idParams,
    body: residentUpdate,
    response: residentSchema,
  }),
  remove: endpoint('DELETE', '/residents/:id', {
    tags,
    summary: 'Remove a resident no account refers to',
    params: idParams,
    response: okBody,
  }),
};
