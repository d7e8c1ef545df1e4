import { z } from 'zod';
import { endpoint } from '../contract.ts';
import { DICT_TYPES, type DictType } from '../enums.ts';
import { actionsSchema, idParams, listQuery, listResponse, okBody, optionalId } from '../list.ts';
import { codeSchema, nameSchema } from '../validators.ts';

/** One of the dictionary types of `DICT_TYPES`. */
export const dictTypeSchema = z.enum(DICT_TYPES);

/** What each dictionary type is called in the admin screens. */
export const DICT_TYPE_LABELS: Record<DictType, { 'zh-CN': string; en: string }> = {
  unit_type: { 'zh-CN': '单位类型', en: 'Unit type' },
  member_category: { 'zh-CN': '党员分类', en: 'Member category' },
  skill: { 'zh-CN': '党员特长', en: 'Skill' },
  member_role: { 'zh-CN': '党员岗位', en: 'Member role' },
  demand_category: { 'zh-CN': '需求类别', en: 'Demand category' },
  resource_category: { 'zh-CN': '资源类别', en: 'Resource category' },
};

/** A type as `GET /api/dictionaries/types` describes it. */
export const dictTypeInfoSchema = z.object({
  type: dictTypeSchema,
  labelZh: z.string(),
  labelEn: z.string(),
  /** Whether a district may add its own items to this type. */
  extensible: z.boolean(),
});
export type DictTypeInfo = z.infer<typeof dictTypeInfoSchema>;

/** One item of a district's dictionary. */
export const dictItemSchema = z.object({
  id: z.number(),
  /** The district (tree root) that owns the item. */
  districtId: z.number(),
  type: dictTypeSchema,
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  sort: z.number(),
  enabled: z.boolean(),
  /** Built in: cannot be deleted or recoded, only relabelled, re-sorted or disabled. */
  system: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type DictItem = z.infer<typeof dictItemSchema>;

/** Filters of `GET /api/dictionaries`; disabled items are left out unless asked for. */
export const dictListQuery = listQuery.extend({
  type: dictTypeSchema.optional(),
  /** Required for the platform admin, who belongs to no district; others read their own. */
  districtId: optionalId,
  includeDisabled: z.enum(['true', 'false']).optional(),
});
export type DictListQuery = z.infer<typeof dictListQuery>;

/** Body of `POST /api/dictionaries`. */
export const dictItemCreate = z.object({
  /** Required for the platform admin; district admins may omit it (their own district). */
  districtId: z.number().int().positive().nullish(),
  type: dictTypeSchema,
  code: codeSchema,
  labelZh: nameSchema,
  labelEn: nameSchema,
  sort: z.number().int().min(0).max(1_000_000).default(0),
  enabled: z.boolean().default(true),
});
export type DictItemCreate = z.infer<typeof dictItemCreate>;

/** Body of `PATCH /api/dictionaries/:id`; `code` changes only on unused non-system items. */
export const dictItemUpdate = z.object({
  code: codeSchema.optional(),
  labelZh: nameSchema.optional(),
  labelEn: nameSchema.optional(),
  sort: z.number().int().min(0).max(1_000_000).optional(),
  enabled: z.boolean().optional(),
});
export type DictItemUpdate = z.infer<typeof dictItemUpdate>;

const tags = ['dictionaries'];

/** `/api/dictionaries`: read by every signed-in role; written by district admins and the platform. */
export const dictionaryApi = {
  types: endpoint('GET', '/dictionaries/types', {
    tags,
    summary: 'Dictionary types and whether they accept new items',
    response: z.object({ data: z.array(dictTypeInfoSchema) }),
  }),
  list: endpoint('GET', '/dictionaries', {
    tags,
    summary: "Items of the caller's district (the platform admin names one)",
    query: dictListQuery,
    response: listResponse(dictItemSchema),
  }),
  get: endpoint('GET', '/dictionaries/:id', {
    tags,
    summary: 'One item',
    params: idParams,
    response: dictItemSchema,
  }),
  create: endpoint('POST', '/dictionaries', {
    tags,
    summary: 'Add an item to an extensible type',
    body: dictItemCreate,
    response: dictItemSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/dictionaries/:id', {
    tags,
    summary: 'Relabel, re-sort, enable or disable an item (recode non-system items)',
    params: idParams,
    body: dictItemUpdate,
    response: dictItemSchema,
  }),
  remove: endpoint('DELETE', '/dictionaries/:id', {
    tags,
    summary: 'Delete an unused non-system item',
    params: idParams,
    response: okBody,
  }),
};
