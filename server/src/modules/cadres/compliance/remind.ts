import {
  AREA_ADMIN_ROLES,
  type ComplianceRemindBody,
  type ComplianceReminder,
  DEFAULT_TIME_ZONE,
  type DutyEvaluation,
} from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { audit } from '#server/audit/audit.ts';
import type { Executor } from '#server/db/client.ts';
import type { ReminderDelivery } from '#server/db/schema/index.ts';
import { conflict, forbidden } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import {
  appointmentRecipients,
  areaAdminsAbove,
  insertNotifications,
} from '#server/modules/system/notifications/queries.ts';
import { type Actor, pathInScope } from '#server/policies/actor.ts';
import { startOfDay, toLocalDay } from '#server/rules/calendar/civil.ts';
import type { SubjectRow } from './queries.ts';
import { complianceCell } from './service.ts';

/**
 * Reminding an appointee of a duty: who is told (shared by the hourly reminder scan in
 * `jobs/reminders.ts` and the board's 提醒 button), and the button's own service.
 */

/**
 * Where a reminder opens in the web desk: the compliance board (履职看板) with the verdict's cell
 * open in its drawer, for the community's admins and the group channels; the appointee, who has no
 * board, gets its own duty page with the same parameters.
 */
export function drillDownLink(
  appointmentId: number,
  ruleCode: string,
  periodKey: string,
  audience: 'admin' | 'appointee' = 'admin',
) {
  const query = new URLSearchParams({
    appointmentId: String(appointmentId),
    rule: ruleCode,
    period: periodKey,
  });
  return `${audience === 'admin' ? '/compliance' : '/my-duty'}?${query}`;
}

/**
 * What the people responsible are told when the appointee has no account to receive it. The
 * street's or district's admins also learn why it came to them: nobody closer has an account.
 */
export function passItOn(s: Pick<SubjectRow, 'memberName'>, escalated: boolean) {
  if (escalated) {
    return {
      zh: `${s.memberName}没有账号，本人收不到此提醒；所在社区和派出单位也没有管理员账号，请转告。`,
      en: `${s.memberName} has no account and cannot receive this reminder, nor have the community or the sending unit an admin account: please pass it on.`,
    };
  }
  return {
    zh: `${s.memberName}没有账号，本人收不到此提醒，请转告。`,
    en: `${s.memberName} has no account and cannot receive this reminder: please pass it on.`,
  };
}

/**
 * Who a reminder about an appointee reaches: the appointee's own member accounts; without one,
 * the receiving community's admins and the sending unit's admins (`responsible`), and when
 * neither has an admin account, the admins of the street holding the area, or of the district
 * if the street has none (`escalated`). Nobody at all: `undeliverable`.
 */
export async function reminderRecipients(
  db: Executor,
  s: Pick<SubjectRow, 'memberId' | 'areaPath' | 'sendingUnitId'>,
) {
  const own = await appointmentRecipients(db, { memberId: s.memberId });
  const closest = await appointmentRecipients(db, {
    communityOf: s.areaPath,
    unitAdminsOf: own.length ? null : s.sendingUnitId,
  });
  const escalated = !own.length && !closest.length;
  const responsible = escalated ? await areaAdminsAbove(db, s.areaPath) : closest;
  const delivery: ReminderDelivery = own.length
    ? 'appointee'
    : responsible.length
      ? 'responsible'
      : 'undeliverable';
  return { own, responsible, escalated, delivery };
}

// ── The board's 提醒 ─────────────────────────────────────────────────────────────────────────

/**
 * Who may remind from the board: district, street and community admins, over appointments in
 * their subtree. Unit admins read the board of their employees but do not chase them from it;
 * the platform admin administers districts, not their cadres.
 */
export const canRemind = (a: Actor, row: { areaPath: string }) =>
  a.role !== 'system' && AREA_ADMIN_ROLES.includes(a.role) && pathInScope(a, row.areaPath);

const CALENDAR = { timeZone: DEFAULT_TIME_ZONE };

/**
 * The reminder of one appointee × rule × period already sent on `now`'s day (China time), if any.
 * The audit event is the record of a board reminder; it carries the request's clock, so the day
 * is judged by the same clock that sent it.
 */
