import { DEFAULT_TIME_ZONE, type DutyEvaluation, localDate } from '@gongjian/common';
import { remindersSent } from '#server/db/schema/index.ts';
import { loadSubjects, type SubjectRow } from '#server/modules/cadres/compliance/queries.ts';
import { drillDownLink, passItOn, reminderRecipients } from '#server/modules/cadres/compliance/remind.ts';
import { evaluateSubjects } from '#server/modules/cadres/compliance/service.ts';
import { insertNotifications } from '#server/modules/system/notifications/queries.ts';
import { startOfDay, toLocalDay } from '#server/rules/calendar/civil.ts';
import type { ChannelMessage } from './channels.ts';
import { channelDeliveryJob } from './deliver.ts';
import { systemCtx } from './system.ts';
import { transactionWithJobs } from './transaction.ts';
import type { Job, JobContext } from './types.ts';

/**
 * Missed notices go out only for periods that closed within this many days: a scan after a
 * long pause (or the first scan after deployment) must not flood inboxes with old history.
 */
export const MISSED_LOOKBACK_DAYS = 7;

const DAY_MS = 86_400_000;

/** The engine reads the board's calendar; the scan judges by the same one. */
const CALENDAR = { timeZone: DEFAULT_TIME_ZONE };

/** Where a reminder opens in the desk (shared with the board's 提醒 button). */
export { drillDownLink };

const dutyRemindersJobName = 'duty-reminders';

type ReminderKind = 'at_risk' | 'missed';

/** When a verdict's period closed: the day after a deadline's due date, else the window end. */
function closedAt(e: DutyEvaluation): number | null {
  if (e.dueDate) return startOfDay(toLocalDay(e.dueDate, CALENDAR) + 1, CALENDAR.timeZone);
  return e.windowEnd ? Date.parse(e.windowEnd) : null;
}

/** Which reminder a verdict calls for at `now`, if any. */
export function reminderKind(e: DutyEvaluation, now: Date): ReminderKind | null {
  if (e.status === 'at_risk') return 'at_risk';
  if (e.status !== 'missed') return null;
  const closed = closedAt(e);
  return closed !== null && closed >= now.getTime() - MISSED_LOOKBACK_DAYS * DAY_MS ? 'missed' : null;
}

/** The inbox texts of a reminder, in both languages. */
function texts(kind: ReminderKind, s: SubjectRow, e: DutyEvaluation) {
  const zhName = e.ruleName['zh-CN'];
  const enName = e.ruleName.en;
  const zhPeriod = e.periodLabel['zh-CN'];
  const enPeriod = e.periodLabel.en;
  if (kind === 'at_risk') {
    return {
      titleZh: `职责即将到期：${zhName}（${zhPeriod}）`,
      titleEn: `Duty at risk: ${enName} (${enPeriod})`,
      bodyZh: `${s.memberName}（${s.areaName}）：${e.explanation['zh-CN']}。请在本期结束前完成。`,
      bodyEn: `${s.memberName} (${s.areaName}): ${e.explanation.en}. Please complete it before the period closes.`,
    };
  }
  return {
    titleZh: `职责未完成：${zhName}（${zhPeriod}）`,
    titleEn: `Duty missed: ${enName} (${enPeriod})`,
    bodyZh: `${s.memberName}（${s.areaName}）：${e.explanation['zh-CN']}。`,
    bodyEn: `${s.memberName} (${s.areaName}): ${e.explanation.en}.`,
  };
}

/**
 * Record one reminder and, only if this run is the one that recorded it, write the inbox
 * notifications and queue the outside channels' messages, all in one transaction: the messages
 * are queued exactly when the reminder is recorded, so a crash can lose neither one without the
 * other. The unique key of `reminders_sent` makes a concurrent run's insert wait for this
 * transaction and then do nothing. Returns who was told, or null when it had already been sent.
 *
 * Recipients: the appointee's own member accounts and the receiving community's admins. An
 * appointee without an account cannot be told, so the sending unit's admins are told as well,
 * and every admin's notice names the appointee and asks them to pass it on (`responsible`).
 * When neither the community nor the unit has an admin account, it goes up to the admins of the
 * street holding the area, or if the street has none, of the district (still `responsible`,
 * counted as `escalated`). Only when nobody at all has an account is it `undeliverable`, with 0
 * recipients.
 */
