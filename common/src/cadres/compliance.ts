import { z } from 'zod';
import { batchIdsSchema, listQuery, optionalId } from '../list.ts';
import { codeSchema, dateSchema } from '../validators.ts';
import {
  DUTY_PERIODS,
  DUTY_STATUSES,
  dutyEvaluationSchema,
  dutyRuleSchema,
  type Localized,
  localizedSchema,
  periodKeySchema,
} from './duties.ts';

/**
 * Duty rules stored per district (versions), exemptions, and the compliance board built on the
 * duty engine. Rule JSON itself is `dutyRuleSchema` (duties.ts).
 */

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

// ── Rule versions ──────────────────────────────────────────────────────────────────────────

/** One stored version of a district's rule; `rule` carries the columns merged in. */
export const dutyRuleVersionSchema = z.object({
  id: z.number(),
  districtId: z.number(),
  policyCode: z.string(),
  ruleCode: z.string(),
  version: z.number(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  rule: dutyRuleSchema,
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type DutyRuleVersion = z.infer<typeof dutyRuleVersionSchema>;

/** What the caller may do with a rule: publish a new version, retire it. */
export const dutyRuleActionsSchema = z.array(z.enum(['newVersion', 'retire']));

/** A rule with its version in force today and its whole history, newest first. */
export const dutyRuleDetailSchema = z.object({
  ruleCode: z.string(),
  policyCode: z.string(),
  /** The version in force today (null when retired or not yet in force). */
  current: dutyRuleVersionSchema.nullable(),
  versions: z.array(dutyRuleVersionSchema),
  actions: dutyRuleActionsSchema,
});
export type DutyRuleDetail = z.infer<typeof dutyRuleDetailSchema>;

/** A policy (a named set of rules an appointment kind points at) with its rules. */
export const dutyPolicySchema = z.object({
  code: z.string(),
  /** Appointment kinds of the district whose duty policy this is. */
  kindCodes: z.array(z.string()),
  rules: z.array(dutyRuleDetailSchema),
});
export type DutyPolicy = z.infer<typeof dutyPolicySchema>;

/** `GET /api/duty-policies`: the district's policies; `canWrite` tells the UI whether to offer edits. */
export const dutyPolicyListSchema = z.object({
  districtId: z.number(),
  canWrite: z.boolean(),
  data: z.array(dutyPolicySchema),
});

/** Which district a rules request is about (only the platform admin names one). */
export const dutyDistrictQuery = z.object({ districtId: optionalId });

/** Path of a rule route. */
export const dutyRuleParams = z.object({ code: codeSchema });

/**
 * The rule body sent by the editor: a rule without its version and validity, which the server
 * assigns. Validated against `dutyRuleSchema` by the server, which reports field paths under `rule.`.
 */
const ruleBody = z.record(z.string(), z.unknown());

/** Body of `POST /api/duty-rules`: a new rule (version 1) in a policy. */
export const dutyRuleCreate = z.object({
  districtId: z.number().int().positive().nullish(),
  policyCode: codeSchema,
  effectiveFrom: dateSchema,
  rule: ruleBody,
});
export type DutyRuleCreate = z.infer<typeof dutyRuleCreate>;

/**
 * Body of `POST /api/duty-rules/:code/versions`: the rule as it reads from `effectiveFrom` on. The
 * version in force before closes the day before; past periods keep being judged by it.
 */
export const dutyRuleVersionCreate = z.object({
  districtId: z.number().int().positive().nullish(),
  effectiveFrom: dateSchema,
  rule: ruleBody,
});
export type DutyRuleVersionCreate = z.infer<typeof dutyRuleVersionCreate>;

/** Body of `POST /api/duty-rules/:code/retire`: the last day the rule can start a period. */
export const dutyRuleRetire = z.object({
  districtId: z.number().int().positive().nullish(),
  effectiveTo: dateSchema,
});
export type DutyRuleRetire = z.infer<typeof dutyRuleRetire>;

// ── Exemptions ─────────────────────────────────────────────────────────────────────────────

export const EXEMPTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExemptionStatus = (typeof EXEMPTION_STATUSES)[number];

/** The events of a request's history (GET /api/duty-exemptions/:id/history), as the timeline names them. */
export const EXEMPTION_EVENT_LABELS: Record<
  'create' | 'approve' | 'reject',
  Record<'zh-CN' | 'en', string>
> = {
  create: { 'zh-CN': '提出申请', en: 'Requested' },
  approve: { 'zh-CN': '批准', en: 'Approved' },
  reject: { 'zh-CN': '不批准', en: 'Rejected' },
};

/** Why an appointee is excused: kept as a code so a community can count leave against illness. */
export const EXEMPTION_REASON_KINDS = ['leave', 'illness', 'other'] as const;
export type ExemptionReasonKind = (typeof EXEMPTION_REASON_KINDS)[number];
export const EXEMPTION_REASON_KIND_LABELS: Record<ExemptionReasonKind, Record<'zh-CN' | 'en', string>> = {
  leave: { 'zh-CN': '请假', en: 'Leave' },
  illness: { 'zh-CN': '病假', en: 'Illness' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** A request's reason in words: the kind, then the note ("病假：住院一周" / "Illness: 住院一周"). */
export function exemptionReasonText(kind: ExemptionReasonKind, note: string): Record<'zh-CN' | 'en', string> {
  const word = EXEMPTION_REASON_KIND_LABELS[kind];
  const text = note.trim();
  return text ? { 'zh-CN': `${word['zh-CN']}：${text}`, en: `${word.en}: ${text}` } : { ...word };
}

/** An exemption request as the API returns it. */
export const dutyExemptionSchema = z.object({
  id: z.number(),
  appointmentId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  areaId: z.number(),
  areaName: z.string(),
  ruleCode: z.string(),
  /** The rule's name in the version that judges the period; null if the rule is gone. */
  ruleName: localizedSchema.nullable(),
  periodKey: z.string(),
  /** The period in words: 2026年第三季度 / Q3 2026; a term reads with its dates. */
  periodLabel: localizedSchema,
  reasonKind: z.enum(EXEMPTION_REASON_KINDS),
  /** The appointee's note (dates, what happened); may be empty for leave or illness. */
  reason: z.string(),
  status: z.enum(EXEMPTION_STATUSES),
  requestedByName: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  createdAt: z.string(),
  actions: z.array(z.enum(['approve', 'reject'])),
});
export type DutyExemption = z.infer<typeof dutyExemptionSchema>;

/** Filters of `GET /api/duty-exemptions`; `q` matches the appointee's name or the rule code. */
export const dutyExemptionListQuery = listQuery.extend({
  appointmentId: optionalId,
  status: z.preprocess(emptyToUndefined, z.enum(EXEMPTION_STATUSES).optional()),
  reasonKind: z.preprocess(emptyToUndefined, z.enum(EXEMPTION_REASON_KINDS).optional()),
  within: optionalId,
});
export type DutyExemptionListQuery = z.infer<typeof dutyExemptionListQuery>;

/**
 * Body of `POST /api/duty-exemptions`. For a term rule the period key is the term's or `term`.
 * The note may be left empty for leave or illness; "other" must say what it is.
 */
export const dutyExemptionCreate = z
  .object({
    appointmentId: z.number().int().positive(),
    ruleCode: codeSchema,
    periodKey: z.union([periodKeySchema, z.literal('term')]),
    reasonKind: z.enum(EXEMPTION_REASON_KINDS).default('other'),
    reason: z.string().trim().max(500).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.reasonKind === 'other' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'v.exemptionReason' });
  });
export type DutyExemptionCreate = z.infer<typeof dutyExemptionCreate>;

/** Approving may carry a comment; a rejection says why. */
export const dutyExemptionApprove = z.object({ comment: z.string().trim().max(500).nullish() });
export const dutyExemptionReject = z.object({ comment: z.string().trim().min(1).max(500) });

/** `POST /api/duty-exemptions/batch-approve` (批量批准): the ticked requests, one comment for all. */
export const dutyExemptionBatchApprove = dutyExemptionApprove.extend({ ids: batchIdsSchema });
/** `POST /api/duty-exemptions/batch-reject` (批量不批准): the ticked requests, one reason for all. */
export const dutyExemptionBatchReject = dutyExemptionReject.extend({ ids: batchIdsSchema });

/** `GET /api/duty-exemptions/choices`: the duties and periods an appointment may ask to be exempted from. */
export const dutyExemptionChoicesQuery = z.object({ appointmentId: z.coerce.number().int().positive() });

/** One period that may be asked for, with any standing (pending or approved) request for it. */
export const exemptionPeriodChoiceSchema = z.object({
  key: z.string(),
  label: localizedSchema,
  /** First and last day (inclusive); `to` is null for a term without an end. */
  from: z.string(),
  to: z.string().nullable(),
  /** The period holding today. */
  current: z.boolean(),
  standing: z.object({ id: z.number(), status: z.enum(EXEMPTION_STATUSES) }).nullable(),
});
export type ExemptionPeriodChoice = z.infer<typeof exemptionPeriodChoiceSchema>;

/**
 * The appointment's duties, each with the periods on offer: recent and coming calendar periods
 * inside the term judged by that rule, or the term itself for a term rule.
 */
export const dutyExemptionChoicesSchema = z.object({
  appointmentId: z.number(),
  rules: z.array(
    z.object({
      ruleCode: z.string(),
      name: localizedSchema,
      period: z.enum(DUTY_PERIODS),
      periods: z.array(exemptionPeriodChoiceSchema),
    }),
  ),
});
export type DutyExemptionChoices = z.infer<typeof dutyExemptionChoicesSchema>;

// ── Compliance board ───────────────────────────────────────────────────────────────────────

/** The calendar periods a board (and "my duties") can be viewed by. */
export const BOARD_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export type BoardPeriod = (typeof BOARD_PERIODS)[number];

/**
 * `GET /api/compliance/board`: appointees in scope, every applicable rule, the `periods` periods of
 * kind `period` ending with the one holding `at` (default today). Shorter periods belong to the
 * view period holding their last day; longer ones are those the view's periods belong to; term
 * duties show on every view, each judged over the appointee's own term.
 *
 * A past `at` is judged as at the end of that day (periods ending on it have closed), from the
 * records **as they stand now**: work back-filled since counts, and an appointee whose term covered
 * the range is on the board even if entered later (also one replaced or recalled since, up to
 * their last day). With `replay=true` it reads **as recorded at that time**, as the board showed
 * it then: only logs recorded by then (with the review status they had then), exemptions approved
 * by then, appointments entered by then (an end only if recorded by then) and rule versions
 * published by then. Back-filled logs and appointments entered later are left out of a replay, so
 * a replay of a period that was entered afterwards shows nobody: the answer's `replay` says as
 * of when, and how many appointments and logs in scope were recorded only later.
 */
export const complianceBoardQuery = z.object({
  within: optionalId,
  sendingUnitId: optionalId,
  /** Appointment kind code. */
  kind: z.preprocess(emptyToUndefined, codeSchema.optional()),
  /**
   * The calendar periods the board is viewed by. `term` is a rule's period, not a view (terms
   * start and end on each appointee's own days, so there is no one range to view): it is refused
   * with 400 on `period`; term duties show on every view, judged over each appointee's whole term
   * (server/src/rules/README.md).
   */
  period: z.preprocess(
    emptyToUndefined,
    z.enum(BOARD_PERIODS, { error: 'v.boardPeriod' }).default('quarter'),
  ),
  at: z.preprocess(emptyToUndefined, dateSchema.optional()),
  periods: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(24).default(1)),
  replay: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  /**
   * One page of appointees (rows); absent, every row. Figures (`rules`, `summary`) always count
   * every appointee in scope, whatever the page.
   */
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).optional()),
  pageSize: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});
