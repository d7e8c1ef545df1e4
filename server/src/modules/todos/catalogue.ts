import { batchTodos } from '../batches/todos.ts';
import { complianceTodos } from '../compliance/todos.ts';
import { workLogTodos } from '../worklogs/todos.ts';
import type { TodoDefinition } from './todo.ts';

/** Every kind, in the order a home page shows them: what blocks someone else comes first. */
export const TODO_CATALOGUE: readonly TodoDefinition[] = [...workLogTodos, ...complianceTodos, ...batchTodos];
