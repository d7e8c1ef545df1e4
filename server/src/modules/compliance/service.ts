import {
  type ComplianceBoardQuery,
  DEFAULT_TIME_ZONE,
  type DutyEvaluation,
  type DutyExemptionCreate,
  type DutyExemptionListQuery,
  type DutyPeriod,
  type DutyRule,
  localDate,
} from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { audit, snapshot } from '../../audit/audit.ts';
import { dutyExemptions } from '../../db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../http/context.ts';
import { isAreaAdmin } from '../../policies/actor.ts';
import { districtOf, throwIfIssues } from '../../policies/refs.ts';
import {
  formatDay,
  parsePeriodKey,
  spanContaining,
  startOfDay,
  stepSpan,
  termKey,
  toLocalDay,
} from '../../rules/duties/calendar.ts';
import { type DutySubject, evaluateAll, groupRecordsBySubject } from '../../rules/duties/index.ts';
import { ruleVersionAt } from '../../rules/duties/versions.ts';
import {
  appointmentListScope,
  canManageAppointment,
  canReadAppointment,
  canUseAppointments,
  isAppointee,
} from '../appointments/policy.ts';
import { findAppointment, findKind } from '../appointments/queries.ts';
import { withinPathFor } from '../appointments/service.ts';
import { districtRules } from '../duty-rules/service.ts';
import { canReviewExemption, canUseBoard, canUseMine } from './policy.ts';
import {
  findExemption,
  listExemptions,
  loadExemptions,
  loadPopulations,
  loadRecords,
  loadSubjects,
  logsByIds,
  type SubjectFilter,
  type SubjectRow,
} from './queries.ts';

/**
 * The board runs in China Standard Time: the district calendar's time zone is not a stored
 * setting yet, and every district served today is in it.
 */
const CALENDAR = { timeZone: DEFAULT_TIME_ZONE };

const today = () => localDate(new Date());

/** The days a board covers: `periods` periods of kind `period` ending with the one holding `at`. */
export function boardRange(period: DutyPeriod, at: string, periods: number) {
  const day = toLocalDay(at, CALENDAR);
  if (period === 'term') return { from: at, to: at, keys: [] as string[] };
  let span = spanContaining(day, period);
  const keys = [span.key];
  for (let i = 1; i < periods; i++) {
    span = stepSpan(span, -1);
    keys.unshift(span.key);
  }
  const first = span;
  const last = spanContaining(day, period);
  return { from: formatDay(first.startDay), to: formatDay((last.endDay ?? last.startDay + 1) - 1), keys };
}

/**
 * The clock of a board "as at" a day: now when it is today, else the last instant of that local
 * day, so a past day replays what the board showed at its end.
 */
function clockAt(at: string): Date {
  if (at === today()) return new Date();
  return new Date(startOfDay(toLocalDay(at, CALENDAR) + 1, CALENDAR.timeZone) - 1);
}

function toSubject(row: SubjectRow, populations: Awaited<ReturnType<typeof loadPopulations>>): DutySubject {
  return {
    id: row.appointmentId,
    type: 'appointee',
    appointmentKind: row.kindCode,
    unitType: row.sendingUnitType,
    memberCategory: row.memberCategory,
    sendingUnitId: row.sendingUnitId,
    receivingAreaId: row.areaId,
    termStart: row.termStart,
    termEnd: row.endedOn ?? row.termEnd,
    populations: populations.get(row.appointmentId) ?? {},
  };
}

/**
 * Evaluate appointees over [from, to] at a clock: records, populations and exemptions are loaded
 * once for all of them; each district's rules are grouped by policy and every appointee is judged
 * by the rules of its kind's policy.
 */