export type ComplianceBoardQuery = z.infer<typeof complianceBoardQuery>;

/** `GET /api/compliance/mine`: the same range options, for the signed-in member. */
export const complianceMineQuery = complianceBoardQuery.pick({ period: true, at: true, periods: true });
export type ComplianceMineQuery = z.infer<typeof complianceMineQuery>;

/** Query of the drill-down: the board's `at` and `replay`, so a cell reads as it does on the board. */
export const complianceCellQuery = complianceBoardQuery.pick({ at: true, replay: true });

const statusCounts = z.object(
  Object.fromEntries(DUTY_STATUSES.map((s) => [s, z.number()])) as Record<
    (typeof DUTY_STATUSES)[number],
    z.ZodNumber
  >,
);
export type StatusCounts = z.infer<typeof statusCounts>;

/**
 * Completion over cells (one appointee × duty × period): `due` are the cells with a final
 * verdict, met or missed; at risk, not yet due, exempt and not assessed are not due. `rate` is
 * met ÷ due, null (shown "—") while nothing is due: never 0 % for "nothing to judge yet".
 */
export const completionSchema = z.object({
  cells: z.number(),
  due: z.number(),
  met: z.number(),
  exempt: z.number(),
  rate: z.number().nullable(),
});
export type Completion = z.infer<typeof completionSchema>;

