import type { Todo } from '@gongjian/common';
import type { Ctx } from '#server/http/context.ts';
import { TODO_CATALOGUE } from './catalogue.ts';

/**
 * The caller's to-dos: every kind that applies to their role, counted now; kinds with nothing
 * waiting are left out. Kinds are counted one after another: each is one indexed count on the
 * pool's connection, and a home page must not take a connection per kind.
 */
export async function myTodos(ctx: Ctx): Promise<Todo[]> {
  const out: Todo[] = [];
  for (const def of TODO_CATALOGUE) {
    if (!def.appliesTo(ctx.actor)) continue;
    const { count, link } = await def.pending(ctx);
    if (count > 0) out.push({ kind: def.kind, title: def.title, action: def.action, count, link });
  }
  return out;
}
