import type { RoutesPlugin } from '../http/types.ts';
import { accountRoutes } from './accounts/routes.ts';
import { appointmentRoutes } from './appointments/routes.ts';
import { areaRoutes } from './areas/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { batchRoutes } from './batches/routes.ts';
import { complianceRoutes } from './compliance/routes.ts';
import { coverageRoutes } from './coverage/routes.ts';
import { dictionaryRoutes } from './dictionaries/routes.ts';
import { dutyRuleRoutes } from './duty-rules/routes.ts';
import { excelRoutes } from './excel/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { memberRoutes } from './members/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { orgRoutes } from './orgs/routes.ts';
import { residentRoutes } from './residents/routes.ts';
import { todoRoutes } from './todos/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { workLogRoutes } from './worklogs/routes.ts';

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
  excelRoutes,
  appointmentRoutes,
  batchRoutes,
  workLogRoutes,
  dutyRuleRoutes,
  complianceRoutes,
  coverageRoutes,
  notificationRoutes,
  todoRoutes,
];