/** Completion rate: met ÷ due, or null when nothing is due (see `completionSchema`). */
export function completionRate(met: number, due: number): number | null {
  return due > 0 ? met / due : null;
}

/** A rate as people read it: 87 %, or — when there is none. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/**
 * How full a progress bar is, 0–100: actual ÷ required, capped; a requirement of 0 (nobody to
 * cover) or a met verdict is a full bar, never an empty one.
 */
export function progressPercent(progress: { actual: number; required: number }, status: string): number {
  if (status === 'met' || progress.required <= 0) return 100;
  return Math.min(100, Math.round((progress.actual / progress.required) * 100));
}

/**
 * The figure shown beside a duty's status on the board, the ledger and the phone: progress for
 * one period judged (11/12), else periods met of those judged, exempt ones said apart: an
 * exemption is not work done ("3/5期完成，1期豁免" / "3 of 5 met, 1 exempt"). Empty when no
 * period is judged (all not assessed) or the one judged is exempt (the status says it).
 */
export function dutyFigure(
  evaluations: readonly {
    status: (typeof DUTY_STATUSES)[number];
    progress: { actual: number; required: number };
  }[],
): Localized {
  const judged = evaluations.filter((e) => e.status !== 'not_applicable');
  const [one] = judged;
  if (judged.length === 0 || (judged.length === 1 && one?.status === 'exempt'))
    return { 'zh-CN': '', en: '' };
  if (judged.length === 1 && one) {
    const text = `${one.progress.actual}/${one.progress.required}`;
    return { 'zh-CN': text, en: text };
  }
  const met = judged.filter((e) => e.status === 'met').length;
  const exempt = judged.filter((e) => e.status === 'exempt').length;
  return {
    'zh-CN': `${met}/${judged.length}期完成${exempt ? `，${exempt}期豁免` : ''}`,
    en: `${met} of ${judged.length} met${exempt ? `, ${exempt} exempt` : ''}`,
  };
}

