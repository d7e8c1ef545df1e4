import { z } from 'zod';

/** Paging and free-text search shared by every list endpoint. */
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(100).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/**
 * Keyset paging for the lists that grow with the registry: `after` is the `next` of the page
 * before, and the page is then counted from there (page 1 is the rows right after it). A page
 * found this way costs the same at page 50,000 as at page 1, where `page` alone skips every row
 * before it. The total is the filter's, whatever the cursor.
 */
export const cursorQuery = {
  after: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{1,17}(_\d{1,10})?$/)
      .optional(),
  ),
};

/** `{ data, total }`: one page of items plus the count of all that match. */
export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), total: z.number() });

/**
 * Lists that grow with the registry (members, residents, units, work logs): `{ data, total }`
 * plus `totalExact` and `next` (the cursor of the page after). Totals up to 10,000 are counted exactly; past that, counting every row
 * on every page would cost more than the page, so `total` is the database's estimate and
 * `totalExact` is false (the desk shows 约 2,000,000 条). An exact total is always exact.
 */
export const estimatedListResponse = <T extends z.ZodType>(item: T) =>
  listResponse(item).extend({
    totalExact: z
      .boolean()
      .describe('false: `total` is an estimate (more than 10,000 rows match); true: `total` is exact'),
    next: z.string().nullable().describe('`after` for the page after this one; null on the last page'),
  });

/**
 * The rows a batch action (批量确认…) is applied to: the ones ticked on one page of a list, so at
 * most a page's worth, each once.
 */
export const batchIdsSchema = z
  .array(z.number().int().positive().max(2_147_483_647))
  .min(1)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'v.duplicateIds' });

/**
 * What a batch action did. Each row is its own transaction with its own audit event, so one
 * that cannot be moved (decided meanwhile by someone else, out of scope…) is reported with its
 * reason and does not hold back the others.
 */
export const batchResultSchema = z.object({
  done: z.array(z.number()),
  refused: z.array(z.object({ id: z.number(), code: z.string(), message: z.string() })),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

/** Actions the caller may take on a record, computed by the server so the UI never guesses. */
export const actionsSchema = z.array(
  z.enum(['update', 'delete', 'move', 'reveal', 'addChild', 'manageSeats']),
);
export type RecordAction = z.infer<typeof actionsSchema>[number];

/**
 * Largest PostgreSQL `integer`, the type of every id but the audit trail's. The request validator
 * holds every integer without a stated maximum to it, so 2147483648 is a 400, not a database error.
 */
export const INT4_MAX = 2_147_483_647;

export const idParams = z.object({ id: z.coerce.number().int().positive().max(INT4_MAX) });

/** Query flag `?reveal=true`: ask for unmasked PII (allowed roles only; audited). */
export const revealQuery = z.object({
  reveal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** Optional numeric filter from a query string (empty string means "no filter"). */
export const optionalId = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number().int().positive().max(INT4_MAX).optional(),
);

/** One field's problem in a 400: where (`path`, dotted; `in` the request part), what and why. */
export const fieldIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  in: z.enum(['body', 'querystring', 'params', 'headers']).optional(),
  /** Extra values for the caller (e.g. the conflicting id); never shown as prose. */
  params: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The one error shape: a stable `code`, a `message` in the caller's language, and `details` —
 * field issues for bad input, or the facts of a conflict (`{ status, event }`, references…).
 */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.union([z.array(fieldIssueSchema), z.record(z.string(), z.unknown())]).optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });
