import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { GENDERS } from '../enums.ts';
import {
  actionsSchema,
  cursorQuery,
  estimatedListResponse,
  idParams,
  listQuery,
  listResponse,
  okBody,
  optionalId,
  revealQuery,
} from '../list.ts';
import { codeSchema, dateSchema, idNumberSchema, nameSchema, phoneSchema } from '../validators.ts';
import { refineMember } from './member-rules.ts';

export const genderSchema = z.enum(GENDERS);

/** Query-string value that treats an empty string as "no filter" (what cleared form fields send). */
const blankToUndefined = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** An optional dictionary-code filter from a query string. */
export const optionalCode = blankToUndefined(codeSchema);
/** An optional gender filter from a query string. */
export const optionalGender = blankToUndefined(genderSchema);

/** Free-text remarks on a registry record. */
export const noteSchema = z.string().trim().max(500);

/** A list of dictionary codes; duplicates are dropped so `['it','it']` stores one code. */
const codeList = z
  .array(codeSchema)
  .max(30)
  .transform((codes) => [...new Set(codes)]);

/**
 * A party member as the API returns it. `phone` and `idNumber` are masked unless the record was
 * read with `?reveal=true` by a role allowed to, or by the member itself. Dictionary fields carry
 * codes; the web resolves labels from the dictionary.
 */
export const memberSchema = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  /** Community / compound / building names, e.g. "C1社区 / P1小区 / B1楼". */
  areaLabel: z.string(),
  name: z.string(),
  gender: genderSchema,
  birthDate: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string(),
  joinDate: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  category: z.string(),
  skills: z.array(z.string()),
  roles: z.array(z.string()),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Member = z.infer<typeof memberSchema>;

/**
 * A unit as a work-unit picker offers it (`GET /api/work-units`): reference data only — enough to
 * tell the unit apart, nothing of its contacts. Employment is a reference, not a scope, so the
 * picker spans the caller's whole district while the person's record stays in the caller's subtree.
 */
export const workUnitRefSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** A `unit_type` dictionary code. */
  type: z.string(),
  creditCode: z.string().nullable(),
});
export type WorkUnitRef = z.infer<typeof workUnitRefSchema>;

/** Filters of the work-unit picker: name or credit code (`q`), unit type. */
export const workUnitRefQuery = listQuery.extend({ type: optionalCode });
export type WorkUnitRefQuery = z.infer<typeof workUnitRefQuery>;

export const memberListQuery = listQuery.extend({
  ...cursorQuery,
  /** Residence inside this node's subtree (itself included). */
  within: optionalId,
  /** Residence exactly at this node. */
  areaId: optionalId,
  unitId: optionalId,
  orgId: optionalId,
  category: optionalCode,
  skill: optionalCode,
  role: optionalCode,
  gender: optionalGender,
});
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const memberCreate = z.object({
  /** Residence: a community, compound or building. */
  areaId: z.number().int().positive(),
  name: nameSchema,
  gender: genderSchema,
  /** Taken from the ID number when left out; must agree with it when given. */
  birthDate: dateSchema.nullish(),
  phone: phoneSchema.nullish(),
  idNumber: idNumberSchema,
  /** Date of joining the Party; after the birth date. */
  joinDate: dateSchema.nullish(),
  /** Work unit; a unit admin's own unit when a unit admin registers the member. */
  unitId: z.number().int().positive().nullish(),
  /** The branch the member belongs to. */
  orgId: z.number().int().positive().nullish(),
  /** A `member_category` code: one of the seven management categories. */
  category: codeSchema,
  /** `skill` dictionary codes. */
  skills: codeList.default([]),
  /** `member_role` dictionary codes (building head, grid worker…). */
  roles: codeList.default([]),
  note: noteSchema.nullish(),
});
export type MemberCreate = z.infer<typeof memberCreate>;

export const memberUpdate = z.object({
  areaId: z.number().int().positive().optional(),
  name: nameSchema.optional(),
  gender: genderSchema.optional(),
  birthDate: dateSchema.nullish(),
  phone: phoneSchema.nullish(),
  idNumber: idNumberSchema.optional(),
  joinDate: dateSchema.nullish(),
  unitId: z.number().int().positive().nullish(),
  orgId: z.number().int().positive().nullish(),
  category: codeSchema.optional(),
  skills: codeList.optional(),
  roles: codeList.optional(),
  note: noteSchema.nullish(),
});
export type MemberUpdate = z.infer<typeof memberUpdate>;

const tags = ['members'];

/** `/api/members`: the party-member registry, and the work-unit picker its forms use. */
export const memberApi = {
  list: endpoint('GET', '/members', {
    tags,
    summary: 'List party members in scope (phone and ID number masked)',
    query: memberListQuery,
    response: estimatedListResponse(memberSchema),
  }),
  workUnits: endpoint('GET', '/work-units', {
    tags,
    summary:
      "Units a member or resident may name as employer: the caller's whole district, reference data only (name, type, credit code)",
    query: workUnitRefQuery,
    response: listResponse(workUnitRefSchema),
  }),
  get: endpoint('GET', '/members/:id', {
    tags,
    summary: 'One party member; `reveal=true` shows phone and ID number (audited)',
    params: idParams,
    query: revealQuery,
    response: memberSchema,
  }),
  create: endpoint('POST', '/members', {
    tags,
    summary: 'Register a party member',
    body: memberCreate,
    response: memberSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/members/:id', {
    tags,
    summary: 'Edit a party member',
    params: idParams,
    body: memberUpdate,
    response: memberSchema,
  }),
  remove: endpoint('DELETE', '/members/:id', {
    tags,
    summary: 'Remove a party member no account or seat refers to',
    params: idParams,
    response: okBody,
  }),
};
/**
 * The bodies as the desk form and the Excel import hold them: the schemas above plus the member
 * rules across fields (`member-rules.ts`), so a contradiction shows on its field before anything
 * is sent. The API's routes take the plain schemas and the service applies the same rules to the
 * record as it will be, so one 400 lists them with the reference checks that need the database.
 */
export const memberCreateForm = memberCreate.superRefine(refineMember(false));
export const memberUpdateForm = memberUpdate.superRefine(refineMember(true));
