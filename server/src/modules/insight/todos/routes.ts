import { todoListResponse } from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { myTodos } from './service.ts';

/** The signed-in account's to-dos (待办), for the top of every home page. */
export const todoRoutes: RoutesPlugin = (app) => {
  app.get(
    '/todos',
    {
      schema: {
        tags: ['todos'],
        summary: 'My to-dos: what waits for me, each with the list that holds it',
        response: { 200: todoListResponse },
      },
    },
    async (req) => ({ data: await myTodos(req.ctx()) }),
  );
};
