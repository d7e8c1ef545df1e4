import { z } from 'zod';
import { AREA_LEVELS } from '../enums.ts';
import { actionsSchema, listQuery, optionalId } from '../list.ts';
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
