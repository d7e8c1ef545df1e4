import type { FigureCatalogue, FigureResult } from '@gongjian/common';
import type { FigureDefinition } from '#server/catalogue/figure.ts';
import { AppError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { FIGURE_CATALOGUE } from './catalogue.ts';

/** The figures the caller may read, with the parameters each takes. */
export function readableFigures(ctx: Ctx): FigureCatalogue['data'] {
  return FIGURE_CATALOGUE.filter((f) => f.readableBy(ctx.actor)).map((f) => ({
    code: f.code,
    title: f.title,
    list: f.list.path,
    params: Object.keys(f.query.shape),
  }));
}

/**
 * A field error on a parameter naming a node of the tree (`within`, `areaId`) means that node is
 * missing or out of the caller's sight. The list answers that as a bad filter (400); a figure's
 * address names the node the way a record's address names the record, so it is not found (404),
 * as any record out of scope is.
 */
function isAreaOutOfSight(e: unknown): boolean {
  if (!(e instanceof AppError) || e.status !== 400 || !Array.isArray(e.details)) return false;
  return e.details.length > 0 && e.details.every((d) => ['within', 'areaId'].includes(d.path));
}

/**
 * One figure, computed now through its list's own filter: readable (403) → the node it is asked
 * for visible (404) → the rows. The query was validated by the route against the figure's own.
 */
export async function readFigure(ctx: Ctx, def: FigureDefinition, query: unknown): Promise<FigureResult> {
  if (!def.readableBy(ctx.actor)) throw forbidden();
  try {
    const rows = await def.compute(ctx, query as Parameters<typeof def.compute>[1]);
    return { code: def.code, title: def.title, rows };
  } catch (e) {
    if (isAreaOutOfSight(e)) throw notFound();
    throw e;
  }
}
