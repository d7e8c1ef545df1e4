import { z } from 'zod';

/**
 * One row of a stateful record's history (convention C3), the same for every record that has
 * one: the event fired, the status it left (null on the creation row) and reached, when, by whom
 * (null for jobs and rows rebuilt without a known actor) and what was said with it.
 */
export const transitionSchema = z.object({
  event: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  at: z.string(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  note: z.string().nullable(),
});
export type Transition = z.infer<typeof transitionSchema>;

/** `GET /api/<records>/:id/history`: the record's history, oldest first. */
export const historyResponse = z.object({ data: z.array(transitionSchema) });
export type HistoryResponse = z.infer<typeof historyResponse>;
