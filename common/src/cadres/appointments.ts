import { z } from 'zod';
import { actionsSchema, listQuery, optionalId } from '../list.ts';
import { codeSchema, dateSchema, nameSchema } from '../validators.ts';
import type { VisitTargetType } from './work-logs.ts';

type Labels = { 'zh-CN': string; en: string };

/** The time zone "today" is judged in (notice periods, default term starts, log dates). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A YYYY-MM-DD date moved by whole days (calendar arithmetic in UTC, so no zone shifts). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A YYYY-MM-DD date moved by whole months, clamped to the month's last day (2024-01-31 + 1 month
 * = 2024-02-29).
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The default last day of a term of `months` starting on `start`: the day before the anniversary. */
export const termEndFrom = (start: string, months: number) => addDays(addMonths(start, months), -1);

// ── Appointment kinds ──────────────────────────────────────────────────────────────────────

/** A kind's built-in definition: created for every district the first time its kinds are read. */
export interface BuiltinKind {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string;
  termMonths: number | null;
  needsSendingUnit: boolean;
  /** The preset duty policy the duty engine resolves by this code (null: no preset duties). */
  dutyPolicyCode: string | null;
}

/** The kinds of the three source cases plus the posts of joint bodies, buildings and grids. */
export const BUILTIN_APPOINTMENT_KINDS: readonly BuiltinKind[] = [
  {
    code: 'second_secretary',
    nameZh: '第二书记',
    nameEn: 'Second secretary',
    description: '驻区单位（央企、国企）居住在村居的职工党员到村居党组织任“第二书记”，落实“五个一”工作任务',
    termMonths: null,
    needsSendingUnit: true,
    dutyPolicyCode: 'second_secretary_five_ones',
  },
  {
    code: 'first_secretary',
    nameZh: '第一书记',
    nameEn: 'First secretary',
    description:
      '区直单位主要负责人任社区党组织“第一书记”，任期 2 年，履行建好台账、带好班子、宣讲政策、服务治理 4 大职责',
    termMonths: 24,
    needsSendingUnit: true,
    dutyPolicyCode: 'first_secretary_four_duties',
  },
  {
    code: 'cross_appointment',
    nameZh: '交叉任职',
    nameEn: 'Cross-appointment',
    description: '居民区书记与楼宇党群工作者在对方党组织交叉任职，走访“两新”组织、对接需求、联合开展党日活动',
    termMonths: null,
    needsSendingUnit: false,
    dutyPolicyCode: 'cross_appointment_visits',
  },
  {
    code: 'concurrent_member',
    nameZh: '兼职委员',
    nameEn: 'Concurrent committee member',
    description: '驻区单位负责人任街道“大工委”或社区“大党委”兼职委员',
    termMonths: null,
    needsSendingUnit: true,
    dutyPolicyCode: null,
  },
  {
    code: 'building_head',
    nameZh: '楼栋长',
    nameEn: 'Building head',
    description: '在职或社区党员任楼栋长，联系楼栋居民',
    termMonths: null,
    needsSendingUnit: false,
    dutyPolicyCode: null,
  },
  {
    code: 'grid_post',
    nameZh: '网格党小组职务',
    nameEn: 'Grid party-group post',
    description: '网格党小组组长、副组长等职务',
    termMonths: null,
    needsSendingUnit: false,
    dutyPolicyCode: null,
  },
];

