import { todoApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { myTodos } from './service.ts';

/** The signed-in account's to-dos (待办), for the top of every home page (contract in common/src/insight/todos.ts). */
export const todoRoutes: RoutesPlugin = (app) => {
  route(app, todoApi.list, async (req) => ({ data: await myTodos(req.ctx()) }));
};
