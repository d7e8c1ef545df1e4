import type { RoutesPlugin } from '../http/types.ts';
import { accountRoutes } from './accounts/routes.ts';
import { areaRoutes } from './areas/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { dictionaryRoutes } from './dictionaries/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { memberRoutes } from './members/routes.ts';
import { orgRoutes } from './orgs/routes.ts';
import { residentRoutes } from './residents/routes.ts';
import { unitRoutes } from './units/routes.ts';

/** Every module's routes, mounted under `/api` by `app.ts`. */
export const moduleRoutes: RoutesPlugin[] = [
  healthRoutes,
  authRoutes,
  areaRoutes,
  accountRoutes,
  dictionaryRoutes,
  auditRoutes,
  memberRoutes,
  residentRoutes,
  unitRoutes,
  orgRoutes,
];
