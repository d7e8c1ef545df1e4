import type { Localized, NotificationKind, NotificationListQuery } from '@gongjian/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { notifications } from '#server/db/schema/index.ts';
import { notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { ownsNotification } from './policy.ts';
import {
  accountsByIds,
  appointmentRecipients,
  findNotification,
  insertNotifications,
  listInbox,
} from './queries.ts';

/*
 * Marking read is the recipient's own state, like a session: it changes nothing another user
 * sees and is not a mutation of shared records, so it writes no audit event. Creating a
 * notification is a side effect of an event recorded elsewhere: a reminder by `reminders_sent`,
 * an exemption notice by the request's or decision's own audit event, in the same transaction.
 */

/** The caller's inbox page. */
export async function myNotifications(ctx: Ctx, q: NotificationListQuery) {
  return listInbox(ctx.db, ctx.actor.accountId, q.unread, q.page, q.pageSize);
}

/** Mark one of the caller's notifications read (idempotent); someone else's is 404. */
export async function markRead(ctx: Ctx, id: number) {
  const row = await findNotification(ctx.db, id);
  if (!row || !ownsNotification(ctx.actor, row)) throw notFound();
  if (row.readAt) return row;
  const [updated] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(eq(notifications.id, id))
    .returning();
  return updated ?? row;
}

/** Mark every unread notification of the caller read; returns how many changed. */
export async function markAllRead(ctx: Ctx) {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.recipientAccountId, ctx.actor.accountId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

// ── Exemption notices ──────────────────────────────────────────────────────────────────────

/** What an exemption notice is about. */
export interface ExemptionNotice {
  exemptionId: number;
  /** The appointment's receiving area and its path. */
  areaId: number;
  areaPath: string;
  areaName: string;
  memberId: number;
  memberName: string;
  /** The rule's name, or its code in both languages when the rule is gone. */
  ruleName: Localized;
  periodLabel: Localized;
  /** The reason in words, both languages. */
  reason: Localized;
}

/**
 * Where a recipient reads about the exemption: the appointee on its phone page, everyone else
 * on the desk's exemption page, opened at the request.
 */
const exemptionLink = (role: string, id: number) => (role === 'member' ? '/my-duty' : `/exemptions?id=${id}`);

async function send(
  tx: Executor,
  kind: NotificationKind,
  n: ExemptionNotice,
  recipients: readonly { id: number; role: string }[],
  skip: number,
  text: { titleZh: string; titleEn: string; bodyZh: string; bodyEn: string },
) {
  const seen = new Set<number>([skip]);
  const rows = [];
  for (const r of recipients) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    rows.push({
      recipientAccountId: r.id,
      areaId: n.areaId,
      kind,
      ...text,
      link: exemptionLink(r.role, n.exemptionId),
    });
  }
  await insertNotifications(tx, rows);
  return rows.length;
}

/**
 * A new request waits for the receiving community: its community admins are told, except the
 * one who filed it on the appointee's behalf. Runs inside the request's transaction.
 */
export async function notifyExemptionRequested(tx: Executor, ctx: Ctx, n: ExemptionNotice) {
  const recipients = await appointmentRecipients(tx, { communityOf: n.areaPath });
  return send(tx, 'exemption_requested', n, recipients, ctx.actor.accountId, {
    titleZh: `免责申请待审批：${n.memberName}`,
    titleEn: `Exemption request to review: ${n.memberName}`,
    bodyZh: `${n.memberName}（${n.areaName}）申请免除「${n.ruleName['zh-CN']}」${n.periodLabel['zh-CN']}，理由：${n.reason['zh-CN']}`,
    bodyEn: `${n.memberName} (${n.areaName}) asks to be exempted from “${n.ruleName.en}” for ${n.periodLabel.en}: ${n.reason.en}`,
  });
}

/**
 * A decision goes to the appointee and to whoever filed the request, never to the reviewer who
 * made it. Runs inside the decision's transaction.
 */
export async function notifyExemptionDecided(
  tx: Executor,
  ctx: Ctx,
  n: ExemptionNotice & { requestedBy: number; approved: boolean; comment: string | null },
) {
  const recipients = [
    ...(await appointmentRecipients(tx, { memberId: n.memberId })),
    ...(await accountsByIds(tx, [n.requestedBy])),
  ];
  const reviewer = ctx.actor.displayName;
  const rule = {
    zh: `「${n.ruleName['zh-CN']}」${n.periodLabel['zh-CN']}`,
    en: `“${n.ruleName.en}” for ${n.periodLabel.en}`,
  };
  const text = n.approved
    ? {
        titleZh: `免责申请已批准：${n.ruleName['zh-CN']}（${n.periodLabel['zh-CN']}）`,
        titleEn: `Exemption approved: ${n.ruleName.en} (${n.periodLabel.en})`,
        bodyZh: `${reviewer}批准了${n.memberName}免除${rule.zh}的申请${n.comment ? `：${n.comment}` : '。'}`,
        bodyEn: `${reviewer} approved ${n.memberName}’s exemption from ${rule.en}${n.comment ? `: ${n.comment}` : '.'}`,
      }
    : {
        titleZh: `免责申请未获批准：${n.ruleName['zh-CN']}（${n.periodLabel['zh-CN']}）`,
        titleEn: `Exemption not approved: ${n.ruleName.en} (${n.periodLabel.en})`,
        bodyZh: `${reviewer}未批准${n.memberName}免除${rule.zh}的申请：${n.comment ?? ''}`,
        bodyEn: `${reviewer} did not approve ${n.memberName}’s exemption from ${rule.en}: ${n.comment ?? ''}`,
      };
  return send(
    tx,
    n.approved ? 'exemption_approved' : 'exemption_rejected',
    n,
    recipients,
    ctx.actor.accountId,
    text,
  );
}