/** A kind as the API returns it. */
export const appointmentKindSchema = z.object({
  id: z.number(),
  /** The district (tree root) that owns the kind. */
  districtId: z.number(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string().nullable(),
  termMonths: z.number().nullable(),
  needsSendingUnit: z.boolean(),
  dutyPolicyCode: z.string().nullable(),
  /** Shipped with every district: cannot be deleted or recoded. */
  builtin: z.boolean(),
  enabled: z.boolean(),
  sort: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type AppointmentKind = z.infer<typeof appointmentKindSchema>;

/** Filters of `GET /api/appointment-kinds`; disabled kinds are left out unless asked for. */
export const appointmentKindListQuery = listQuery.extend({
  /** Required for the platform admin; everyone else reads their own district. */
  districtId: optionalId,
  includeDisabled: z.enum(['true', 'false']).optional(),
});
export type AppointmentKindListQuery = z.infer<typeof appointmentKindListQuery>;

const descriptionSchema = z.string().trim().max(1000);
const termMonthsSchema = z.number().int().min(1).max(120);

/** Body of `POST /api/appointment-kinds`. */
export const appointmentKindCreate = z.object({
  /** Required for the platform admin; a district admin's own district otherwise. */
  districtId: z.number().int().positive().nullish(),
  code: codeSchema,
  nameZh: nameSchema,
  nameEn: nameSchema,
  description: descriptionSchema.nullish(),
  /** Default term in months; null means no fixed term. */
  termMonths: termMonthsSchema.nullish(),
  needsSendingUnit: z.boolean().default(false),
  /** A duty policy code the duty engine resolves (not checked here: policies are edited there). */
  dutyPolicyCode: codeSchema.nullish(),
  enabled: z.boolean().default(true),
  sort: z.number().int().min(0).max(1_000_000).default(0),
});
export type AppointmentKindCreate = z.infer<typeof appointmentKindCreate>;

/** Everything but the owning district and the code can be edited. */
export const appointmentKindUpdate = z.object({
  nameZh: nameSchema.optional(),
  nameEn: nameSchema.optional(),
  description: descriptionSchema.nullish(),
  termMonths: termMonthsSchema.nullish(),
  needsSendingUnit: z.boolean().optional(),
  dutyPolicyCode: codeSchema.nullish(),
  enabled: z.boolean().optional(),
  sort: z.number().int().min(0).max(1_000_000).optional(),
});
export type AppointmentKindUpdate = z.infer<typeof appointmentKindUpdate>;

// ── Appointments ───────────────────────────────────────────────────────────────────────────

/** active → ended (term over) | recalled (early) | replaced (by a successor); never deleted. */
export const APPOINTMENT_STATUSES = ['active', 'ended', 'recalled', 'replaced'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

/** What each status is called in the screens. */
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, Labels> = {
  active: { 'zh-CN': '在任', en: 'Active' },
  ended: { 'zh-CN': '任期届满', en: 'Term ended' },
  recalled: { 'zh-CN': '提前召回', en: 'Recalled' },
  replaced: { 'zh-CN': '已调整替换', en: 'Replaced' },
};

/** What the caller may do with an appointment. */
export const appointmentActionsSchema = z.array(
  z.enum(['update', 'delete', 'end', 'recall', 'replace', 'recordLog']),
);
export type AppointmentAction = z.infer<typeof appointmentActionsSchema>[number];

/** The events of an appointment's history (GET /api/appointments/:id/history), as the timeline names them. */
export const APPOINTMENT_EVENT_LABELS: Record<'create' | 'update' | 'end' | 'recall' | 'replace', Labels> = {
  create: { 'zh-CN': '任职', en: 'Appointed' },
  update: { 'zh-CN': '修改', en: 'Edited' },
  end: { 'zh-CN': '任期届满', en: 'Term ended' },
  recall: { 'zh-CN': '提前召回', en: 'Recalled' },
  replace: { 'zh-CN': '调整替换', en: 'Replaced' },
};

/** An appointment as the API returns it. */
export const appointmentSchema = z.object({
  id: z.number(),
  kindId: z.number(),
  kindCode: z.string(),
  kindNameZh: z.string(),
  kindNameEn: z.string(),
  memberId: z.number(),
  memberName: z.string(),
  sendingUnitId: z.number().nullable(),
  sendingUnitName: z.string().nullable(),
  receivingOrgId: z.number(),
  receivingOrgName: z.string(),
  /** The receiving organisation's area; decides who sees the appointment. */
  areaId: z.number(),
  areaName: z.string(),
  post: z.string().nullable(),
  termStart: z.string(),
  termEnd: z.string().nullable(),
  status: appointmentStatusSchema,
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  /** The appointment this one replaced, and the one that replaced it. */
  replacesId: z.number().nullable(),
  replacedById: z.number().nullable(),
  batchId: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: appointmentActionsSchema,
});
export type Appointment = z.infer<typeof appointmentSchema>;

/** One link of a replacement chain, oldest first. */
export const appointmentHistoryItem = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  status: appointmentStatusSchema,
  termStart: z.string(),
  termEnd: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
});

/** An appointment with the whole chain of appointments it replaced or was replaced by. */
export const appointmentDetailSchema = appointmentSchema.extend({
  history: z.array(appointmentHistoryItem),
});
export type AppointmentDetail = z.infer<typeof appointmentDetailSchema>;

/** Filters of `GET /api/appointments`. */
export const appointmentListQuery = listQuery.extend({
  kindId: optionalId,
  status: z.preprocess((v) => (v === '' ? undefined : v), appointmentStatusSchema.optional()),
  sendingUnitId: optionalId,
  receivingOrgId: optionalId,
  /** Receiving area inside this node's subtree (itself included). */
  within: optionalId,
  memberId: optionalId,
  batchId: optionalId,
});
export type AppointmentListQuery = z.infer<typeof appointmentListQuery>;

const noteSchema = z.string().trim().max(1000);
const reasonSchema = z.string().trim().min(1).max(500);
const postSchema = z.string().trim().max(100);

/** A term whose end, when given, is not before its start. */
const dateOrder = <T extends { termStart?: string | undefined; termEnd?: string | null | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.termStart && v.termEnd && v.termEnd < v.termStart)
    ctx.addIssue({ code: 'custom', path: ['termEnd'], message: 'v.dateOrder' });
};

/** Body of `POST /api/appointments`: an appointment made directly, outside a selection batch. */
export const appointmentCreate = z
  .object({
    kindId: z.number().int().positive(),
    /** The appointee's party-member record. */
    memberId: z.number().int().positive(),
    /** Required when the kind needs a sending unit. */
    sendingUnitId: z.number().int().positive().nullish(),
    receivingOrgId: z.number().int().positive(),
    post: postSchema.nullish(),
    termStart: dateSchema,
    /** Defaults from the kind's term; left open when the kind has none. */
    termEnd: dateSchema.nullish(),
    note: noteSchema.nullish(),
  })
  .superRefine(dateOrder);
export type AppointmentCreate = z.infer<typeof appointmentCreate>;

/** Corrections to an active appointment (its people and organisations are fixed). */
export const appointmentUpdate = z
  .object({
    post: postSchema.nullish(),
    termStart: dateSchema.optional(),
    termEnd: dateSchema.nullish(),
    note: noteSchema.nullish(),
  })
  .superRefine(dateOrder);
export type AppointmentUpdate = z.infer<typeof appointmentUpdate>;

/** Body of `POST /api/appointments/:id/end`: the term ran out. */
export const appointmentEnd = z.object({
  /** The last day served; defaults to the term's end. */
  endedOn: dateSchema.optional(),
  reason: z.string().trim().max(500).nullish(),
});
export type AppointmentEnd = z.infer<typeof appointmentEnd>;

/** Body of `POST /api/appointments/:id/recall`: ended early, with the reason. */
export const appointmentRecall = z.object({
  endedOn: dateSchema,
  reason: reasonSchema,
});
export type AppointmentRecall = z.infer<typeof appointmentRecall>;

/**
 * Body of `POST /api/appointments/:id/replace`: the old appointment ends on `endedOn` and a new
 * one, linked to it, starts for another member (by default the next day, for the rest of the term).
 */
export const appointmentReplace = z
  .object({
    endedOn: dateSchema,
    reason: reasonSchema,
    memberId: z.number().int().positive(),
    sendingUnitId: z.number().int().positive().nullish(),
    post: postSchema.nullish(),
    termStart: dateSchema.optional(),
    termEnd: dateSchema.nullish(),
    note: noteSchema.nullish(),
  })
  .superRefine((v, ctx) => {
    dateOrder(v, ctx);
    if (v.termStart && v.termStart < v.endedOn)
      ctx.addIssue({ code: 'custom', path: ['termStart'], message: 'v.replaceStart' });
  });
export type AppointmentReplace = z.infer<typeof appointmentReplace>;

// ── Look-ups for recording an appointment's work logs ───────────────────────────────────────

/**
 * Filters of `GET /api/appointments/:id/employees`: the sending unit's employees living in the
 * receiving community, searched by name or residence.
 */
export const appointmentEmployeeQuery = listQuery.extend({});
export type AppointmentEmployeeQuery = z.infer<typeof appointmentEmployeeQuery>;

/**
 * One employee an appointee may log a contact with (联系职工). Only what a picker needs: the phone
 * is always masked, the ID number is never sent.
 */
export const appointmentEmployeeSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** Masked (138****5678): enough to tell namesakes apart. */
  phone: z.string().nullable(),
  /** Where the employee lives: community / compound / building names. */
  areaLabel: z.string(),
  /**
   * Contacted on this appointment in the current quarter (Asia/Shanghai) by a log that was not
   * rejected: what the quarterly "contact every employee" rule counts.
   */
  contactedThisQuarter: z.boolean(),
  /** The latest such contact on this appointment, whatever the quarter. */
  lastContactedAt: z.string().nullable(),
});
export type AppointmentEmployee = z.infer<typeof appointmentEmployeeSchema>;

