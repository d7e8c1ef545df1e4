import { z } from 'zod';
import { actionsSchema, listQuery, optionalId } from './list.ts';

/** A point in time for a filter: an ISO date (a whole day, China time) or a full ISO timestamp. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional();

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The half-open time range `[from, before)` a filter means. A bare date is a calendar day in
 * China Standard Time (UTC+8, no daylight saving), where every administration using this works.
 */
export function auditRange(from?: string, to?: string): { from?: Date; before?: Date } {
  const start = (v: string) => new Date(DATE_ONLY.test(v) ? `${v}T00:00:00+08:00` : v);
  const range: { from?: Date; before?: Date } = {};
  if (from) range.from = start(from);
  // A timestamp bound includes its whole millisecond: `at` is shown to the millisecond, so an
  // event's own `at` used as `to` still finds that event although the database keeps microseconds.
  if (to)
    range.before = DATE_ONLY.test(to) ? new Date(start(to).getTime() + DAY_MS) : new Date(Date.parse(to) + 1);
  return range;
}

/** Filters of `GET /api/audit`. */
export const auditListQuery = listQuery
  .extend({
    actorId: optionalId,
    entityType: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(64).optional(),
    action: z.string().trim().min(1).max(64).optional(),
    /** Inclusive lower bound on the event time. */
    from: instant,
    /** Inclusive upper bound; a bare date includes that whole day. */
    to: instant,
  })
  .refine(
    (q) => {
      const r = auditRange(q.from, q.to);
      return !r.from || !r.before || r.from < r.before;
    },
    {
      error: 'v.dateOrder',
      path: ['to'],
    },
  );
export type AuditListQuery = z.infer<typeof auditListQuery>;

/** One event of the append-only trail. */
export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  areaId: z.number().nullable(),
  /** Null when the node has since been deleted. */
  areaName: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  /** The trail is append-only, so there is never anything to do with an event. */
  actions: actionsSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
