import { z } from 'zod';
import { batchIdsSchema, cursorQuery, listQuery, optionalId } from '../list.ts';
import { optionalCode } from '../registry/members.ts';
import { codeSchema, dateSchema } from '../validators.ts';
import { periodKeySchema } from './duties.ts';

type Labels = { 'zh-CN': string; en: string };

/** What a work log (工作纪实) records; each kind maps onto a duty of the source cases. */
export const WORK_LOG_KINDS = [
  'contact',
  'onsite_day',
  'visit',
  'employee_contact',
  'activity',
  'action',
  'annual_report',
] as const;
export type WorkLogKind = (typeof WORK_LOG_KINDS)[number];
export const workLogKindSchema = z.enum(WORK_LOG_KINDS);

export const WORK_LOG_KIND_LABELS: Record<WorkLogKind, Labels> = {
  contact: { 'zh-CN': '联系村居', en: 'Contact with the community' },
  onsite_day: { 'zh-CN': '到村居工作日', en: 'On-site working day' },
  visit: { 'zh-CN': '走访', en: 'Visit' },
  employee_contact: { 'zh-CN': '联系职工', en: 'Contact with an employee' },
  activity: { 'zh-CN': '党建联建活动', en: 'Joint party-building activity' },
  action: { 'zh-CN': '先锋行动', en: 'Pioneer action' },
  annual_report: { 'zh-CN': '年度述职', en: 'Annual work report' },
};

/** pending → confirmed | rejected, by the receiving community. */
export const WORK_LOG_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type WorkLogStatus = (typeof WORK_LOG_STATUSES)[number];
export const workLogStatusSchema = z.enum(WORK_LOG_STATUSES);

/** A visit goes to a household, a unit, or a two-new organisation (两新组织). */
export const VISIT_TARGET_TYPES = ['household', 'unit', 'two_new_org'] as const;
export type VisitTargetType = (typeof VISIT_TARGET_TYPES)[number];