async function sentToday(db: Executor, body: ComplianceRemindBody, now: Date) {
  const day = toLocalDay(now, CALENDAR);
  const from = new Date(startOfDay(day, CALENDAR.timeZone)).toISOString();
  const until = new Date(startOfDay(day + 1, CALENDAR.timeZone)).toISOString();
  const found = await db.execute<{ remindedAt: string; actorName: string | null }>(sql`
    select after->>'remindedAt' as "remindedAt", actor_name as "actorName" from audit_events
     where entity_type = 'appointment' and entity_id = ${String(body.appointmentId)} and action = 'remind'
       and after->>'ruleCode' = ${body.ruleCode} and after->>'periodKey' = ${body.periodKey}
       and (after->>'remindedAt')::timestamptz >= ${from}::timestamptz
       and (after->>'remindedAt')::timestamptz < ${until}::timestamptz
     order by (after->>'remindedAt')::timestamptz limit 1`);
  return found.rows[0];
}

/** The inbox texts of a reminder sent from the board, in both languages. */
function texts(ctx: Ctx, s: SubjectRow, e: DutyEvaluation) {
  const who = ctx.actor.displayName;
  const state = e.status === 'missed' ? { zh: '未完成', en: 'missed' } : { zh: '即将到期', en: 'at risk' };
  return {
    titleZh: `履职提醒：${e.ruleName['zh-CN']}（${e.periodLabel['zh-CN']}）${state.zh}`,
    titleEn: `Reminder: ${e.ruleName.en} (${e.periodLabel.en}) ${state.en}`,
    bodyZh: `${who}提醒${s.memberName}（${s.areaName}）：${e.explanation['zh-CN']}。`,
    bodyEn: `${who} reminds ${s.memberName} (${s.areaName}): ${e.explanation.en}.`,
  };
}

/**
 * Remind one appointee of a duty at risk or missed, from the board's cell: visible (404, and the
 * cell's own 400/409 for a period that is not one of the duty's) → allowed (403) → something to
 * remind of (409 NOTHING_TO_REMIND) → not yet today (409 ALREADY_REMINDED with the time of the
 * first) → the notices, written as the reminder scan writes them (to those responsible when the
 * appointee has no account, and the answer says so) and the audit event, in one transaction.
 * The appointment row is locked first, so two admins pressing at once send one reminder.
 */
export async function remindAppointee(ctx: Ctx, body: ComplianceRemindBody): Promise<ComplianceReminder> {
  const { row, evaluation: e } = await complianceCell(
    ctx,
    body.appointmentId,
    body.ruleCode,
    body.periodKey,
    {
      replay: false,
    },
  );
  if (!canRemind(ctx.actor, row)) throw forbidden('e.mayNotRemind');
  if (e.status !== 'at_risk' && e.status !== 'missed')
    throw conflict('NOTHING_TO_REMIND', 'e.nothingToRemind', { status: e.status });
  const kind = e.status;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from appointments where id = ${body.appointmentId} for update`);
    const first = await sentToday(tx, body, ctx.now);
    if (first)
      throw conflict('ALREADY_REMINDED', 'e.alreadyReminded', {
        remindedAt: first.remindedAt,
        by: first.actorName,
      });
    const { own, responsible, escalated, delivery } = await reminderRecipients(tx, row);
    const t = texts(ctx, row, e);
    const note = own.length ? null : passItOn(row, escalated);
    const notice = kind === 'at_risk' ? ('duty_at_risk' as const) : ('duty_missed' as const);
    await insertNotifications(tx, [
      ...own.map((r) => ({
        recipientAccountId: r.id,
        areaId: row.areaId,
        kind: notice,
        ...t,
        link: drillDownLink(row.appointmentId, e.ruleCode, e.periodKey, 'appointee'),
      })),
      ...responsible.map((r) => ({
        recipientAccountId: r.id,
        areaId: row.areaId,
        kind: notice,
        ...t,
        ...(note ? { bodyZh: `${t.bodyZh}${note.zh}`, bodyEn: `${t.bodyEn} ${note.en}` } : {}),
        link: drillDownLink(row.appointmentId, e.ruleCode, e.periodKey),
      })),
    ]);
    const recipients = own.length + responsible.length;
    await audit(tx, ctx, {
      action: 'remind',
      entityType: 'appointment',
      entityId: row.appointmentId,
      areaId: row.areaId,
      summary: `${e.ruleCode} ${e.periodKey}: ${kind}`,
      after: {
        ruleCode: e.ruleCode,
        periodKey: e.periodKey,
        kind,
        delivery,
        recipients,
        remindedAt: ctx.now.toISOString(),
      },
    });
    return {
      appointmentId: row.appointmentId,
      ruleCode: e.ruleCode,
      periodKey: e.periodKey,
      kind,
      delivery,
      recipients,
      escalated: escalated && responsible.length > 0,
      remindedAt: ctx.now.toISOString(),
    };
  });
}
