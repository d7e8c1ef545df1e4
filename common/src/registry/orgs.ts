import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { JOINT_MEMBER_KINDS, JOINT_ORG_TYPES, ORG_TYPES, type OrgType } from '../enums.ts';
import type { MessageKey } from '../i18n.ts';
import { actionsSchema, idParams, listQuery, listResponse, okBody, optionalId } from '../list.ts';
import { codeSchema, dateSchema, idSchema, nameSchema } from '../validators.ts';

export const orgType = z.enum(ORG_TYPES);

/** Joint bodies (大工委/大党委) are the only organisations that have seats. */
export const isJointOrgType = (type: string) => (JOINT_ORG_TYPES as readonly string[]).includes(type);

/** An organisation named in another record. */
export const orgRef = z.object({ id: z.number(), name: z.string(), type: orgType });

export const orgSchema = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  type: orgType,
  code: z.string().nullable(),
  name: z.string(),
  secretaryName: z.string().nullable(),
  foundedOn: z.string().nullable(),
  note: z.string().nullable(),
  childCount: z.number(),
  /** Registered party members whose branch is this organisation. */
  memberCount: z.number(),
  /** Building joint branches only: how many different units its members work for. */
  employerCount: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Org = z.infer<typeof orgSchema>;

export const orgDetailSchema = orgSchema.extend({
  seatCount: z.number(),
  children: z.array(orgRef),
});
export type OrgDetail = z.infer<typeof orgDetailSchema>;

export const orgListQuery = listQuery.extend({
  /** Limit to organisations sitting in the subtree of this node (itself included). */
  within: optionalId,
  areaId: optionalId,
  type: orgType.optional(),
  unitId: optionalId,
  parentId: optionalId,
});

export const orgCreate = z.object({
  areaId: z.number().int().positive(),
  parentId: z.number().int().positive().nullish(),
  /** The unit the organisation belongs to; a unit admin's own unit when it creates one. */
  unitId: z.number().int().positive().nullish(),
  type: orgType,
  code: codeSchema.nullish(),
  name: nameSchema,
  secretaryName: z.string().trim().max(50).nullish(),
  foundedOn: dateSchema.nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type OrgCreate = z.infer<typeof orgCreate>;

export const orgUpdate = orgCreate.partial();
export type OrgUpdate = z.infer<typeof orgUpdate>;

export interface OrgTreeNode {
  id: number;
  parentId: number | null;
  type: OrgType;
  name: string;
  areaId: number;
  unitId: number | null;
  memberCount: number;
  children?: OrgTreeNode[];
}
export const orgTreeNode: z.ZodType<OrgTreeNode> = z.lazy(() =>
  z.object({
    id: z.number(),
    parentId: z.number().nullable(),
    type: orgType,
    name: z.string(),
    areaId: z.number(),
    unitId: z.number().nullable(),
    memberCount: z.number(),
    children: z.array(orgTreeNode).optional(),
  }),
);
export const orgTreeQuery = z.object({ rootId: optionalId });

export const seatKind = z.enum(JOINT_MEMBER_KINDS);

export const seatSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  areaId: z.number(),
  kind: seatKind,
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  memberId: z.number().nullable(),
  memberName: z.string().nullable(),
  personName: z.string().nullable(),
  post: z.string().nullable(),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  createdAt: z.string(),
  actions: actionsSchema,
});
export type Seat = z.infer<typeof seatSchema>;

const seatFields = z.object({
  kind: seatKind,
  unitId: z.number().int().positive().nullish(),
  memberId: z.number().int().positive().nullish(),
  personName: z.string().trim().min(1).max(50).nullish(),
  /** e.g. 兼职委员, 副书记. */
  post: z.string().trim().max(50).nullish(),
  startOn: dateSchema.nullish(),
  endOn: dateSchema.nullish(),
});

interface SeatShape {
  kind?: string | undefined;
  unitId?: number | null | undefined;
  memberId?: number | null | undefined;
  personName?: string | null | undefined;
  startOn?: string | null | undefined;
  endOn?: string | null | undefined;
}

/**
 * Rules across a seat's fields: a member unit names its unit, a concurrent member is a
 * registered member or a named person, and a term does not end before it starts. Shared so the
 * server re-checks the merged record on a partial update.
 */
export function seatIssues(s: SeatShape): { path: string; message: MessageKey }[] {
  const issues: { path: string; message: MessageKey }[] = [];
  if (s.kind === 'member_unit' && !s.unitId) issues.push({ path: 'unitId', message: 'v.required' });
  if (s.kind === 'concurrent_member' && !s.memberId && !s.personName)
    issues.push({ path: 'memberId', message: 'v.memberOrPerson' });
  if (s.startOn && s.endOn && s.endOn < s.startOn) issues.push({ path: 'endOn', message: 'v.dateOrder' });
  return issues;
}

export const seatCreate = seatFields.superRefine((s, ctx) => {
  for (const i of seatIssues(s)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type SeatCreate = z.infer<typeof seatCreate>;

export const seatUpdate = seatFields.partial();
export type SeatUpdate = z.infer<typeof seatUpdate>;

export const seatParams = z.object({ orgId: idSchema, seatId: idSchema });

const tags = ['orgs'];

/** `/api/orgs`: party organisations, and the seats of joint bodies. */
export const orgApi = {
  list: endpoint('GET', '/orgs', {
    tags,
    summary: 'List party organisations in scope',
    query: orgListQuery,
    response: listResponse(orgSchema),
  }),
  tree: endpoint('GET', '/orgs/tree', {
    tags,
    summary: 'Nested organisation tree in scope',
    query: orgTreeQuery,
    response: z.object({ data: z.array(orgTreeNode) }),
  }),
  get: endpoint('GET', '/orgs/:id', {
    tags,
    summary: 'One organisation with its children',
    params: idParams,
    response: orgDetailSchema,
  }),
  create: endpoint('POST', '/orgs', {
    tags,
    summary: 'Found an organisation',
    body: orgCreate,
    response: orgSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/orgs/:id', {
    tags,
    summary: 'Edit an organisation',
    params: idParams,
    body: orgUpdate,
    response: orgSchema,
  }),
  remove: endpoint('DELETE', '/orgs/:id', {
    tags,
    summary: 'Delete an organisation nothing refers to',
    params: idParams,
    response: okBody,
  }),
  seats: endpoint('GET', '/orgs/:id/seats', {
    tags,
    summary: 'Seats of a joint body (member units and concurrent members)',
    params: idParams,
    response: listResponse(seatSchema),
  }),
  createSeat: endpoint('POST', '/orgs/:id/seats', {
    tags,
    summary: 'Add a seat to a joint body',
    params: idParams,
    body: seatCreate,
    response: seatSchema,
    status: 201,
  }),
  updateSeat: endpoint('PATCH', '/orgs/:orgId/seats/:seatId', {
    tags,
    summary: 'Edit a seat',
    params: seatParams,
    body: seatUpdate,
    response: seatSchema,
  }),
  removeSeat: endpoint('DELETE', '/orgs/:orgId/seats/:seatId', {
    tags,
    summary: 'Remove a seat',
    params: seatParams,
    response: okBody,
  }),
};
