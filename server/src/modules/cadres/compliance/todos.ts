import { linkTo, type TodoDefinition } from '#server/catalogue/todo.ts';
import { isAreaAdmin } from '#server/policies/actor.ts';
import { canUseMine } from './policy.ts';
import { presentBoard } from './presenter.ts';
import { myDuties, searchExemptions } from './service.ts';

export const complianceTodos: TodoDefinition[] = [
  {
    // Decided by the receiving community (`canReviewExemption`): within the admin's own node.
    kind: 'exemptions.toDecide',
    title: { 'zh-CN': '待审批的免责申请', en: 'Exemption requests to decide' },
    action: { 'zh-CN': '去审批', en: 'Decide' },
    appliesTo: isAreaAdmin,
    async pending(ctx) {
      const query = { status: 'pending', within: ctx.actor.areaId ?? undefined } as const;
      const { total } = await searchExemptions(ctx, { ...query, page: 1, pageSize: 1 });
      return { count: total, link: linkTo('/exemptions', query) };
    },
  },
  {
    // The appointee's own duties with a period still open and at risk, in the range 我的任职
    // opens on (this quarter). Counted per duty, and whatever its past periods were: a duty
    // that missed earlier weeks still has this week to save.
    kind: 'duties.atRisk',
    title: { 'zh-CN': '有风险的职责', en: 'Duties at risk' },
    action: { 'zh-CN': '去记一笔', en: 'Record work' },
    appliesTo: canUseMine,
    async pending(ctx) {
      const board = presentBoard(await myDuties(ctx, { period: 'quarter', periods: 1 }));
      const count = board.rows.reduce(
        (n, r) => n + r.duties.filter((d) => d.evaluations.some((e) => e.status === 'at_risk')).length,
        0,
      );
      return { count, link: '/my-duty' };
    },
  },
];