/** The unit visits a picker offers: ordinary units, or two-new organisations (两新组织). */
export const VISIT_TARGET_UNIT_KINDS = ['unit', 'two_new_org'] as const satisfies readonly VisitTargetType[];
export type VisitTargetUnitKind = (typeof VISIT_TARGET_UNIT_KINDS)[number];

/**
 * Filters of `GET /api/appointments/:id/visit-targets`: units of the receiving community, by
 * kind (two-new organisations are the units whose type is one of `TWO_NEW_UNIT_TYPES`).
 */
export const visitTargetQuery = listQuery.extend({
  type: z.preprocess((v) => (v === '' ? undefined : v), z.enum(VISIT_TARGET_UNIT_KINDS).optional()),
});
export type VisitTargetQuery = z.infer<typeof visitTargetQuery>;

/** One unit an appointee may log a visit to. */
export const visitTargetSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** A `unit_type` dictionary code. */
  type: z.string(),
  /** How a visit to it is recorded: `two_new_org` for two-new organisations, else `unit`. */
  targetType: z.enum(VISIT_TARGET_UNIT_KINDS),
  address: z.string().nullable(),
  /** Where the unit is: community / compound / building names. */
  areaLabel: z.string(),
  /** Visited on this appointment in the current quarter by a log that was not rejected. */
  visitedThisQuarter: z.boolean(),
  /** The latest such visit on this appointment, whatever the quarter. */
  lastVisitedAt: z.string().nullable(),
});
export type VisitTarget = z.infer<typeof visitTargetSchema>;

