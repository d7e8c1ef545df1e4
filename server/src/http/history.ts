import { historyResponse, idParams, type Transition } from '@gongjian/common';
import type { Ctx } from './context.ts';
import type { App } from './types.ts';

/**
 * `GET <path>/:id/history` of a stateful record (convention C3): the one shape every record's
 * timeline has. `read` checks the record is visible exactly as reading it does (404 out of scope
 * before anything else) and returns its rows, oldest first.
 */
export function historyRoute(
  app: App,
  path: `/${string}/:id/history`,
  tags: string[],
  what: string,
  read: (ctx: Ctx, id: number) => Promise<Transition[]>,
) {
  app.get(
    path,
    {
      schema: {
        tags,
        summary: `The history of one ${what}: every event fired on it, oldest first`,
        params: idParams,
        response: { 200: historyResponse },
      },
    },
    async (req) => ({ data: await read(req.ctx(), req.params.id) }),
  );
}
