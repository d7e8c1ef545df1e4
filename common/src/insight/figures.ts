import { z } from 'zod';
import { localizedSchema } from '../cadres/duties.ts';

/**
 * Where a figure's row leads: the desk list (`list`, a path of the web app) and its endpoint
 * (`api`), with the query under which that endpoint's `total` is the row's value.
 */
export const figureDrillSchema = z.object({
  list: z.string().describe('desk page of the list, e.g. /members'),
  api: z.string().describe('the list endpoint the page reads, e.g. /api/members'),
  query: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe("the list's own query: GET api?query answers the row's value as its total"),
});
export type FigureDrill = z.infer<typeof figureDrillSchema>;

/** One row of a figure: a single number is one row (`key: 'total'`), a group-by one per group. */
export const figureRowSchema = z.object({
  key: z.string().describe('the group (a category code, a level…), or `total`'),
  label: localizedSchema.optional(),
  value: z.number().int().min(0),
  drill: figureDrillSchema,
});
export type FigureRow = z.infer<typeof figureRowSchema>;

/** `GET /api/figures/<code>`: the figure's rows, computed now in the caller's scope. */
export const figureResultSchema = z.object({
  code: z.string(),
  title: localizedSchema,
  rows: z.array(figureRowSchema),
});
export type FigureResult = z.infer<typeof figureResultSchema>;

/** `GET /api/figures`: the figures the caller may read, with the parameters each takes. */
export const figureCatalogueResponse = z.object({
  data: z.array(
    z.object({
      code: z.string(),
      title: localizedSchema,
      /** Desk path of the list it drills into. */
      list: z.string(),
      params: z.array(z.string()),
    }),
  ),
});
export type FigureCatalogue = z.infer<typeof figureCatalogueResponse>;
