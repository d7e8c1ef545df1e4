import {
  type CalendarPeriod,
  type ComplianceBoardQuery,
  DEFAULT_TIME_ZONE,
  type DutyEvaluation,
  type DutyExemptionCreate,
  type DutyExemptionListQuery,
  type DutyPeriod,
  type DutyRule,
  exemptionReasonText,
  type Localized,
  localDate,
} from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { audit, snapshot } from '../../audit/audit.ts';
import type { Executor } from '../../db/client.ts';
import { dutyExemptions } from '../../db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../http/context.ts';
import { isAreaAdmin } from '../../policies/actor.ts';
import { districtOf, throwIfIssues } from '../../policies/refs.ts';
import {
  formatDay,
  parsePeriodKey,
  periodLabel,
  spanContaining,
  spanLabel,
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
import {
  type ExemptionNotice,
  notifyExemptionDecided,
  notifyExemptionRequested,
} from '../notifications/service.ts';
import { canReviewExemption, canUseBoard, canUseMine } from './policy.ts';
import {
  type ExemptionRow,
  findExemption,
  listExemptions,
  loadExemptions,
  loadPopulations,
  loadRecords,
  loadSubjects,
  logsByIds,
  type SubjectFilter,
  type SubjectRow,
  standingExemptions,
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
 * The clock of a board "as at" a day: now when it is today, else the end of that local day (the
 * next local midnight), so the periods ending on it have closed: a past period asked for by its
 * last day gets its final verdict, not "at risk" one instant before it closes.
 */
function clockAt(at: string): Date {
  if (at === today()) return new Date();
  return new Date(startOfDay(toLocalDay(at, CALENDAR) + 1, CALENDAR.timeZone));
}

/**
 * What a replay reads the records as of: the board's clock, but never later than now (a future
 * day replays nothing that is not already known).
 */
function replayAsOf(clock: Date, replay: boolean): Date | undefined {
  if (!replay) return undefined;
  return clock.getTime() < Date.now() ? clock : undefined;
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
 * by the rules of its kind's policy. With `asOf` (a replay) logs, exemptions and rule versions
 * are read as they stood then: recorded by then, reviewed by then, published and closed by then.
 */
export async function evaluateSubjects(
  ctx: Ctx,
  subjects: readonly SubjectRow[],
  from: string,
  to: string,
  now: Date,
  asOf?: Date,
) {
  const ids = subjects.map((s) => s.appointmentId);
  const [records, populations, exemptions] = await Promise.all([
    loadRecords(ctx.db, ids, asOf),
    loadPopulations(ctx.db, ids),
    loadExemptions(ctx.db, ids, asOf),
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
      rules = await districtRules(ctx.db, district, asOf);
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
  return buildBoard(ctx, filter, q.period, at, range, q.replay);
}

/** "My duties": the signed-in member's own appointments over the same kind of range. */
export async function myDuties(ctx: Ctx, q: Pick<ComplianceBoardQuery, 'period' | 'at' | 'periods'>) {
  if (!canUseMine(ctx.actor) || ctx.actor.memberId === null) throw forbidden();
  const at = q.at ?? today();
  const range = boardRange(q.period, at, q.periods);
  const filter = { scope: undefined, memberId: ctx.actor.memberId, ...range };
  return buildBoard(ctx, filter, q.period, at, range, false);
}

async function buildBoard(
  ctx: Ctx,
  filter: SubjectFilter,
  period: DutyPeriod,
  at: string,
  range: { from: string; to: string; keys: string[] },
  replay: boolean,
) {
  const clock = clockAt(at);
  const asOf = replayAsOf(clock, replay);
  const subjects = await loadSubjects(ctx.db, { ...filter, asOf });
  const { evaluations, ruleInfo } = await evaluateSubjects(ctx, subjects, range.from, range.to, clock, asOf);
  return { subjects, evaluations, ruleInfo, period, at, range, timeZone: CALENDAR.timeZone };
}

/**
 * The drill-down: one appointee × rule × period, with the records that counted, judged at the
 * board's `at` (now by default) and, with `replay`, from the records as they stood then.
 */
export async function complianceCell(
  ctx: Ctx,
  appointmentId: number,
  ruleCode: string,
  periodKey: string,
  q: { at?: string | undefined; replay: boolean },
) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const ap = await findAppointment(ctx.db, appointmentId);
  if (!ap || !canReadAppointment(ctx.actor, ap)) throw notFound();
  const span = parsePeriodKey(periodKey);
  if (!span) throw notFound();
  const from = formatDay(span.startDay);
  const to = span.endDay === null ? from : formatDay(span.endDay - 1);
  const clock = q.at ? clockAt(q.at) : new Date();
  const asOf = replayAsOf(clock, q.replay);
  const subjects = await loadSubjects(ctx.db, { scope: undefined, appointmentId, from, to, asOf });
  const { evaluations } = await evaluateSubjects(ctx, subjects, from, to, clock, asOf);
  const evaluation = evaluations.find((e) => e.ruleCode === ruleCode && e.periodKey === periodKey);
  const row = subjects[0];
  if (!evaluation || !row) throw notFound();
  const logs = await logsByIds(ctx.db, evaluation.recordIds.map(Number), asOf);
  return { row, evaluation, logs };
}

// ── Exemptions ─────────────────────────────────────────────────────────────────────────────

/** The day a period key starts, for an appointment's term: the term's first day for a term key. */
function periodStart(ap: { termStart: string }, periodKey: string): string | null {
  if (periodKey === 'term' || periodKey.includes('/')) return ap.termStart;
  const span = parsePeriodKey(periodKey);
  return span ? formatDay(span.startDay) : null;
}

/** A period in words; `term` reads as the appointment's own term. */
function exemptionPeriodLabel(
  ap: { termStart: string; termEnd: string | null; endedOn: string | null },
  periodKey: string,
): Localized {
  const key = periodKey === 'term' ? termKey(ap.termStart, ap.endedOn ?? ap.termEnd) : periodKey;
  return parsePeriodKey(key) ? periodLabel(key) : { 'zh-CN': periodKey, en: periodKey };
}

/** A rule's name in the version judging a period, else its newest version's, else null. */
function ruleNameAt(rules: readonly DutyRule[], code: string, start: string | null): Localized | null {
  const atStart = start ? ruleVersionAt(rules, code, start) : undefined;
  if (atStart) return atStart.name;
  const newest = rules.filter((r) => r.code === code).sort((a, b) => b.version - a.version)[0];
  return newest?.name ?? null;
}

/** Exemption rows with their rule's name and their period in words (rules loaded once per district). */
async function withNames(db: Executor, rows: readonly ExemptionRow[]) {
  const byDistrict = new Map<number, DutyRule[]>();
  const out = [];
  for (const row of rows) {
    const district = districtOf(row.areaPath);
    let rules = byDistrict.get(district);
    if (!rules) {
      rules = (await districtRules(db, district)).map((r) => r.rule);
      byDistrict.set(district, rules);
    }
    out.push({
      ...row,
      ruleName: ruleNameAt(rules, row.ruleCode, periodStart(row, row.periodKey)),
      periodLabel: exemptionPeriodLabel(row, row.periodKey),
    });
  }
  return out;
}
/** An exemption with its rule's name and its period in words, as the presenter takes it. */
export type NamedExemption = Awaited<ReturnType<typeof withNames>>[number];

async function named(db: Executor, row: ExemptionRow): Promise<NamedExemption> {
  const [one] = await withNames(db, [row]);
  if (!one) throw notFound();
  return one;
}

/** One page of exemption requests the caller may see. */
export async function searchExemptions(ctx: Ctx, q: DutyExemptionListQuery) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const page = await listExemptions(
    ctx.db,
    {
      scope: appointmentListScope(ctx.actor),
      appointmentId: q.appointmentId,
      status: q.status,
      reasonKind: q.reasonKind,
      withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
      q: q.q || undefined,
    },
    q.page,
    q.pageSize,
  );
  return { data: await withNames(ctx.db, page.data), total: page.total };
}

/** An exemption the caller may see, or 404. */
export async function getVisibleExemption(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const row = await findExemption(ctx.db, id);
  if (!row || !canReadAppointment(ctx.actor, { ...row, status: row.appointmentStatus })) throw notFound();
  return named(ctx.db, row);
}

/** How many periods before and after today's are offered for a request, by period kind. */
const CHOICE_WINDOW: Record<CalendarPeriod, { back: number; ahead: number }> = {
  week: { back: 4, ahead: 8 },
  month: { back: 2, ahead: 3 },
  quarter: { back: 1, ahead: 2 },
  year: { back: 1, ahead: 1 },
};

/** An appointment the caller may ask an exemption for (its appointee or its community), or an error. */
async function requestableAppointment(ctx: Ctx, appointmentId: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const ap = await findAppointment(ctx.db, appointmentId);
  if (!ap || !canReadAppointment(ctx.actor, ap)) throw fieldError('appointmentId', 'v.notFoundRef');
  if (!isAppointee(ctx.actor, ap) && !canManageAppointment(ctx.actor, ap)) throw forbidden();
  const kind = await findKind(ctx.db, ap.kindId);
  const rules = (await districtRules(ctx.db, districtOf(ap.areaPath)))
    .filter((r) => kind?.dutyPolicyCode && r.policyCode === kind.dutyPolicyCode)
    .map((r) => r.rule);
  return { ap, rules };
}

/**
 * What an exemption may be asked for on one appointment: each of its duties with the recent and
 * coming periods inside the term that the rule judges (a term rule offers the term), and any
 * standing request for them, so a form offers only what `requestExemption` accepts.
 */
export async function exemptionChoices(ctx: Ctx, appointmentId: number) {
  const { ap, rules } = await requestableAppointment(ctx, appointmentId);
  const standing = await standingExemptions(ctx.db, ap.id);
  const now = today();
  const lastDay = ap.endedOn ?? ap.termEnd;
  const term = termKey(ap.termStart, lastDay);
  const standingFor = (code: string, key: string) => {
    const hit = standing.find(
      (e) => e.ruleCode === code && (e.periodKey === key || (key === term && e.periodKey === 'term')),
    );
    return hit ? { id: hit.id, status: hit.status } : null;
  };
  const codes = [...new Set(rules.map((r) => r.code))].sort();
  const out = [];
  for (const code of codes) {
    // Named as it reads today, or as its newest version does when none is in force.
    const shown =
      ruleVersionAt(rules, code, now) ??
      rules.filter((r) => r.code === code).sort((a, b) => b.version - a.version)[0];
    if (!shown) continue;
    const periods = [];
    for (const kind of new Set(rules.filter((r) => r.code === code).map((r) => r.period))) {
      if (kind === 'term') {
        if (ruleVersionAt(rules, code, ap.termStart)?.period !== 'term') continue;
        periods.push({
          key: term,
          label: periodLabel(term),
          from: ap.termStart,
          to: lastDay,
          current: ap.termStart <= now && (lastDay === null || now <= lastDay),
          standing: standingFor(code, term),
        });
        continue;
      }
      const todayDay = toLocalDay(now, CALENDAR);
      let first = spanContaining(todayDay, kind);
      for (let i = 0; i < CHOICE_WINDOW[kind].back; i++) first = stepSpan(first, -1);
      let span = first;
      for (
        let i = 0;
        i <= CHOICE_WINDOW[kind].back + CHOICE_WINDOW[kind].ahead;
        i++, span = stepSpan(span, 1)
      ) {
        const from = formatDay(span.startDay);
        const to = formatDay((span.endDay ?? span.startDay + 1) - 1);
        if (to < ap.termStart || (lastDay !== null && from > lastDay)) continue;
        if (ruleVersionAt(rules, code, from)?.period !== kind) continue;
        periods.push({
          key: span.key,
          label: spanLabel(span),
          from,
          to,
          current: from <= now && now <= to,
          standing: standingFor(code, span.key),
        });
      }
    }
    periods.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    out.push({ ruleCode: code, name: shown.name, period: shown.period, periods });
  }
  return { appointmentId: ap.id, rules: out };
}

/**
 * Ask for an exemption, as the appointee or the receiving community. The rule must be one of the
 * appointment's duties and the period one of that rule's periods within the term.
 */
export async function requestExemption(ctx: Ctx, input: DutyExemptionCreate) {
  const { ap, rules } = await requestableAppointment(ctx, input.appointmentId);
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
        reasonKind: input.reasonKind,
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
    const withName = await named(tx, found);
    await notifyExemptionRequested(tx, ctx, notice(withName));
    return withName;
  });
}

/** What the inbox says about an exemption. */
function notice(e: NamedExemption): ExemptionNotice {
  return {
    exemptionId: e.id,
    areaId: e.areaId,
    areaPath: e.areaPath,
    areaName: e.areaName,
    memberId: e.memberId,
    memberName: e.memberName,
    ruleName: e.ruleName ?? { 'zh-CN': e.ruleCode, en: e.ruleCode },
    periodLabel: e.periodLabel,
    reason: exemptionReasonText(e.reasonKind, e.reason),
  };
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
    const withName = await named(tx, after);
    await notifyExemptionDecided(tx, ctx, {
      ...notice(withName),
      requestedBy: after.requestedBy,
      approved: decision === 'approve',
      comment: comment ?? null,
    });
    return withName;
  });
}
