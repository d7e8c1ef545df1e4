import type { RoutesPlugin } from '#server/http/types.ts';
import { excelRoutes } from '#server/io/excel/routes.ts';
import { appointmentRoutes } from './cadres/appointments/routes.ts';
import { batchRoutes } from './cadres/batches/routes.ts';
import { complianceRoutes } from './cadres/compliance/routes.ts';
import { coverageRoutes } from './cadres/coverage/routes.ts';
import { dutyRuleRoutes } from './cadres/duty-rules/routes.ts';
import { workLogRoutes } from './cadres/work-logs/routes.ts';
import { figureRoutes } from './insight/figures/routes.ts';
import { todoRoutes } from './insight/todos/routes.ts';
import { accountRoutes } from './registry/accounts/routes.ts';
import { areaRoutes } from './registry/areas/routes.ts';
import { dictionaryRoutes } from './registry/dictionaries/routes.ts';
import { memberRoutes } from './registry/members/routes.ts';
import { orgRoutes } from './registry/orgs/routes.ts';
import { residentRoutes } from './registry/residents/routes.ts';
import { unitRoutes } from './registry/units/routes.ts';
import { auditRoutes } from './system/audit/routes.ts';
import { authRoutes } from './system/auth/routes.ts';
import { healthRoutes } from './system/health/routes.ts';
import { notificationRoutes } from './system/notifications/routes.ts';

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
  figureRoutes,
];