export async function evaluateSubjects(
  ctx: Ctx,
  subjects: readonly SubjectRow[],
  from: string,
  to: string,
  now: Date,
) {
  const ids = subjects.map((s) => s.appointmentId);
  const [records, populations, exemptions] = await Promise.all([
    loadRecords(ctx.db, ids),
    loadPopulations(ctx.db, ids),
    loadExemptions(ctx.db, ids),
  ]);
  const grouped = groupRecordsBySubject(records);
  const groups = new Map<string, SubjectRow[]>();
  for (const s of subjects) {
    const key = `${districtOf(s.areaPath)}|${s.policyCode}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const rulesByDistrict = new Map<number, { policyCode: string; rule: DutyRule }[]>();
  const evaluations: DutyEvaluation[] = [];
  const ruleInfo = new Map<string, { policyCode: string; rule: DutyRule }>();
  for (const [key, list] of groups) {
    const [districtText, policyCode] = key.split('|') as [string, string];
    const district = Number(districtText);
    let rules = rulesByDistrict.get(district);
    if (!rules) {
      rules = await districtRules(ctx.db, district);
      rulesByDistrict.set(district, rules);
    }
    const own = rules.filter((r) => r.policyCode === policyCode);
    for (const r of own) {
      const seen = ruleInfo.get(r.rule.code);
      if (!seen || seen.rule.version < r.rule.version) ruleInfo.set(r.rule.code, r);
    }
    evaluations.push(
      ...evaluateAll({
        subjects: list.map((s) => toSubject(s, populations)),
        records: grouped,
        exemptions,
        rules: own.map((r) => r.rule),
        calendar: CALENDAR,
        now,
        from,
        to,
      }),
    );
  }
  return { evaluations, ruleInfo };
}

/** Resolve who the caller may see on the board, and the filters it asked for, to SQL. */
async function boardFilter(
  ctx: Ctx,
  q: ComplianceBoardQuery,
  from: string,
  to: string,
): Promise<SubjectFilter> {
  if (!canUseBoard(ctx.actor)) throw forbidden();
  return {
    scope: appointmentListScope(ctx.actor),
    withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
    sendingUnitId: q.sendingUnitId,
    kindCode: q.kind,
    from,
    to,
  };
}

/** The compliance board for the caller's scope (see complianceBoardQuery). */
export async function complianceBoard(ctx: Ctx, q: ComplianceBoardQuery) {
  const at = q.at ?? today();
  const range = boardRange(q.period, at, q.periods);
  const filter = await boardFilter(ctx, q, range.from, range.to);
  return buildBoard(ctx, filter, q.period, at, range);
}

/** "My duties": the signed-in member's own appointments over the same kind of range. */
export async function myDuties(ctx: Ctx, q: Pick<ComplianceBoardQuery, 'period' | 'at' | 'periods'>) {
  if (!canUseMine(ctx.actor) || ctx.actor.memberId === null) throw forbidden();
  const at = q.at ?? today();
  const range = boardRange(q.period, at, q.periods);
  return buildBoard(ctx, { scope: undefined, memberId: ctx.actor.memberId, ...range }, q.period, at, range);
}

async function buildBoard(
  ctx: Ctx,
  filter: SubjectFilter,
  period: DutyPeriod,
  at: string,
  range: { from: string; to: string; keys: string[] },
) {
  const subjects = await loadSubjects(ctx.db, filter);
  const { evaluations, ruleInfo } = await evaluateSubjects(ctx, subjects, range.from, range.to, clockAt(at));
  return { subjects, evaluations, ruleInfo, period, at, range, timeZone: CALENDAR.timeZone };
}

/** The drill-down: one appointee × rule × period, with the records that counted. */
export async function complianceCell(
  ctx: Ctx,
  appointmentId: number,
  ruleCode: string,
  periodKey: string,
  at: string | undefined,
) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const ap = await findAppointment(ctx.db, appointmentId);
  if (!ap || !canReadAppointment(ctx.actor, ap)) throw notFound();
  const span = parsePeriodKey(periodKey);
  if (!span) throw notFound();
  const from = formatDay(span.startDay);
  const to = span.endDay === null ? from : formatDay(span.endDay - 1);
  const subjects = await loadSubjects(ctx.db, { scope: undefined, appointmentId, from, to });
  const { evaluations } = await evaluateSubjects(ctx, subjects, from, to, at ? clockAt(at) : new Date());
  const evaluation = evaluations.find((e) => e.ruleCode === ruleCode && e.periodKey === periodKey);
  const row = subjects[0];
  if (!evaluation || !row) throw notFound();
  const logs = await logsByIds(ctx.db, evaluation.recordIds.map(Number));
  return { row, evaluation, logs };
}

// ── Exemptions ─────────────────────────────────────────────────────────────────────────────

/** One page of exemption requests the caller may see. */
export async function searchExemptions(ctx: Ctx, q: DutyExemptionListQuery) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  return listExemptions(
    ctx.db,
    {
      scope: appointmentListScope(ctx.actor),
      appointmentId: q.appointmentId,
      status: q.status,
      withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
    },
    q.page,
    q.pageSize,
  );
}

/** An exemption the caller may see, or 404. */
export async function getVisibleExemption(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const row = await findExemption(ctx.db, id);
  if (!row || !canReadAppointment(ctx.actor, { ...row, status: row.appointmentStatus })) throw notFound();
  return row;
}

/**
 * Ask for an exemption, as the appointee or the receiving community. The rule must be one of the
 * appointment's duties and the period one of that rule's periods within the term.
 */
export async function requestExemption(ctx: Ctx, input: DutyExemptionCreate) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const ap = await findAppointment(ctx.db, input.appointmentId);
  if (!ap || !canReadAppointment(ctx.actor, ap)) throw fieldError('appointmentId', 'v.notFoundRef');
  if (!isAppointee(ctx.actor, ap) && !canManageAppointment(ctx.actor, ap)) throw forbidden();
  const kind = await findKind(ctx.db, ap.kindId);
  const rules = (await districtRules(ctx.db, districtOf(ap.areaPath)))
    .filter((r) => kind?.dutyPolicyCode && r.policyCode === kind.dutyPolicyCode)
    .map((r) => r.rule);
  const issues: FieldIssue[] = [];
  const lastDay = ap.endedOn ?? ap.termEnd;
  if (!rules.some((r) => r.code === input.ruleCode)) {
    issues.push({ path: 'ruleCode', code: 'invalid', message: 'v.unknownRule' });
  } else {
    const isTermKey = input.periodKey === 'term' || input.periodKey === termKey(ap.termStart, lastDay);
    const span = isTermKey ? null : parsePeriodKey(input.periodKey);
    const startDay = isTermKey ? ap.termStart : span ? formatDay(span.startDay) : null;
    const rule = startDay ? ruleVersionAt(rules, input.ruleCode, startDay) : undefined;
    const fits =
      rule !== undefined &&
      (isTermKey
        ? rule.period === 'term'
        : span != null &&
          span.period === rule.period &&
          span.endDay !== null &&
          formatDay(span.endDay - 1) >= ap.termStart &&
          (lastDay === null || formatDay(span.startDay) <= lastDay));
    if (!fits) issues.push({ path: 'periodKey', code: 'invalid', message: 'v.periodKeyRule' });
  }
  throwIfIssues(issues);
  return ctx.db.transaction(async (tx) => {
    // A standing request for the same duty and period hits duty_exemptions_standing_key: 409.
    const [row] = await tx
      .insert(dutyExemptions)
      .values({
        appointmentId: ap.id,
        areaId: ap.areaId,
        ruleCode: input.ruleCode,
        periodKey: input.periodKey,
        reason: input.reason,
        requestedBy: ctx.actor.accountId,
        requestedByName: ctx.actor.displayName,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'duty_exemption',
      entityId: row.id,
      areaId: row.areaId,
      summary: `${input.ruleCode} ${input.periodKey}`,
      after: snapshot(row),
    });
    const found = await findExemption(tx, row.id);
    if (!found) throw notFound();
    return found;
  });
}

/** Approve or reject a pending request, as the receiving community. */
export async function decideExemption(
  ctx: Ctx,
  id: number,
  decision: 'approve' | 'reject',
  comment: string | null | undefined,
) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const row = await findExemption(tx, id, true);
    if (!row || !canReadAppointment(ctx.actor, { ...row, status: row.appointmentStatus })) throw notFound();
    if (!isAreaAdmin(ctx.actor) || !canReviewExemption(ctx.actor, row)) throw forbidden();
    if (row.status !== 'pending')
      throw conflict('EXEMPTION_DECIDED', 'e.exemptionDecided', { status: row.status });
    const status = decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .update(dutyExemptions)
      .set({
        status,
        reviewedBy: ctx.actor.accountId,
        reviewedByName: ctx.actor.displayName,
        reviewedAt: sql`now()`,
        reviewComment: comment ?? null,
        updatedAt: sql`now()`,
      })
      .where(sql`${dutyExemptions.id} = ${id}`);
    await audit(tx, ctx, {
      action: decision,
      entityType: 'duty_exemption',
      entityId: id,
      areaId: row.areaId,
      summary: `${row.ruleCode} ${row.periodKey}`,
      before: { status: row.status },
      after: { status, reviewComment: comment ?? null },
    });
    const after = await findExemption(tx, id);
    if (!after) throw notFound();
    return after;
  });
}
