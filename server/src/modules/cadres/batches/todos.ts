import { linkTo, type TodoDefinition } from '#server/catalogue/todo.ts';
import { canUseSelection } from './policy.ts';
import { searchBatches } from './service.ts';

/** Batches under review wait for the organisation department's decision on each candidate. */
export const batchTodos: TodoDefinition[] = [
  {
    kind: 'batches.toReview',
    title: { 'zh-CN': '待审核的选派批次', en: 'Selection batches to review' },
    action: { 'zh-CN': '去审核', en: 'Review' },
    appliesTo: canUseSelection,
    async pending(ctx) {
      const query = { status: 'review' } as const;
      const { total } = await searchBatches(ctx, { ...query, page: 1, pageSize: 1 });
      return { count: total, link: linkTo('/batches', query) };
    },
  },
];
