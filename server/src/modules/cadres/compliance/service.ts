import {
  type BatchResult,
  type BoardPeriod,
  type ComplianceBoardQuery,
  DEFAULT_TIME_ZONE,
  type DutyEvaluation,
  type DutyExemptionCreate,
  type DutyExemptionListQuery,
  type DutyRule,
  exemptionPeriodOffered,
  exemptionPeriods,
  exemptionReasonText,
  type Localized,
  localDate,
  periodText,
  t,
} from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { audit, snapshot } from '#server/audit/audit.ts';
import { eachRow } from '#server/batch.ts';
import type { Executor } from '#server/db/client.ts';
import { historyOf, recordCreation, recordTransition } from '#server/db/history.ts';
import { dutyExemptions, exemptionTransitions } from '#server/db/schema/index.ts';
import { AppError, badRequest, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import { type Ctx, nowOf } from '#server/http/context.ts';
import {
  appointmentListScope,
  canManageAppointment,
  canReadAppointment,
  canUseAppointments,
  isAppointee,
} from '#server/modules/cadres/appointments/policy.ts';
import { findAppointment, findKind } from '#server/modules/cadres/appointments/queries.ts';
import { withinPathFor } from '#server/modules/cadres/appointments/service.ts';
import { districtRules } from '#server/modules/cadres/duty-rules/service.ts';
import {
  type ExemptionNotice,
  notifyExemptionDecided,
  notifyExemptionRequested,
} from '#server/modules/system/notifications/service.ts';
import { isAreaAdmin } from '#server/policies/actor.ts';
import { judgeEvent } from '#server/policies/events.ts';
import { districtOf, throwIfIssues } from '#server/policies/refs.ts';
import {
  formatDay,
  membersStartDay,
  parsePeriodKey,
  periodLabel,
  spanContaining,
  startOfDay,
  stepSpan,
  termKey,
  toLocalDay,
} from '#server/rules/calendar/civil.ts';
import { type DutySubject, evaluateAll, groupRecordsBySubject } from '#server/rules/duties/index.ts';
import { ruleVersionAt } from '#server/rules/duties/versions.ts';
import { type ExemptionEvent, exemptionMachine } from './machine.ts';
import { canReviewExemption, canUseBoard, canUseMine } from './policy.ts';
import {
  countLogsRecordedAfter,
  type ExemptionFilter,
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

/** Today in the board's calendar, by the request's clock. */
const today = (ctx: Ctx) => localDate(nowOf(ctx), CALENDAR.timeZone);

/** The range a board covers: `periods` periods of kind `period` ending with the one holding `at`. */
export interface BoardRange {
  /** The view: the kind of the periods the range is made of. */
  view: BoardPeriod;
  /** First and last day (inclusive) of the view periods. */
  from: string;
  to: string;
  /**
   * First day of the earliest period the range holds under the membership rule (a week ending
   * in the range may start before it): appointees are loaded from there, so whoever served in
   * that week is on the board.
   */
  loadFrom: string;
  keys: string[];
}

/** The days a board covers: `periods` periods of kind `period` ending with the one holding `at`. */
export function boardRange(period: BoardPeriod, at: string, periods: number): BoardRange {
  const day = toLocalDay(at, CALENDAR);
  let span = spanContaining(day, period);
  const keys = [span.key];
  for (let i = 1; i < periods; i++) {
    span = stepSpan(span, -1);
    keys.unshift(span.key);
  }
  const first = span;
  const last = spanContaining(day, period);
  return {
    view: period,
    from: formatDay(first.startDay),
    to: formatDay((last.endDay ?? last.startDay + 1) - 1),
    loadFrom: formatDay(membersStartDay(first.startDay, period)),
    keys,
  };
}

/**
 * The clock of a board "as at" a day: now when it is today, else the end of that local day (the
 * next local midnight), so the periods ending on it have closed: a past period asked for by its
 * last day gets its final verdict, not "at risk" one instant before it closes.
 */
function clockAt(ctx: Ctx, at: string): Date {
  if (at === today(ctx)) return nowOf(ctx);
  return new Date(startOfDay(toLocalDay(at, CALENDAR) + 1, CALENDAR.timeZone));
}

/**
 * What a replay reads the records as of: the board's clock, but never later than now (a future
 * day replays nothing that is not already known).
 */
function replayAsOf(ctx: Ctx, clock: Date, replay: boolean): Date | undefined {
  if (!replay) return undefined;
  return clock.getTime() < nowOf(ctx).getTime() ? clock : undefined;
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
  view?: BoardPeriod,
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
    const judged = evaluateAll({
      subjects: list.map((s) => toSubject(s, populations)),
      records: grouped,
      exemptions,
      rules: own.map((r) => r.rule),
      calendar: CALENDAR,
      now,
      from,
      to,
      view,
    });
    // One by one, not push(...judged): a 20,000-appointee district has 400,000 verdicts, more
    // arguments than a call can take (RangeError, found by bench/board.ts).
    for (const e of judged) evaluations.push(e);
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
  const at = q.at ?? today(ctx);
  const range = boardRange(q.period, at, q.periods);
  const filter = await boardFilter(ctx, q, range.loadFrom, range.to);
  const board = await buildBoard(ctx, filter, at, range, q.replay);
  return { ...board, page: q.page ?? null, pageSize: q.page ? q.pageSize : null };
}

/** "My duties": the signed-in member's own appointments over the same kind of range. */
export async function myDuties(ctx: Ctx, q: Pick<ComplianceBoardQuery, 'period' | 'at' | 'periods'>) {
  if (!canUseMine(ctx.actor) || ctx.actor.memberId === null) throw forbidden();
  const at = q.at ?? today(ctx);
  const range = boardRange(q.period, at, q.periods);
  const filter = { scope: undefined, memberId: ctx.actor.memberId, from: range.loadFrom, to: range.to };
  return { ...(await buildBoard(ctx, filter, at, range, false)), page: null, pageSize: null };
}

/**
 * What a replay leaves out, so the answer can say so: appointments in scope today that were
 * entered only after `asOf`, and logs of the range's appointees recorded after it (back-filled)
 * for days before the board's clock. A replay showing nobody then reads "12 entered later".
 */
async function recordedLater(
  ctx: Ctx,
  filter: SubjectFilter,
  replayed: readonly SubjectRow[],
  asOf: Date,
  clock: Date,
  from: string,
) {
  const today = await loadSubjects(ctx.db, filter);
  const known = new Set(replayed.map((s) => s.appointmentId));
  const logs = await countLogsRecordedAfter(
    ctx.db,
    today.map((s) => s.appointmentId),
    asOf,
    new Date(startOfDay(toLocalDay(from, CALENDAR), CALENDAR.timeZone)),
    clock,
  );
  return {
    asOf: asOf.toISOString(),
    appointmentsRecordedLater: today.filter((s) => !known.has(s.appointmentId)).length,
    logsRecordedLater: logs,
  };
}

async function buildBoard(ctx: Ctx, filter: SubjectFilter, at: string, range: BoardRange, replay: boolean) {
  const clock = clockAt(ctx, at);
  const asOf = replayAsOf(ctx, clock, replay);
  const subjects = await loadSubjects(ctx.db, { ...filter, asOf });
  const replayInfo = !replay
    ? null
    : asOf
      ? await recordedLater(ctx, filter, subjects, asOf, clock, filter.from)
      : { asOf: null, appointmentsRecordedLater: 0, logsRecordedLater: 0 };
  const { evaluations, ruleInfo } = await evaluateSubjects(
    ctx,
    subjects,
    range.from,
    range.to,
    clock,
    asOf,
    range.view,
  );
  // Loaded from the first member week's Monday: one who served only in those days before the
  // range is on the board when such a week of theirs is assessed, not for nothing to judge.
  const judged = new Set(evaluations.filter((e) => e.status !== 'not_applicable').map((e) => e.subjectId));
  const shown = subjects.filter(
    (s) => (s.endedOn ?? s.termEnd ?? range.from) >= range.from || judged.has(s.appointmentId),
  );
  const kept = new Set(shown.map((s) => s.appointmentId));
  return {
    subjects: shown,
    evaluations:
      shown.length === subjects.length
        ? evaluations
        : evaluations.filter((e) => kept.has(Number(e.subjectId))),
    ruleInfo,
    period: range.view,
    at,
    range,
    timeZone: CALENDAR.timeZone,
    replay: replayInfo,
  };
}

/**
 * Why a drill-down into `ruleCode` × `periodKey` has no verdict, as a distinct error: a key that
 * names no period is 400 on `periodKey`; a code none of the appointment's rules has is 404
 * UNKNOWN_RULE; a period of another kind than the rule's is 400 on `periodKey` (`expected` in
 * its params); a period outside the term 409 PERIOD_OUTSIDE_TERM; one starting while no version
 * of the rule was in force 409 PERIOD_NOT_JUDGED. Null when the verdict exists.
 */
export function periodRefusal(
  rules: readonly DutyRule[],
  ruleCode: string,
  periodKey: string,
  term: { termStart: string; lastDay: string | null },
): AppError | null {
  const span = parsePeriodKey(periodKey);
  if (!span) return badRequest([{ path: 'periodKey', code: 'malformed', message: 'v.periodKeyMalformed' }]);
  if (!rules.some((r) => r.code === ruleCode))
    return new AppError(404, 'UNKNOWN_RULE', 'e.unknownRule', { ruleCode });
  const first = span.period === 'term' ? term.termStart : formatDay(span.startDay);
  const rule = ruleVersionAt(rules, ruleCode, first);
  const kinds = [...new Set(rules.filter((r) => r.code === ruleCode).map((r) => r.period))];
  if (!kinds.includes(span.period) || (rule && rule.period !== span.period))
    return badRequest([
      {
        path: 'periodKey',
        code: 'period_kind',
        message: 'v.periodKind',
        params: { expected: rule?.period ?? kinds[0], got: span.period },
      },
    ]);
  const outside =
    span.period === 'term'
      ? periodKey !== termKey(term.termStart, term.lastDay)
      : (span.endDay !== null && formatDay(span.endDay - 1) < term.termStart) ||
        (term.lastDay !== null && formatDay(span.startDay) > term.lastDay);
  if (outside)
    return new AppError(409, 'PERIOD_OUTSIDE_TERM', 'e.periodOutsideTerm', {
      termStart: term.termStart,
      termEnd: term.lastDay,
    });
  if (!rule) return new AppError(409, 'PERIOD_NOT_JUDGED', 'e.periodNotJudged', { ruleCode, periodKey });
  return null;
}

/** The duty rules (every version) of an appointment's kind's policy in its district. */
async function appointmentRules(db: Executor, ap: { kindId: number; areaPath: string }, asOf?: Date) {
  const kind = await findKind(db, ap.kindId);
  return (await districtRules(db, districtOf(ap.areaPath), asOf))
    .filter((r) => kind?.dutyPolicyCode && r.policyCode === kind.dutyPolicyCode)
    .map((r) => r.rule);
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
  const clock = q.at ? clockAt(ctx, q.at) : nowOf(ctx);
  const asOf = replayAsOf(ctx, clock, q.replay);
  const refusal = periodRefusal(await appointmentRules(ctx.db, ap, asOf), ruleCode, periodKey, {
    termStart: ap.termStart,
    lastDay: ap.endedOn ?? ap.termEnd,
  });
  if (refusal) throw refusal;
  const span = parsePeriodKey(periodKey);
  if (!span) throw notFound();
  const from = formatDay(span.startDay);
  const to = span.endDay === null ? from : formatDay(span.endDay - 1);
  const subjects = await loadSubjects(ctx.db, { scope: undefined, appointmentId, from, to, asOf });
  const { evaluations } = await evaluateSubjects(ctx, subjects, from, to, clock, asOf);
  const evaluation = evaluations.find((e) => e.ruleCode === ruleCode && e.periodKey === periodKey);
  const row = subjects[0];
  // Left: an appointment not yet recorded at a replay's instant, or a period the term covers
  // too little of to be in the board's range at all.
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
  const page = await listExemptions(ctx.db, await exemptionFilterOf(ctx, q), q.page, q.pageSize);
  return { data: await withNames(ctx.db, page.data), total: page.total };
}

/** The exemption list's filter for the caller (the list and its figures share it). */
export async function exemptionFilterOf(
  ctx: Ctx,
  q: Omit<DutyExemptionListQuery, 'page' | 'pageSize'>,
): Promise<ExemptionFilter> {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  return {
    scope: appointmentListScope(ctx.actor),
    appointmentId: q.appointmentId,
    status: q.status,
    reasonKind: q.reasonKind,
    withinPath: await withinPathFor(ctx.db, ctx.actor, q.within),
    q: q.q || undefined,
  };
}

/** An exemption the caller may see, or 404. */
export async function getVisibleExemption(ctx: Ctx, id: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const row = await findExemption(ctx.db, id);
  if (!row || !canReadAppointment(ctx.actor, { ...row, status: row.appointmentStatus })) throw notFound();
  return named(ctx.db, row);
}

/** An appointment the caller may ask an exemption for (its appointee or its community), or an error. */
async function requestableAppointment(ctx: Ctx, appointmentId: number) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const ap = await findAppointment(ctx.db, appointmentId);
  if (!ap || !canReadAppointment(ctx.actor, ap)) throw fieldError('appointmentId', 'v.notFoundRef');
  if (!isAppointee(ctx.actor, ap) && !canManageAppointment(ctx.actor, ap)) throw forbidden();
  return { ap, rules: await appointmentRules(ctx.db, ap) };
}

/**
 * What an exemption may be asked for on one appointment: each of its duties with the recent and
 * coming periods inside the term that the rule judges (a term rule offers the term), and any
 * standing request for them, so a form offers only what `requestExemption` accepts.
 */
export async function exemptionChoices(ctx: Ctx, appointmentId: number) {
  const { ap, rules } = await requestableAppointment(ctx, appointmentId);
  const standing = await standingExemptions(ctx.db, ap.id);
  const now = today(ctx);
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
      for (const p of exemptionPeriods(kind, now)) {
        const { first: from, last } = p;
        const to = last ?? from;
        if (to < ap.termStart || (lastDay !== null && from > lastDay)) continue;
        if (ruleVersionAt(rules, code, from)?.period !== kind) continue;
        periods.push({
          key: p.key,
          label: periodText(p.key),
          from,
          to,
          current: from <= now && now <= to,
          standing: standingFor(code, p.key),
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
  const term = termKey(ap.termStart, lastDay);
  const key = input.periodKey === 'term' ? term : input.periodKey;
  const refusal = periodRefusal(rules, input.ruleCode, key, { termStart: ap.termStart, lastDay });
  if (refusal?.code === 'UNKNOWN_RULE') {
    issues.push({ path: 'ruleCode', code: 'invalid', message: 'v.unknownRule' });
  } else if (refusal) {
    // The drill-down's reasons, said as a problem with the field: wrong kind, outside the term.
    const detail = Array.isArray(refusal.details) ? refusal.details[0] : undefined;
    issues.push(detail ?? { path: 'periodKey', code: 'invalid', message: 'v.periodKeyRule' });
  } else if (key !== term && !exemptionPeriodOffered(key, today(ctx))) {
    // The periods the form offers (common EXEMPTION_WINDOW), and no others.
    issues.push({ path: 'periodKey', code: 'not_offered', message: 'v.periodNotOffered' });
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
    await recordCreation(tx, ctx, exemptionTransitions, row, row.reason || null);
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

/**
 * Approve or reject a pending request, as the receiving community (convention C3): a role that
 * sees appointments (403) → lock → visible (404) → the caller decides it (403) → still pending
 * (409 EXEMPTION_DECIDED) → the decision, its audit event and history row → the notice.
 */
export async function fireExemption(
  ctx: Ctx,
  id: number,
  event: ExemptionEvent,
  body: { comment?: string | null | undefined },
) {
  if (!canUseAppointments(ctx.actor)) throw forbidden();
  const decision = event;
  const comment = body.comment;
  return ctx.db.transaction(async (tx) => {
    const { row, to: status } = await judgeEvent(exemptionMachine, {
      row: await findExemption(tx, id, true),
      event,
      visible: (r) => canReadAppointment(ctx.actor, { ...r, status: r.appointmentStatus }),
      may: (r) => isAreaAdmin(ctx.actor) && canReviewExemption(ctx.actor, r),
      facts: (r) => ({ status: r.status }),
    });
    // Approving follows the same window as asking (EXEMPTION_WINDOW): a request left pending
    // until its period fell out of it is no longer approved, so the form, the request and the
    // approval never disagree. Rejecting stays possible, to close such a request.
    if (
      decision === 'approve' &&
      row.periodKey !== 'term' &&
      !row.periodKey.includes('/') &&
      !exemptionPeriodOffered(row.periodKey, today(ctx))
    )
      throw fieldError('periodKey', 'v.periodNotOffered', 'not_offered');
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
    await recordTransition(tx, ctx, exemptionTransitions, {
      recordId: id,
      event,
      from: row.status,
      to: status,
      note: comment ?? null,
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

/** An exemption's history, oldest first, read exactly as the exemption is. */
export async function exemptionHistory(ctx: Ctx, id: number) {
  await getVisibleExemption(ctx, id);
  return historyOf(ctx.db, exemptionTransitions, id);
}

/**
 * Decide the ticked requests (批量批准 / 批量不批准), each as `fireExemption` would, one comment
 * for all. A request whose period has left the window since it was asked is refused saying so.
 */
export function decideExemptions(
  ctx: Ctx,
  event: ExemptionEvent,
  input: { ids: readonly number[]; comment?: string | null | undefined },
): Promise<BatchResult> {
  // A role that never decides is refused as a whole, not row by row.
  if (!isAreaAdmin(ctx.actor)) throw forbidden();
  return eachRow(
    ctx,
    input.ids,
    (id) => fireExemption(ctx, id, event, { comment: input.comment }),
    (e) => {
      const field = Array.isArray(e.details) ? e.details[0] : undefined;
      return t(field ? field.message : e.messageKey, ctx.locale);
    },
  );
}
