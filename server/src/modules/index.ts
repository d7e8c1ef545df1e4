import type { RoutesPlugin } from '../http/types.ts';
import { accountRoutes } from './accounts/routes.ts';
import { areaRoutes } from './areas/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { healthRoutes } from './health/routes.ts';

/** Every module's routes, mounted under `/api` by `app.ts`. */
export const moduleRoutes: RoutesPlugin[] = [healthRoutes, authRoutes, areaRoutes, accountRoutes];
