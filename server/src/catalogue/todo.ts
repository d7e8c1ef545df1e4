import type { Localized, TodoKind } from '@gongjian/common';
import type { Ctx } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';

/**
 * One kind of to-do (待办). A domain defines its kinds in its own `todos.ts` and lists them
 * here; nothing else changes to add one.
 *
 * The count is the total of the list the to-do opens, read through that list's own search with
 * the same filter the link carries (`list`), so the number on the home page is always the number
 * of rows one click away, scope and all.
 */
export interface TodoDefinition {
  kind: TodoKind;
  title: Localized;
  action: Localized;
  /** Whether the caller does this kind of work at all; checked before anything is read. */
  appliesTo: (actor: Actor) => boolean;
  /** How many are waiting for the caller, and the page (path + query) that lists exactly them. */
  pending: (ctx: Ctx) => Promise<{ count: number; link: string }>;
}

/** A desk or phone path with its filters, as the page reads them from the address. */
export function linkTo(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