/** Joint party-building activities (党建联建活动). */
export const ACTIVITY_TYPES = [
  'three_meetings_one_lesson',
  'theme_party_day',
  'joint_study',
  'volunteer_service',
  'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, Labels> = {
  three_meetings_one_lesson: { 'zh-CN': '三会一课', en: 'Three meetings and one lesson' },
  theme_party_day: { 'zh-CN': '主题党日', en: 'Theme party day' },
  joint_study: { 'zh-CN': '联学共建', en: 'Joint study' },
  volunteer_service: { 'zh-CN': '志愿服务', en: 'Volunteer service' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** Whether the appointee led the activity or attended it. */
export const ACTIVITY_ROLES = ['led', 'attended'] as const;
export type ActivityRole = (typeof ACTIVITY_ROLES)[number];

/** The five pioneer actions (五大先锋行动). */
export const ACTION_CATEGORIES = [
  'warm_care',
  'relief',
  'home_building',
  'self_governance',
  'building_group',
] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

export const ACTION_CATEGORY_LABELS: Record<ActionCategory, Labels> = {
  warm_care: { 'zh-CN': '暖心关爱', en: 'Warm care' },
  relief: { 'zh-CN': '解难纾困', en: 'Relieving hardship' },
  home_building: { 'zh-CN': '家园共建', en: 'Building the home' },
  self_governance: { 'zh-CN': '家园自治', en: 'Self-governance' },
  building_group: { 'zh-CN': '楼组党建', en: 'Building-group party work' },
};

/** Evidence files: what is accepted, judged by the file's leading bytes, and how big. */
export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/** Files per upload request, and per log in all. */
export const EVIDENCE_MAX_FILES = 5;
export const EVIDENCE_MAX_FILES_PER_LOG = 20;

/** An evidence file's metadata (the bytes come from the download route). */
export const workLogFileSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type WorkLogFile = z.infer<typeof workLogFileSchema>;

/** What the caller may do with a log. */
export const workLogActionsSchema = z.array(z.enum(['confirm', 'reject', 'upload', 'deleteFile']));
export type WorkLogAction = z.infer<typeof workLogActionsSchema>[number];

/** The events of a log's history (GET /api/work-logs/:id/history), as the timeline names them. */
export const WORK_LOG_EVENT_LABELS: Record<WorkLogAction | 'create', Labels> = {
  create: { 'zh-CN': '记录', en: 'Recorded' },
  upload: { 'zh-CN': '上传佐证', en: 'Evidence added' },
  deleteFile: { 'zh-CN': '删除佐证', en: 'Evidence removed' },
  confirm: { 'zh-CN': '确认', en: 'Confirmed' },
  reject: { 'zh-CN': '退回', en: 'Returned' },
};

/** A work log as the API returns it. */
export const workLogSchema = z.object({
  id: z.number(),
  appointmentId: z.number(),
  appointmentKindCode: z.string(),
  /** The appointee. */
  memberId: z.number(),
  memberName: z.string(),
  /** The appointment's receiving area. */
  areaId: z.number(),
  areaName: z.string(),
  kind: workLogKindSchema,
  occurredAt: z.string(),
  place: z.string().nullable(),
  withWhom: z.string().nullable(),
  content: z.string(),
  hours: z.number().nullable(),
  targetType: z.enum(VISIT_TARGET_TYPES).nullable(),
  targetUnitId: z.number().nullable(),
  targetUnitName: z.string().nullable(),
  householdAddress: z.string().nullable(),
  /** 五必问: what was asked. */
  asked: z.string().nullable(),
  /** 五必记: what was noted. */
  noted: z.string().nullable(),
  /** Demands taken on a visit: `demand_category` codes (empty for other kinds). */
  demandCategories: z.array(z.string()),
  subjectMemberId: z.number().nullable(),
  subjectMemberName: z.string().nullable(),
  /** The resident employee contacted (an employee who is not a party member). */
  subjectResidentId: z.number().nullable(),
  subjectResidentName: z.string().nullable(),
  activityType: z.enum(ACTIVITY_TYPES).nullable(),
  activityRole: z.enum(ACTIVITY_ROLES).nullable(),
  actionCategory: z.enum(ACTION_CATEGORIES).nullable(),
  reportYear: z.number().nullable(),
  status: workLogStatusSchema,
  recordedByName: z.string(),
  recordedByRole: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  files: z.array(workLogFileSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: workLogActionsSchema,
});
export type WorkLog = z.infer<typeof workLogSchema>;

/** A query-string filter that treats an empty string (a cleared form field) as unset. */
const blank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Filters of `GET /api/work-logs`. */
export const workLogListQuery = listQuery.extend({
  ...cursorQuery,
  appointmentId: optionalId,
  kind: z.preprocess((v) => (v === '' ? undefined : v), workLogKindSchema.optional()),
  status: z.preprocess((v) => (v === '' ? undefined : v), workLogStatusSchema.optional()),
  /** First and last day (inclusive, in the district's time zone) of `occurredAt`. */
  from: z.preprocess((v) => (v === '' ? undefined : v), dateSchema.optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), dateSchema.optional()),
  /** Receiving area inside this node's subtree. */
  within: optionalId,
  // The visit coverage's drill-downs (GET /api/coverage/visits) name these filters, so the list
  // returns exactly the logs a figure counts.
  /** Visits to a household, a unit or a two-new organisation. */
  targetType: blank(z.enum(VISIT_TARGET_TYPES)),
  /** Visits to this unit. */
  targetUnitId: optionalId,
  /** Visits that took a demand of this `demand_category` code. */
  demandCategory: optionalCode,
  /** Activities of this type. */
  activityType: blank(z.enum(ACTIVITY_TYPES)),
  /**
   * Logs inside one period, named as the duty board names periods: 2026-W45 (ISO week, Monday
   * first), 2026-11, 2026-Q4, 2026, or a term 2026-03-15/2028-03-14; days in the district's time
   * zone. Combined with `from`/`to`, both apply.
   */
  period: blank(periodKeySchema),
  /** Visits to a unit located in this node's subtree, whoever made them (visit-coverage drill). */
  targetWithin: optionalId,
  /** `true`: visits that took at least one demand. */
  withDemands: z.enum(['true', 'false']).optional(),
  /** `true`: only the logs figures count — pending or confirmed, never rejected. */
  counted: z.enum(['true', 'false']).optional(),
});
export type WorkLogListQuery = z.infer<typeof workLogListQuery>;

const text = (max: number) => z.string().trim().max(max);

const logBase = {
  appointmentId: z.number().int().positive(),
  /** When it happened, with its offset (e.g. 2026-03-02T09:30:00+08:00). */
  occurredAt: z.iso.datetime({ offset: true }),
  place: text(200).nullish(),
  withWhom: text(200).nullish(),
  content: z.string().trim().min(1).max(4000),
  hours: z.number().positive().max(24).nullish(),
};

/** Body of `POST /api/work-logs`: common fields plus the fields of its kind. */
export const workLogCreate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contact'), ...logBase }),
  z.object({ kind: z.literal('onsite_day'), ...logBase }),
  z
    .object({
      kind: z.literal('visit'),
      ...logBase,
      targetType: z.enum(VISIT_TARGET_TYPES),
      targetUnitId: z.number().int().positive().nullish(),
      householdAddress: text(200).nullish(),
      asked: text(2000).nullish(),
      noted: text(2000).nullish(),
      /** Demands the visit took, by category (codes of the district's `demand_category` dictionary). */
      demandCategories: z
        .array(codeSchema)
        .max(20)
        .transform((codes) => [...new Set(codes)])
        .default([]),
    })
    .superRefine((v, ctx) => {
      if (v.targetType === 'household' && !v.householdAddress)
        ctx.addIssue({ code: 'custom', path: ['householdAddress'], message: 'v.required' });
      if (v.targetType !== 'household' && !v.targetUnitId)
        ctx.addIssue({ code: 'custom', path: ['targetUnitId'], message: 'v.required' });
    }),
  z
    .object({
      kind: z.literal('employee_contact'),
      ...logBase,
      /** The sending unit's employee contacted: a member living in the receiving community… */
      subjectMemberId: z.number().int().positive().nullish(),
      /** …or a resident (not a party member) working for it and living there. Exactly one of the two. */
      subjectResidentId: z.number().int().positive().nullish(),
    })
    .superRefine((v, ctx) => {
      if (!v.subjectMemberId === !v.subjectResidentId)
        ctx.addIssue({ code: 'custom', path: ['subjectMemberId'], message: 'v.required' });
    }),
  z.object({
    kind: z.literal('activity'),
    ...logBase,
    activityType: z.enum(ACTIVITY_TYPES),
    activityRole: z.enum(ACTIVITY_ROLES),
  }),
  z.object({ kind: z.literal('action'), ...logBase, actionCategory: z.enum(ACTION_CATEGORIES) }),
  z.object({
    kind: z.literal('annual_report'),
    ...logBase,
    reportYear: z.number().int().min(2000).max(2100),
  }),
]);
export type WorkLogCreate = z.infer<typeof workLogCreate>;

/** Confirming may carry a comment; an annual report's review always does. */
export const workLogConfirm = z.object({ comment: text(1000).nullish() });
export type WorkLogConfirm = z.infer<typeof workLogConfirm>;

/** Body of `POST /api/work-logs/batch-confirm`: the ticked logs, and one comment for all. */
export const workLogBatchConfirm = z.object({ ids: batchIdsSchema, comment: text(1000).nullish() });
export type WorkLogBatchConfirm = z.infer<typeof workLogBatchConfirm>;

/** A rejection always says why. */
export const workLogReject = z.object({ comment: z.string().trim().min(1).max(1000) });
export type WorkLogReject = z.infer<typeof workLogReject>;

/** Path of an evidence file route: the log and the file. */
export const workLogFileParams = z.object({
  id: z.coerce.number().int().positive(),
  fileId: z.coerce.number().int().positive(),
});
