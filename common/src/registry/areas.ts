import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { AREA_LEVELS } from '../enums.ts';
import { actionsSchema, idParams, listQuery, listResponse, okBody, optionalId } from '../list.ts';
import { codeSchema, nameSchema } from '../validators.ts';

export const areaLevel = z.enum(AREA_LEVELS);

export const areaSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: areaLevel,
  code: z.string(),
  name: z.string(),
  path: z.string(),
  depth: z.number(),
  sort: z.number(),
  note: z.string().nullable(),
  childCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Area = z.infer<typeof areaSchema>;

export const areaDetailSchema = areaSchema.extend({
  ancestors: z.array(z.object({ id: z.number(), name: z.string(), level: areaLevel })),
});

export const areaListQuery = listQuery.extend({
  parentId: optionalId,
  level: areaLevel.optional(),
  /** Limit to the subtree of this node (itself included). */
  within: optionalId,
});

export const areaCreate = z.object({
  parentId: z.number().int().positive().nullable(),
  level: areaLevel,
  code: codeSchema,
  name: nameSchema,
  sort: z.number().int().min(0).max(1_000_000).default(0),
  note: z.string().trim().max(500).nullish(),
});
export type AreaCreate = z.infer<typeof areaCreate>;

export const areaUpdate = areaCreate.pick({ code: true, name: true, sort: true, note: true }).partial();
export type AreaUpdate = z.infer<typeof areaUpdate>;

export const areaMove = z.object({ parentId: z.number().int().positive() });

export interface AreaTreeNode {
  id: number;
  parentId: number | null;
  level: z.infer<typeof areaLevel>;
  code: string;
  name: string;
  childCount: number;
  children?: AreaTreeNode[];
}
export const areaTreeNode: z.ZodType<AreaTreeNode> = z.lazy(() =>
  z.object({
    id: z.number(),
    parentId: z.number().nullable(),
    level: areaLevel,
    code: z.string(),
    name: z.string(),
    childCount: z.number(),
    children: z.array(areaTreeNode).optional(),
  }),
);
export const areaTreeQuery = z.object({
  rootId: optionalId,
  depth: z.coerce.number().int().min(1).max(6).default(2),
});

const tags = ['areas'];

/** `/api/areas`: the administrative tree. */
export const areaApi = {
  list: endpoint('GET', '/areas', {
    tags,
    summary: 'List tree nodes in scope',
    query: areaListQuery,
    response: listResponse(areaSchema),
  }),
  tree: endpoint('GET', '/areas/tree', {
    tags,
    summary: 'Nested tree for the tree view',
    query: areaTreeQuery,
    response: z.object({ data: z.array(areaTreeNode) }),
  }),
  get: endpoint('GET', '/areas/:id', {
    tags,
    summary: 'One node with its ancestors',
    params: idParams,
    response: areaDetailSchema,
  }),
  create: endpoint('POST', '/areas', {
    tags,
    summary: 'Add a node',
    body: areaCreate,
    response: areaSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/areas/:id', {
    tags,
    summary: 'Edit a node',
    params: idParams,
    body: areaUpdate,
    response: areaSchema,
  }),
  move: endpoint('POST', '/areas/:id/move', {
    tags,
    summary: 'Move a subtree under another parent',
    params: idParams,
    body: areaMove,
    response: areaSchema,
  }),
  remove: endpoint('DELETE', '/areas/:id', {
    tags,
    summary: 'Delete a leaf node with no records',
    params: idParams,
    response: okBody,
  }),
};
