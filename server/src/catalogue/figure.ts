import type { FigureDrill, FigureRow, Localized } from '@gongjian/common';
import type { z } from 'zod';
import type { Ctx } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';

/**
 * A list a figure drills into: the desk page that shows it and the API endpoint (under `/api`)
 * that page reads. A figure's value is that endpoint's `total` for the drill's query.
 */
export interface FigureList {
  /** The desk path (`/exemptions`). */
  path: string;
  /** The list endpoint, as mounted (`/api/duty-exemptions`). */
  api: `/api/${string}`;
}

/**
 * One figure (统计数): a count, or one GROUP BY of counts, over a list's own filter. A domain
 * defines its figures in its module's `figures.ts` (beside `queries.ts`, whose filter it reads)
 * and `modules/insight/figures/catalogue.ts` lists them; nothing else changes to add one.
 *
 * Every row carries the drill to the list that holds exactly the rows it counts — the list's own
 * query, scope included — so the number on a home page is the total one click away.
 */
export interface FigureDefinition<Q extends z.ZodObject = z.ZodObject> {
  /** `<domain>.<what>`, unique in the catalogue; also the last segment of its URL. */
  code: string;
  title: Localized;
  /** The query it takes: a subset of the list's filters (the list's own field schemas, picked). */
  query: Q;
  /** The list every row drills into. */
  list: FigureList;
  /** Whether the caller may read it at all (403 otherwise); the list's own rule. */
  readableBy: (actor: Actor) => boolean;
  /** The rows, in the order a chart draws them; groups with nothing in them are left out. */
  compute: (ctx: Ctx, q: z.output<Q>) => Promise<FigureRow[]>;
}

/** Define a figure, keeping its query's type for `compute` and erasing it for the catalogue. */
export function figure<Q extends z.ZodObject>(def: FigureDefinition<Q>): FigureDefinition {
  return def as unknown as FigureDefinition;
}

/**
 * The drill of a row: the list and the query that yields the row's value as its `total`. Empty
 * values are left out, as the list reads a missing filter.
 */
export function drillTo(
  list: FigureList,
  query: Record<string, string | number | undefined | null>,
): FigureDrill {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') clean[k] = v;
  return { list: list.path, api: list.api, query: clean };
}

/** A figure of one number: the list's total for the query as given. */
export function totalRow(
  list: FigureList,
  query: Record<string, string | number | undefined>,
  value: number,
) {
  return [{ key: 'total', value, drill: drillTo(list, query) }] satisfies FigureRow[];
}
