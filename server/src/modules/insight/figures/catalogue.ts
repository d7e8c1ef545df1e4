import type { FigureDefinition } from '#server/catalogue/figure.ts';
import { exemptionFigures } from '#server/modules/cadres/compliance/figures.ts';
import { workLogFigures } from '#server/modules/cadres/work-logs/figures.ts';
import { accountFigures } from '#server/modules/registry/accounts/figures.ts';
import { areaFigures } from '#server/modules/registry/areas/figures.ts';
import { memberFigures } from '#server/modules/registry/members/figures.ts';
import { orgFigures } from '#server/modules/registry/orgs/figures.ts';
import { residentFigures } from '#server/modules/registry/residents/figures.ts';
import { unitFigures } from '#server/modules/registry/units/figures.ts';

/**
 * Every figure, in the order the catalogue lists them: the registries, then the work of the
 * dispatched secretaries. A domain adds its figures in its own `figures.ts` and one line here.
 */
export const FIGURE_CATALOGUE: readonly FigureDefinition[] = [
  ...areaFigures,
  ...orgFigures,
  ...unitFigures,
  ...memberFigures,
  ...residentFigures,
  ...accountFigures,
  ...workLogFigures,
  ...exemptionFigures,
];
