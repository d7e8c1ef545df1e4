import {
  type BoardRow,
  type Completion,
  type ComplianceBoard,
  type ComplianceCell,
  completionRate,
  DUTY_STATUSES,
  type DutyEvaluation,
  type DutyExemption,
  type DutyRule,
  type DutyStatus,
  type StatusCounts,
} from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { periodLabel } from '#server/rules/duties/index.ts';
import { exemptionActions } from './policy.ts';
import type { logsByIds, SubjectRow } from './queries.ts';
import type { NamedExemption } from './service.ts';

/** Worst first: a duty (or an appointee) takes the worst status among its parts. */
const SEVERITY: readonly DutyStatus[] = [
  'missed',
  'at_risk',
  'not_yet_due',
  // Before met: a duty met in every period but one exempt reads exempt, never met.
  'exempt',
  'met',
  'not_applicable',
];

function worst(statuses: readonly DutyStatus[]): DutyStatus {
  for (const s of SEVERITY) if (statuses.includes(s)) return s;
  return 'not_applicable';
}

/** Shortest period first, so a policy's duties read as they are set out (weekly, monthly … term). */
const PERIOD_ORDER: readonly DutyRule['period'][] = ['week', 'month', 'quarter', 'year', 'term'];

/** Board columns: by policy, then the rule's period, then its code. */
function ruleOrder(
  a: { policyCode: string; rule: DutyRule } | undefined,
  codeA: string,
  b: { policyCode: string; rule: DutyRule } | undefined,
  codeB: string,
): number {
  const keyOf = (r: typeof a, code: string) =>
    [r?.policyCode ?? '', String(PERIOD_ORDER.indexOf(r?.rule.period ?? 'term')), code] as const;
  const ka = keyOf(a, codeA);
  const kb = keyOf(b, codeB);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return (ka[i] ?? '') < (kb[i] ?? '') ? -1 : 1;
  }
  return 0;
}

/** Completion over cells by status: due are the final verdicts (met, missed); see `completionSchema`. */
function completion(c: StatusCounts): Completion {
  const cells = DUTY_STATUSES.reduce((n, s) => n + c[s], 0);
  const due = c.met + c.missed;
  return { cells, due, met: c.met, exempt: c.exempt, rate: completionRate(c.met, due) };
}

const zero = (): StatusCounts => Object.fromEntries(DUTY_STATUSES.map((s) => [s, 0])) as StatusCounts;

function rowOf(s: SubjectRow) {
  return {
    appointmentId: s.appointmentId,
    memberId: s.memberId,
    memberName: s.memberName,
    kindCode: s.kindCode,
    kindNameZh: s.kindNameZh,
    kindNameEn: s.kindNameEn,
    policyCode: s.policyCode,
    sendingUnitId: s.sendingUnitId,
    sendingUnitName: s.sendingUnitName,
    receivingOrgId: s.receivingOrgId,
    receivingOrgName: s.receivingOrgName,
    areaId: s.areaId,
    areaName: s.areaName,
    termStart: s.termStart,
    termEnd: s.endedOn ?? s.termEnd,
    appointmentStatus: s.status,
  };
}

