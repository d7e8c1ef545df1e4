import { z } from 'zod';
import { codeSchema } from '../validators.ts';
import { periodKeySchema } from './duties.ts';

/**
 * `POST /api/compliance/remind`: an area admin reminds one appointee of one duty at risk or
 * missed, from the board's cell. Once per appointee × duty × period × day.
 */
export const complianceRemindBody = z.object({
  appointmentId: z.number().int().positive(),
  ruleCode: codeSchema,
  periodKey: periodKeySchema,
});
export type ComplianceRemindBody = z.infer<typeof complianceRemindBody>;

/**
 * Who a reminder reached, as the reminder scan says it: the appointee's own account, or — the
 * appointee having none — those responsible for them (the community's and the sending unit's
 * admins, or the street's or district's when those have none: `escalated`), or nobody.
 */
export const REMINDER_DELIVERIES = ['appointee', 'responsible', 'undeliverable'] as const;
export type ReminderDeliveryKind = (typeof REMINDER_DELIVERIES)[number];

export const complianceReminderSchema = z.object({
  appointmentId: z.number(),
  ruleCode: z.string(),
  periodKey: z.string(),
  /** The verdict reminded of. */
  kind: z.enum(['at_risk', 'missed']),
  delivery: z.enum(REMINDER_DELIVERIES),
  /** Inbox notifications written. */
  recipients: z.number(),
  escalated: z.boolean(),
  remindedAt: z.string(),
});
export type ComplianceReminder = z.infer<typeof complianceReminderSchema>;
