import { z } from 'zod';
import { actionsSchema, cursorQuery, listQuery, optionalId } from '../list.ts';
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
