import type {
  ActionCategory,
  ActivityRole,
  ActivityType,
  AppointmentStatus,
  BatchStatus,
  CandidateStatus,
  ConditionResult,
  ProgrammeCondition,
  VisitTargetType,
  WorkLogKind,
  WorkLogStatus,
} from '@gongjian/common';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { areas } from './areas.ts';
import { transitionsTable } from './helpers.ts';
import { members, residents } from './members.ts';
import { partyOrgs } from './orgs.ts';
import { units } from './units.ts';

/** Raw bytes (PostgreSQL `bytea`), read and written as Node buffers. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Kinds of appointment (第二书记, 第一书记, 交叉任职 …), owned by a district like its dictionaries.
 * Built-in kinds (`builtin`) are created for every district; a district adds its own. The duty
 * policy is referred to by code: the duty engine resolves it.
 */
export const appointmentKinds = pgTable(
  'appointment_kinds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The district (tree root) that owns the kind. */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    description: text('description'),
    /** Default term length; null = no fixed term (the appointment runs until ended). */
    termMonths: integer('term_months'),
    needsSendingUnit: boolean('needs_sending_unit').notNull().default(false),
    dutyPolicyCode: text('duty_policy_code'),
    builtin: boolean('builtin').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appointment_kinds_area_code_key').on(t.areaId, t.code),
    check('appointment_kinds_term_check', sql`${t.termMonths} is null or ${t.termMonths} between 1 and 120`),
  ],
);

/**
 * Work programmes (工作方案) for a kind and year: the texts of the programme plus the structured
 * candidate conditions the qualification check evaluates. `areaId` is the area that runs the
 * selection (a district or a street/town) and decides who sees it.
 */
