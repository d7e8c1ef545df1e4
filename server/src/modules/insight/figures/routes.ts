import { figureCatalogueResponse, figureResultSchema } from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { FIGURE_CATALOGUE } from './catalogue.ts';
import { readableFigures, readFigure } from './service.ts';

const tags = ['figures'];

/**
 * The figure catalogue (统计数): `GET /figures` lists what the caller may read, and each figure
 * is its own operation, `GET /figures/<code>`, validated by the figure's own query — so the
 * OpenAPI document describes every figure's parameters, an unknown parameter is a 400 naming it,
 * and an unknown code is a 404 like any unknown path.
 */
export const figureRoutes: RoutesPlugin = (app) => {
  app.get(
    '/figures',
    {
      schema: {
        tags,
        summary: 'The figures I may read, with their parameters',
        response: { 200: figureCatalogueResponse },
      },
    },
    async (req) => ({ data: readableFigures(req.ctx()) }),
  );

  for (const def of FIGURE_CATALOGUE)
    app.get(
      `/figures/${def.code}`,
      {
        schema: {
          tags,
          summary: `${def.title.en} (${def.title['zh-CN']}): each row is the total of ${def.list.api} under its drill query`,
          querystring: def.query,
          response: { 200: figureResultSchema },
        },
      },
      async (req) => readFigure(req.ctx(), def, req.query),
    );
};