/** One duty of one appointee over the range: its periods and their worst status. */
export const boardDutySchema = z.object({
  ruleCode: z.string(),
  /**
   * The worst status of its periods, in this order: missed, at_risk, not_yet_due, exempt, met,
   * not_applicable (a duty met in every period but one missed is missed; met in all but one
   * exempt is exempt, never met: an exemption is not work done).
   */
  status: z.enum(DUTY_STATUSES),
  evaluations: z.array(dutyEvaluationSchema),
});
export type BoardDuty = z.infer<typeof boardDutySchema>;

/** One appointee on the board. */
export const boardRowSchema = z.object({
  appointmentId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  kindCode: z.string(),
  kindNameZh: z.string(),
  kindNameEn: z.string(),
  policyCode: z.string(),
  sendingUnitId: z.number().nullable(),
  sendingUnitName: z.string().nullable(),
  receivingOrgId: z.number(),
  receivingOrgName: z.string(),
  areaId: z.number(),
  areaName: z.string(),
  termStart: z.string(),
  /** Last day served (recall/end day) or the planned term end; null while open-ended. */
  termEnd: z.string().nullable(),
  appointmentStatus: z.string(),
  /** The worst status of its duties. */
  status: z.enum(DUTY_STATUSES),
  duties: z.array(boardDutySchema),
});
export type BoardRow = z.infer<typeof boardRowSchema>;