export const workProgrammes = pgTable(
  'work_programmes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    kindId: integer('kind_id')
      .notNull()
      .references(() => appointmentKinds.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    scopeText: text('scope_text'),
    conditionsText: text('conditions_text'),
    conditions: jsonb('conditions').$type<ProgrammeCondition[]>().notNull().default(sql`'[]'::jsonb`),
    procedureText: text('procedure_text'),
    dutiesText: text('duties_text'),
    assessmentText: text('assessment_text'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('work_programmes_area_kind_year_key').on(t.areaId, t.kindId, t.year),
    index('work_programmes_kind_idx').on(t.kindId),
  ],
);

/** A selection batch (成熟一批、任命一批): candidates move through it together. */
export const selectionBatches = pgTable(
  'selection_batches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => workProgrammes.id),
    /** The programme's area, copied for set-based scope. */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    title: text('title').notNull(),
    /** The day the batch is judged at (ages in the qualification check). */
    batchDate: date('batch_date').notNull(),
    status: text('status').$type<BatchStatus>().notNull().default('nominating'),
    noticeStart: date('notice_start'),
    noticeEnd: date('notice_end'),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    appointedAt: timestamp('appointed_at', { withTimezone: true }),
    termStart: date('term_start'),
    cancelReason: text('cancel_reason'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('selection_batches_programme_idx').on(t.programmeId),
    index('selection_batches_area_idx').on(t.areaId),
    check(
      'selection_batches_status_check',
      sql`${t.status} in ('nominating','checked','review','notice','appointed','cancelled')`,
    ),
    check(
      'selection_batches_notice_check',
      sql`${t.noticeEnd} is null or ${t.noticeStart} is null or ${t.noticeEnd} >= ${t.noticeStart}`,
    ),
  ],
);

/** A candidate of a batch, with the stored result of each qualification condition. */
export const batchCandidates = pgTable(
  'batch_candidates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => selectionBatches.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    sendingUnitId: integer('sending_unit_id').references(() => units.id),
    receivingOrgId: integer('receiving_org_id')
      .notNull()
      .references(() => partyOrgs.id),
    status: text('status').$type<CandidateStatus>().notNull().default('nominated'),
    checkResults: jsonb('check_results').$type<ConditionResult[]>(),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** The appointment made from this candidate when the batch was appointed. */
    appointmentId: integer('appointment_id').references((): AnyPgColumn => appointments.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('batch_candidates_batch_member_key').on(t.batchId, t.memberId),
    index('batch_candidates_member_idx').on(t.memberId),
    index('batch_candidates_org_idx').on(t.receivingOrgId),
    index('batch_candidates_unit_idx').on(t.sendingUnitId),
    check(
      'batch_candidates_status_check',
      sql`${t.status} in ('nominated','qualified','disqualified','approved','rejected','appointed')`,
    ),
  ],
);

/**
 * Appointments of a party member to a receiving organisation. `areaId` is the receiving
 * organisation's area and decides scope. Ends, recalls and replacements are state changes:
 * a replacement is a new row whose `replacesId` points at the one it replaced.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kindId: integer('kind_id')
      .notNull()
      .references(() => appointmentKinds.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    sendingUnitId: integer('sending_unit_id').references(() => units.id),
    receivingOrgId: integer('receiving_org_id')
      .notNull()
      .references(() => partyOrgs.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    /** The post held, when the kind's name alone does not say it (e.g. 网格党小组组长). */
    post: text('post'),
    termStart: date('term_start').notNull(),
    termEnd: date('term_end'),
    status: text('status').$type<AppointmentStatus>().notNull().default('active'),
    /** The last day served, for ended, recalled and replaced appointments. */
    endedOn: date('ended_on'),
    /** When the end was recorded: a replay of an earlier day still sees the term running. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    replacesId: integer('replaces_id').references((): AnyPgColumn => appointments.id),
    batchId: integer('batch_id').references(() => selectionBatches.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('appointments_kind_idx').on(t.kindId),
    index('appointments_member_idx').on(t.memberId),
    index('appointments_unit_idx').on(t.sendingUnitId),
    index('appointments_org_idx').on(t.receivingOrgId),
    index('appointments_area_idx').on(t.areaId),
    index('appointments_batch_idx').on(t.batchId),
    uniqueIndex('appointments_replaces_key').on(t.replacesId),
    // One active appointment of a kind per person and organisation, however it was made.
    uniqueIndex('appointments_active_key')
      .on(t.memberId, t.kindId, t.receivingOrgId)
      .where(sql`${t.status} = 'active'`),
    check('appointments_status_check', sql`${t.status} in ('active','ended','recalled','replaced')`),
    check('appointments_term_check', sql`${t.termEnd} is null or ${t.termEnd} >= ${t.termStart}`),
    check(
      'appointments_ended_check',
      sql`(${t.status} = 'active') = (${t.endedOn} is null) and (${t.endedOn} is null or ${t.endedOn} >= ${t.termStart})`,
    ),
  ],
);

/**
 * Work logs (工作纪实) of an appointment. Kind-specific columns are typed (not a JSON bag) so the
 * duty engine and the reports can count them with plain SQL. `areaId` is the appointment's
 * receiving area.
 */
export const workLogs = pgTable(
  'work_logs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    appointmentId: integer('appointment_id')
      .notNull()
      .references(() => appointments.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    kind: text('kind').$type<WorkLogKind>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    place: text('place'),
    withWhom: text('with_whom'),
    content: text('content').notNull(),
    hours: numeric('hours', { precision: 5, scale: 2, mode: 'number' }),
    targetType: text('target_type').$type<VisitTargetType>(),
    targetUnitId: integer('target_unit_id').references(() => units.id),
    householdAddress: text('household_address'),
    asked: text('asked'),
    noted: text('noted'),
    /** Demands taken on a visit: codes of the district's `demand_category` dictionary. */
    demandCategories: text('demand_categories').array().notNull().default(sql`'{}'::text[]`),
    subjectMemberId: integer('subject_member_id').references(() => members.id),
    /**
     * The employee contacted when the employee is a resident rather than a party member: the
     * sending unit's employees living in the receiving community are both (residents.unit_id).
     */
    subjectResidentId: integer('subject_resident_id').references(() => residents.id),
    activityType: text('activity_type').$type<ActivityType>(),
    activityRole: text('activity_role').$type<ActivityRole>(),
    actionCategory: text('action_category').$type<ActionCategory>(),
    reportYear: integer('report_year'),
    status: text('status').$type<WorkLogStatus>().notNull().default('pending'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => accounts.id),
    recordedByName: text('recorded_by_name').notNull(),
    recordedByRole: text('recorded_by_role').notNull(),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('work_logs_appointment_idx').on(t.appointmentId, t.occurredAt),
    index('work_logs_area_idx').on(t.areaId),
    index('work_logs_subject_idx').on(t.subjectMemberId),
    index('work_logs_subject_resident_idx').on(t.subjectResidentId),
    index('work_logs_target_unit_idx').on(t.targetUnitId),
    // The list's order (latest first), with the columns its scope tests, so the walk to a deep
    // page or past the exact-total limit reads the index only (migration 0016); and its search of
    // the content.
    index('work_logs_occurred_idx').on(t.occurredAt, t.id, t.areaId, t.kind, t.targetUnitId, t.appointmentId),
    index('work_logs_content_chars_idx').using('gin', sql`gj_chars(${t.content})`),
    // One standing annual report per appointment and year; a rejected one may be resubmitted.
    uniqueIndex('work_logs_annual_report_key')
      .on(t.appointmentId, t.reportYear)
      .where(sql`${t.kind} = 'annual_report' and ${t.status} <> 'rejected'`),
    check(
      'work_logs_kind_check',
      sql`${t.kind} in ('contact','onsite_day','visit','employee_contact','activity','action','annual_report')`,
    ),
    check('work_logs_status_check', sql`${t.status} in ('pending','confirmed','rejected')`),
    check('work_logs_hours_check', sql`${t.hours} is null or (${t.hours} > 0 and ${t.hours} <= 24)`),
    check(
      'work_logs_visit_check',
      sql`${t.kind} <> 'visit' or (${t.targetType} = 'household' and ${t.householdAddress} is not null) or (${t.targetType} in ('unit','two_new_org') and ${t.targetUnitId} is not null)`,
    ),
    check(
      'work_logs_employee_check',
      sql`${t.kind} <> 'employee_contact' or num_nonnulls(${t.subjectMemberId}, ${t.subjectResidentId}) = 1`,
    ),
    check(
      'work_logs_activity_check',
      sql`${t.kind} <> 'activity' or (${t.activityType} is not null and ${t.activityRole} in ('led','attended'))`,
    ),
    check('work_logs_action_check', sql`${t.kind} <> 'action' or ${t.actionCategory} is not null`),
    check('work_logs_report_check', sql`${t.kind} <> 'annual_report' or ${t.reportYear} is not null`),
  ],
);

/**
 * Evidence files of a work log, kept in the database (not on a local disk) so app instances stay
 * stateless; `sha256` identifies the content for integrity checks and de-duplication.
 */
export const workLogFiles = pgTable(
  'work_log_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workLogId: integer('work_log_id')
      .notNull()
      .references(() => workLogs.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('work_log_files_log_idx').on(t.workLogId),
    check(
      'work_log_files_type_check',
      sql`${t.contentType} in ('image/jpeg','image/png','image/webp','application/pdf')`,
    ),
  ],
);

/** The history of each batch (convention C3): every event fired on it, creation first. */
export const batchTransitions = transitionsTable<BatchStatus>('batch_transitions', {
  column: 'batch_id',
  references: () => selectionBatches.id,
});

/** The history of each appointment: creation, edits and its end, recall or replacement. */
export const appointmentTransitions = transitionsTable<AppointmentStatus>('appointment_transitions', {
  column: 'appointment_id',
  references: () => appointments.id,
});

/** The history of each work log: recorded, evidence added or removed, confirmed or returned. */
export const workLogTransitions = transitionsTable<WorkLogStatus>('work_log_transitions', {
  column: 'work_log_id',
  references: () => workLogs.id,
});
