import { z } from 'zod';
import { localizedSchema } from '../cadres/duties.ts';
import { endpoint } from '../contract.ts';

/**
 * The kinds of to-do (待办) the catalogue knows. Each domain adds its own kinds here and one
 * definition in its module's `todos.ts`, listed in server/src/modules/insight/todos/catalogue.ts.
 */
export const TODO_KINDS = [
  'worklogs.toConfirm',
  'exemptions.toDecide',
  'batches.toReview',
  'duties.atRisk',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/**
 * One kind of work waiting for the signed-in account. `count` is the total of the list `link`
 * opens, computed by that list's own search, so the two can never disagree.
 */
export const todoSchema = z.object({
  kind: z.enum(TODO_KINDS),
  title: localizedSchema,
  /** What one click on it does, e.g. 去确认. */
  action: localizedSchema,
  count: z.number().int().min(0),
  /** The desk or phone page holding exactly the records counted, as a path inside the web app. */
  link: z.string(),
});
export type Todo = z.infer<typeof todoSchema>;

/** `GET /api/todos`: the caller's to-dos, most urgent first; kinds with nothing waiting left out. */
export const todoListResponse = z.object({ data: z.array(todoSchema) });
export type TodoList = z.infer<typeof todoListResponse>;

/** `/api/todos`: the signed-in account's to-dos (待办), for the top of every home page. */
export const todoApi = {
  list: endpoint('GET', '/todos', {
    tags: ['todos'],
    summary: 'My to-dos: what waits for me, each with the list that holds it',
    response: todoListResponse,
  }),
};