// ── Work programmes and their conditions ───────────────────────────────────────────────────

/** The structured candidate conditions a programme can state. */
export const CONDITION_TYPES = [
  'lives_in_receiving_community',
  'is_party_member',
  'employee_of_sending_unit',
  'max_age',
  'category_in',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** What each condition is called in the screens. */
export const CONDITION_LABELS: Record<ConditionType, Labels> = {
  lives_in_receiving_community: { 'zh-CN': '居住在接收村居', en: 'Lives in the receiving community' },
  is_party_member: { 'zh-CN': '是中共党员', en: 'Is a party member' },
  employee_of_sending_unit: { 'zh-CN': '是派出单位职工', en: 'Works for the sending unit' },
  max_age: { 'zh-CN': '年龄上限', en: 'Maximum age' },
  category_in: { 'zh-CN': '党员分类限定', en: 'Member category' },
};

/** A structured candidate condition of a work programme, evaluated against the member record. */
export const programmeCondition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lives_in_receiving_community') }),
  z.object({ type: z.literal('is_party_member') }),
  z.object({ type: z.literal('employee_of_sending_unit') }),
  /** Not older than `years` on the batch date. */
  z.object({ type: z.literal('max_age'), years: z.number().int().min(18).max(100) }),
  /** The member's management category is one of these `member_category` codes. */
  z.object({
    type: z.literal('category_in'),
    categories: z
      .array(codeSchema)
      .min(1)
      .max(20)
      .transform((c) => [...new Set(c)]),
  }),
]);
export type ProgrammeCondition = z.infer<typeof programmeCondition>;

/** The outcome of one condition for one candidate, with the reason in both languages. */
export const conditionResult = z.object({
  type: z.enum(CONDITION_TYPES),
  passed: z.boolean(),
  reasonZh: z.string(),
  reasonEn: z.string(),
});
export type ConditionResult = z.infer<typeof conditionResult>;

const longText = z.string().trim().max(10_000);

