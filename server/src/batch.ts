import { type BatchResult, t } from '@gongjian/common';
import { AppError } from './errors.ts';
import type { Ctx } from './http/context.ts';

/**
 * Apply one action to each of the ticked rows of a list (批量确认…), each in its own transaction
 * with its own audit event, as the single-row endpoint does. A row the action refuses (404 out of
 * sight, 403, 409 already decided, 400 missing a field) is reported with its code and the reason
 * in the caller's language and does not hold back the others; anything else is a real failure
 * and stops the batch (the rows done so far stay done, and are audited).
 */
export async function eachRow(
  ctx: Ctx,
  ids: readonly number[],
  act: (id: number) => Promise<unknown>,
  reasonOf: (e: AppError) => string = (e) => t(e.messageKey, ctx.locale),
): Promise<BatchResult> {
  const result: BatchResult = { done: [], refused: [] };
  for (const id of ids) {
    try {
      await act(id);
      result.done.push(id);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      result.refused.push({ id, code: e.code, message: reasonOf(e) });
    }
  }
  return result;
}