/** The board on the wire: rows by appointee, per-rule counts, overall counts. */
export function presentBoard(b: {
  subjects: readonly SubjectRow[];
  evaluations: readonly DutyEvaluation[];
  ruleInfo: ReadonlyMap<string, { policyCode: string; rule: DutyRule }>;
  period: ComplianceBoard['period'];
  at: string;
  range: { from: string; to: string; keys: string[] };
  timeZone: string;
  /** What a replay read as of, and what it left out (null without replay). */
  replay?: ComplianceBoard['replay'];
  /** The page of rows to send (null: all); figures always count every row. */
  page: number | null;
  pageSize: number | null;
}): ComplianceBoard {
  const bySubject = new Map<string, DutyEvaluation[]>();
  for (const e of b.evaluations) {
    const key = String(e.subjectId);
    const list = bySubject.get(key);
    if (list) list.push(e);
    else bySubject.set(key, [e]);
  }
  const ruleCounts = new Map<string, { counts: StatusCounts; total: number; cells: StatusCounts }>();
  const byStatus = zero();
  const evaluationCounts = zero();
  const rows: BoardRow[] = b.subjects.map((s) => {
    const own = bySubject.get(String(s.appointmentId)) ?? [];
    const byRule = new Map<string, DutyEvaluation[]>();
    for (const e of own) {
      evaluationCounts[e.status] += 1;
      const list = byRule.get(e.ruleCode);
      if (list) list.push(e);
      else byRule.set(e.ruleCode, [e]);
    }
    const duties = [...byRule.entries()].map(([ruleCode, evaluations]) => {
      const status = worst(evaluations.map((e) => e.status));
      const rc = ruleCounts.get(ruleCode) ?? { counts: zero(), total: 0, cells: zero() };
      ruleCounts.set(ruleCode, rc);
      rc.counts[status] += 1;
      rc.total += 1;
      for (const e of evaluations) rc.cells[e.status] += 1;
      return { ruleCode, status, evaluations };
    });
    const status = worst(duties.map((d) => d.status));
    byStatus[status] += 1;
    return { ...rowOf(s), status, duties };
  });
  const rules = [...ruleCounts.entries()]
    .sort(([x], [y]) => ruleOrder(b.ruleInfo.get(x), x, b.ruleInfo.get(y), y))
    .flatMap(([ruleCode, rc]) => {
      const info = b.ruleInfo.get(ruleCode);
      if (!info) return [];
      return [
        {
          ruleCode,
          policyCode: info.policyCode,
          name: info.rule.name,
          period: info.rule.period,
          counts: rc.counts,
          total: rc.total,
          cells: completion(rc.cells),
        },
      ];
    });
  return {
    period: b.period,
    at: b.at,
    from: b.range.from,
    to: b.range.to,
    timeZone: b.timeZone,
    periodKeys: b.range.keys.map((key) => ({ key, label: periodLabel(key) })),
    rules,
    // Paging cuts the rows only, after every figure above was counted over all of them.
    rows:
      b.page === null || b.pageSize === null
        ? rows
        : rows.slice((b.page - 1) * b.pageSize, b.page * b.pageSize),
    summary: {
      appointees: rows.length,
      byStatus,
      evaluations: evaluationCounts,
      cells: completion(evaluationCounts),
    },
    replay: b.replay ?? null,
    page: b.page,
    pageSize: b.pageSize,
    total: rows.length,
  };
}

/** The drill-down on the wire. */
export function presentCell(c: {
  row: SubjectRow;
  evaluation: DutyEvaluation;
  logs: Awaited<ReturnType<typeof logsByIds>>;
}): ComplianceCell {
  return {
    row: rowOf(c.row),
    evaluation: c.evaluation,
    records: c.logs.map((l) => ({
      id: l.id,
      kind: l.kind,
      occurredAt: l.occurredAt.toISOString(),
      content: l.content,
      status: l.status,
      subjectMemberId: l.subjectMemberId,
      subjectMemberName: l.subjectMemberName,
      targetUnitId: l.targetUnitId,
      activityRole: l.activityRole,
      reportYear: l.reportYear,
      href: `/api/work-logs/${l.id}`,
    })),
    missing: c.evaluation.missing,
  };
}

/** An exemption request on the wire. */
export function presentExemption(row: NamedExemption, actor: Actor): DutyExemption {
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    memberId: row.memberId,
    memberName: row.memberName,
    areaId: row.areaId,
    areaName: row.areaName,
    ruleCode: row.ruleCode,
    ruleName: row.ruleName,
    periodKey: row.periodKey,
    periodLabel: row.periodLabel,
    reasonKind: row.reasonKind,
    reason: row.reason,
    status: row.status,
    requestedByName: row.requestedByName,
    reviewedByName: row.reviewedByName,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewComment: row.reviewComment,
    createdAt: row.createdAt.toISOString(),
    actions: exemptionActions(actor, row),
  };
}
