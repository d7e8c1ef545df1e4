import { linkTo, type TodoDefinition } from '#server/catalogue/todo.ts';
import { isAreaAdmin } from '#server/policies/actor.ts';
import { searchWorkLogs } from './service.ts';

/**
 * Logs waiting for the receiving community's confirmation. `within` the admin's own node keeps
 * the visits the admin only sees (to units in the subtree, made by appointees received
 * elsewhere) out: those are confirmed by their own community (`canReviewWorkLog`).
 */
export const workLogTodos: TodoDefinition[] = [
  {
    kind: 'worklogs.toConfirm',
    title: { 'zh-CN': '待确认的工作纪实', en: 'Work logs to confirm' },
    action: { 'zh-CN': '去确认', en: 'Confirm' },
    appliesTo: isAreaAdmin,
    async pending(ctx) {
      const query = { status: 'pending', within: ctx.actor.areaId ?? undefined } as const;
      const { total } = await searchWorkLogs(ctx, { ...query, page: 1, pageSize: 1 });
      return { count: total, link: linkTo('/work-logs', query) };
    },
  },
];