/** A work programme as the API returns it. */
export const programmeSchema = z.object({
  id: z.number(),
  /** The area running the selection (a district or a street/town). */
  areaId: z.number(),
  areaName: z.string(),
  kindId: z.number(),
  kindCode: z.string(),
  kindNameZh: z.string(),
  kindNameEn: z.string(),
  year: z.number(),
  title: z.string(),
  /** 选派范围 */
  scopeText: z.string().nullable(),
  /** 人选条件, as written */
  conditionsText: z.string().nullable(),
  /** 人选条件, as evaluated by the qualification check */
  conditions: z.array(programmeCondition),
  /** 选派程序 */
  procedureText: z.string().nullable(),
  /** 工作职责 */
  dutiesText: z.string().nullable(),
  /** 管理考核 */
  assessmentText: z.string().nullable(),
  batchCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type Programme = z.infer<typeof programmeSchema>;

/** Filters of `GET /api/work-programmes`. */
export const programmeListQuery = listQuery.extend({
  kindId: optionalId,
  year: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(2000).max(2100).optional(),
  ),
  /** Programmes run by this node or below it. */
  within: optionalId,
});
export type ProgrammeListQuery = z.infer<typeof programmeListQuery>;

const yearSchema = z.number().int().min(2000).max(2100);

/** Body of `POST /api/work-programmes`. */
export const programmeCreate = z.object({
  areaId: z.number().int().positive(),
  kindId: z.number().int().positive(),
  year: yearSchema,
  title: z.string().trim().min(1).max(200),
  scopeText: longText.nullish(),
  conditionsText: longText.nullish(),
  conditions: z.array(programmeCondition).max(20).default([]),
  procedureText: longText.nullish(),
  dutiesText: longText.nullish(),
  assessmentText: longText.nullish(),
});
export type ProgrammeCreate = z.infer<typeof programmeCreate>;

/** The running area and the kind are fixed; the year, texts and conditions can be edited. */
export const programmeUpdate = z.object({
  year: yearSchema.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  scopeText: longText.nullish(),
  conditionsText: longText.nullish(),
  conditions: z.array(programmeCondition).max(20).optional(),
  procedureText: longText.nullish(),
  dutiesText: longText.nullish(),
  assessmentText: longText.nullish(),
});
export type ProgrammeUpdate = z.infer<typeof programmeUpdate>;

// ── Selection batches ──────────────────────────────────────────────────────────────────────

/** nominating → checked → review → notice (公示) → appointed; cancelled from any open state. */
export const BATCH_STATUSES = [
  'nominating',
  'checked',
  'review',
  'notice',
  'appointed',
  'cancelled',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const batchStatusSchema = z.enum(BATCH_STATUSES);

/** What each batch status is called in the screens. */
export const BATCH_STATUS_LABELS: Record<BatchStatus, Labels> = {
  nominating: { 'zh-CN': '人选推荐', en: 'Nominating' },
  checked: { 'zh-CN': '资格审查', en: 'Qualification checked' },
  review: { 'zh-CN': '组织审核', en: 'Under review' },
  notice: { 'zh-CN': '任前公示', en: 'Public notice' },
  appointed: { 'zh-CN': '已任命', en: 'Appointed' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
};

/** nominated → qualified | disqualified (check) → approved | rejected (review) → appointed. */
export const CANDIDATE_STATUSES = [
  'nominated',
  'qualified',
  'disqualified',
  'approved',
  'rejected',
  'appointed',
] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];
export const candidateStatusSchema = z.enum(CANDIDATE_STATUSES);

/** Moves a batch can make; each is one endpoint and one pure transition. */
export const BATCH_EVENTS = [
  'update',
  'nominate',
  'removeCandidate',
  'check',
  'reopen',
  'startReview',
  'review',
  'publishNotice',
  'appoint',
  'cancel',
] as const;
export type BatchEvent = (typeof BATCH_EVENTS)[number];
export const batchActionsSchema = z.array(z.enum(BATCH_EVENTS));

/** The events of a batch's history (GET /api/batches/:id/history), as the timeline names them. */
export const BATCH_EVENT_LABELS: Record<BatchEvent | 'create', Labels> = {
  create: { 'zh-CN': '开启批次', en: 'Batch opened' },
  update: { 'zh-CN': '修改', en: 'Edited' },
  nominate: { 'zh-CN': '推荐人选', en: 'Candidate nominated' },
  removeCandidate: { 'zh-CN': '撤回推荐', en: 'Nomination withdrawn' },
  check: { 'zh-CN': '资格审查', en: 'Qualification check' },
  reopen: { 'zh-CN': '退回推荐', en: 'Back to nominating' },
  startReview: { 'zh-CN': '提交审核', en: 'Sent to review' },
  review: { 'zh-CN': '审核人选', en: 'Candidate reviewed' },
  publishNotice: { 'zh-CN': '任前公示', en: 'Notice published' },
  appoint: { 'zh-CN': '任命', en: 'Appointed' },
  cancel: { 'zh-CN': '撤销', en: 'Cancelled' },
};

/** A candidate of a batch as the API returns it. */
export const candidateSchema = z.object({
  id: z.number(),
  batchId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  sendingUnitId: z.number().nullable(),
  sendingUnitName: z.string().nullable(),
  receivingOrgId: z.number(),
  receivingOrgName: z.string(),
  /** The receiving organisation's area. */
  areaId: z.number(),
  areaName: z.string(),
  status: candidateStatusSchema,
  /** Per-condition results of the last qualification check (null before the check). */
  checkResults: z.array(conditionResult).nullable(),
  checkedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  appointmentId: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  actions: z.array(z.enum(['delete', 'review'])),
});
export type Candidate = z.infer<typeof candidateSchema>;

/** A selection batch as the API returns it. */
export const batchSchema = z.object({
  id: z.number(),
  programmeId: z.number(),
  programmeTitle: z.string(),
  kindId: z.number(),
  kindCode: z.string(),
  areaId: z.number(),
  areaName: z.string(),
  title: z.string(),
  batchDate: z.string(),
  status: batchStatusSchema,
  noticeStart: z.string().nullable(),
  noticeEnd: z.string().nullable(),
  checkedAt: z.string().nullable(),
  appointedAt: z.string().nullable(),
  termStart: z.string().nullable(),
  cancelReason: z.string().nullable(),
  note: z.string().nullable(),
  candidateCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: batchActionsSchema,
});
export type Batch = z.infer<typeof batchSchema>;

/** A batch with its candidates. */
export const batchDetailSchema = batchSchema.extend({ candidates: z.array(candidateSchema) });
export type BatchDetail = z.infer<typeof batchDetailSchema>;

/** Filters of `GET /api/batches`. */
export const batchListQuery = listQuery.extend({
  /** Batches run by this node or one inside its subtree. */
  within: optionalId,
  programmeId: optionalId,
  kindId: optionalId,
  status: z.preprocess((v) => (v === '' ? undefined : v), batchStatusSchema.optional()),
});
export type BatchListQuery = z.infer<typeof batchListQuery>;

/** Body of `POST /api/batches`. */
export const batchCreate = z.object({
  programmeId: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  /** The day candidates are judged at; defaults to today. */
  batchDate: dateSchema.optional(),
  note: noteSchema.nullish(),
});
export type BatchCreate = z.infer<typeof batchCreate>;

/** Title and note any time the batch is open; the batch date only while nominating. */
export const batchUpdate = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  batchDate: dateSchema.optional(),
  note: noteSchema.nullish(),
});
export type BatchUpdate = z.infer<typeof batchUpdate>;

