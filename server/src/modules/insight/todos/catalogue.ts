import type { TodoDefinition } from '#server/catalogue/todo.ts';
import { batchTodos } from '#server/modules/cadres/batches/todos.ts';
import { complianceTodos } from '#server/modules/cadres/compliance/todos.ts';
import { workLogTodos } from '#server/modules/cadres/work-logs/todos.ts';

/** Every kind, in the order a home page shows them: what blocks someone else comes first. */
export const TODO_CATALOGUE: readonly TodoDefinition[] = [...workLogTodos, ...complianceTodos, ...batchTodos];