async function remind(ctx: JobContext, kind: ReminderKind, s: SubjectRow, e: DutyEvaluation) {
  const t = texts(kind, s, e);
  const link = drillDownLink(s.appointmentId, e.ruleCode, e.periodKey);
  const ownLink = drillDownLink(s.appointmentId, e.ruleCode, e.periodKey, 'appointee');
  return transactionWithJobs(ctx.db, async (tx, jobs) => {
    const { own, responsible, escalated, delivery } = await reminderRecipients(tx, s);
    const [sent] = await tx
      .insert(remindersSent)
      .values({
        appointmentId: s.appointmentId,
        ruleCode: e.ruleCode,
        periodKey: e.periodKey,
        kind,
        delivery,
        recipients: own.length + responsible.length,
      })
      .onConflictDoNothing()
      .returning({ id: remindersSent.id });
    if (!sent) return null;
    const notice = kind === 'at_risk' ? 'duty_at_risk' : 'duty_missed';
    const note = own.length ? null : passItOn(s, escalated);
    await insertNotifications(tx, [
      ...own.map((r) => ({
        recipientAccountId: r.id,
        areaId: s.areaId,
        kind: notice,
        reminderId: sent.id,
        ...t,
        link: ownLink,
      })),
      ...responsible.map((r) => ({
        recipientAccountId: r.id,
        areaId: s.areaId,
        kind: notice,
        reminderId: sent.id,
        ...t,
        ...(note ? { bodyZh: `${t.bodyZh}${note.zh}`, bodyEn: `${t.bodyEn} ${note.en}` } : {}),
        link,
      })),
    ]);
    const message: ChannelMessage = {
      title: t.titleZh,
      text: note ? `${t.bodyZh}${note.zh}` : t.bodyZh,
      link,
    };
    for (const channel of ctx.channels) {
      await ctx.enqueue(channelDeliveryJob.name, { channel: channel.name, message }, jobs);
    }
    return {
      recipients: own.length + responsible.length,
      delivery,
      escalated: escalated && !!responsible.length,
    };
  });
}

/** What one scan did. */
export interface ReminderScanResult {
  evaluated: number;
  atRisk: number;
  missed: number;
  notifications: number;
  /** Reminders the appointee had no account for: those responsible were told instead. */
  toResponsible: number;
  /** Of `toResponsible`, those that went to the street's or district's admins: neither the
   * receiving community nor the sending unit has an admin account. */
  escalated: number;
  /** Reminders nobody could be told (recorded with delivery `undeliverable`). */
  undeliverable: number;
}

/**
 * The reminder scan: judge every appointee with a duty policy at `now` over the periods that are
 * open or closed within the lookback, then remind once per appointee × rule × period: `at_risk`
 * while a period is about to close unmet, `missed` once it closed unmet. Exempt, met and not yet
 * due verdicts call for nothing. Channel messages are queued in the transaction that records
 * the reminder, so a rolled-back reminder announces nothing and a recorded one is always sent.
 */
export async function scanReminders(ctx: JobContext): Promise<ReminderScanResult> {
  const now = ctx.now;
  const from = localDate(new Date(now.getTime() - MISSED_LOOKBACK_DAYS * DAY_MS), CALENDAR.timeZone);
  const to = localDate(now, CALENDAR.timeZone);
  const subjects = await loadSubjects(ctx.db, { scope: undefined, from, to });
  const result: ReminderScanResult = {
    evaluated: 0,
    atRisk: 0,
    missed: 0,
    notifications: 0,
    toResponsible: 0,
    escalated: 0,
    undeliverable: 0,
  };
  if (!subjects.length) return result;
  // The engine reads only the database; it runs as the system actor, not as an admin.
  const { evaluations } = await evaluateSubjects(
    systemCtx(ctx, dutyRemindersJobName),
    subjects,
    from,
    to,
    now,
  );
  result.evaluated = evaluations.length;
  const byId = new Map(subjects.map((s) => [s.appointmentId, s]));
  const unreached = new Set<number>();
  const upward = new Set<number>();
  for (const e of evaluations) {
    const kind = reminderKind(e, now);
    const subject = byId.get(Number(e.subjectId));
    if (!kind || !subject) continue;
    const sent = await remind(ctx, kind, subject, e);
    if (!sent) continue;
    if (kind === 'at_risk') result.atRisk++;
    else result.missed++;
    result.notifications += sent.recipients;
    if (sent.delivery === 'responsible') result.toResponsible++;
    if (sent.escalated) {
      result.escalated++;
      upward.add(subject.appointmentId);
    }
    if (sent.delivery === 'undeliverable') {
      result.undeliverable++;
      unreached.add(subject.appointmentId);
    }
  }
  if (upward.size) {
    // Delivered, but further up than it should be: the accounts to create are named.
    ctx.log(
      `duty-reminders: ${result.escalated} reminder(s) went to the street's or district's admins — no account for the ` +
        `appointee, nor an admin for the receiving community or the sending unit (appointments ${[...upward].join(', ')})`,
    );
  }
  if (unreached.size) {
    // Nobody's inbox shows these: say so where operators look, with the appointments to fix.
    ctx.log(
      `duty-reminders: ${result.undeliverable} reminder(s) reached nobody — no account for the appointee, ` +
        `the receiving community, the sending unit, the street or the district (appointments ${[...unreached].join(', ')})`,
    );
  }
  return result;
}

/** The hourly reminder scan (Asia/Shanghai), as a scheduled job. */
export const dutyRemindersJob: Job = {
  name: dutyRemindersJobName,
  schedule: { cron: '5 * * * *', tz: DEFAULT_TIME_ZONE },
  run: (ctx) => scanReminders(ctx),
};