/** Body of `POST /api/batches/:id/candidates`: who, from which unit, to which organisation. */
export const candidateCreate = z.object({
  memberId: z.number().int().positive(),
  sendingUnitId: z.number().int().positive().nullish(),
  receivingOrgId: z.number().int().positive(),
  note: noteSchema.nullish(),
});
export type CandidateCreate = z.infer<typeof candidateCreate>;

/** Path of a candidate route: the batch and the candidate. */
export const candidateParams = z.object({
  id: z.coerce.number().int().positive(),
  candidateId: z.coerce.number().int().positive(),
});

/** A review decision; a rejection says why. */
export const candidateReview = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(500).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.comment)
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'v.required' });
  });
export type CandidateReview = z.infer<typeof candidateReview>;

/** Body of `POST /api/batches/:id/notice`: the public notice period, both days included. */
export const batchNotice = z
  .object({ noticeStart: dateSchema, noticeEnd: dateSchema })
  .superRefine((v, ctx) => {
    if (v.noticeEnd < v.noticeStart)
      ctx.addIssue({ code: 'custom', path: ['noticeEnd'], message: 'v.dateOrder' });
  });
export type BatchNotice = z.infer<typeof batchNotice>;

/** Body of `POST /api/batches/:id/appoint`: terms start on `termStart` (default today). */
export const batchAppoint = z.object({ termStart: dateSchema.optional() });
export type BatchAppoint = z.infer<typeof batchAppoint>;

/** Body of `POST /api/batches/:id/cancel`. */
export const batchCancel = z.object({ reason: reasonSchema });
export type BatchCancel = z.infer<typeof batchCancel>;