/** A rule on the board, with how many appointees are in each status for it. */
export const boardRuleSchema = z.object({
  ruleCode: z.string(),
  policyCode: z.string(),
  name: localizedSchema,
  period: z.enum(DUTY_PERIODS),
  counts: statusCounts,
  /** Appointees the rule applies to in the range. */
  total: z.number(),
  /** Its cells (appointee × period) by status, and the completion rate over those due. */
  cells: completionSchema,
});

/** The board: the range, the rules with counts, the rows, and overall counts for charts. */
export const complianceBoardSchema = z.object({
  period: z.enum(DUTY_PERIODS),
  at: z.string(),
  /** First and last day (inclusive) of the range judged. */
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  periodKeys: z.array(z.object({ key: z.string(), label: localizedSchema })),
  rules: z.array(boardRuleSchema),
  rows: z.array(boardRowSchema),
  summary: z.object({
    appointees: z.number(),
    /** Appointees by their worst status. */
    byStatus: statusCounts,
    /** Every period of every duty judged, by status. */
    evaluations: statusCounts,
    /** Completion over every cell of every duty. */
    cells: completionSchema,
  }),
  /**
   * With `replay=true`: the instant the board reads the records as of (`asOf`, null when `at` is
   * today or later: then what is recorded now is what was recorded), and what was recorded in
   * scope only after it and is therefore left out: appointments (a term entered later, back-dated)
   * and work logs of the range (back-filled). Null without `replay`.
   */
  replay: z
    .object({
      asOf: z.string().nullable(),
      appointmentsRecordedLater: z.number(),
      logsRecordedLater: z.number(),
    })
    .nullable(),
  /** The page of rows sent (null: every row), and how many rows there are in all. */
  page: z.number().nullable(),
  pageSize: z.number().nullable(),
  total: z.number(),
});
export type ComplianceBoard = z.infer<typeof complianceBoardSchema>;

/** Path of the drill-down: one appointee, one rule, one period. */
export const complianceCellParams = z.object({
  appointmentId: z.coerce.number().int().positive(),
  ruleCode: codeSchema,
  periodKey: periodKeySchema,
});

/** A work log behind a verdict, with the link to open it. */
export const complianceRecordSchema = z.object({
  id: z.number(),
  kind: z.string(),
  occurredAt: z.string(),
  content: z.string(),
  status: z.string(),
  subjectMemberId: z.number().nullable(),
  subjectMemberName: z.string().nullable(),
  targetUnitId: z.number().nullable(),
  activityRole: z.string().nullable(),
  reportYear: z.number().nullable(),
  /** API path of the log (`/api/work-logs/:id`). */
  href: z.string(),
});

/** The drill-down: the verdict, the records that counted, and what is missing. */
export const complianceCellSchema = z.object({
  row: boardRowSchema.omit({ duties: true, status: true }),
  evaluation: dutyEvaluationSchema,
  records: z.array(complianceRecordSchema),
  missing: z.array(z.object({ id: z.union([z.number(), z.string()]), name: z.string() })),
});
export type ComplianceCell = z.infer<typeof complianceCellSchema>;
