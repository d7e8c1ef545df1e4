import { z } from 'zod';
import {
  appointmentKindListQuery,
  appointmentListQuery,
  batchListQuery,
  programmeListQuery,
} from './cadres/appointments.ts';
import { complianceBoardQuery, dutyExemptionListQuery } from './cadres/compliance.ts';
import { coverageListQuery, coverageStatusQuery, coverageVisitsQuery } from './cadres/coverage.ts';
import { workLogListQuery } from './cadres/work-logs.ts';
import { endpoint } from './contract.ts';
import { revealQuery } from './list.ts';
import { accountListQuery } from './registry/accounts.ts';
import { areaListQuery } from './registry/areas.ts';
import { dictListQuery } from './registry/dictionaries.ts';
import { memberListQuery } from './registry/members.ts';
import { orgListQuery } from './registry/orgs.ts';
import { residentListQuery } from './registry/residents.ts';
import { unitListQuery } from './registry/units.ts';
import { auditListQuery, auditRange } from './system/audit.ts';

/** The registries that import from and export to Excel. */
export const EXCEL_ENTITIES = ['units', 'members', 'residents'] as const;
export type ExcelEntity = (typeof EXCEL_ENTITIES)[number];

/** The largest workbook an import accepts, in bytes. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** The most data rows one import may hold. */
export const IMPORT_MAX_ROWS = 200_000;
/** How many row errors a preview lists; the rejected-rows workbook always has all of them. */
export const IMPORT_PREVIEW_ERRORS = 1000;

/** The xlsx media type, for downloads and uploads. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `:entity` of the Excel routes. */
export const excelEntityParams = z.object({ entity: z.enum(EXCEL_ENTITIES) });

/** `:id` of a staged import. */
export const importIdParams = z.object({ id: z.uuid() });

/** `GET /api/excel/:entity/template`: the platform admin may name the district whose lists to use. */
export const templateQuery = z.object({
  districtId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
});

/**
 * Commit a staged import. `all` imports nothing unless every row is valid; `valid_only` imports
 * the valid rows and leaves the rest for the rejected-rows workbook.
 */
export const importCommitBody = z.object({ mode: z.enum(['all', 'valid_only']) });
export type ImportCommitBody = z.infer<typeof importCommitBody>;

/** One bad cell (or row, when `column` is null) of an uploaded workbook. */
export const importErrorSchema = z.object({
  /** The row number as Excel shows it. */
  row: z.number(),
  /** The column's header text as written in the file. */
  column: z.string().nullable(),
  /** The record field the column feeds. */
  field: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

/** What a commit did. */
export const importResultSchema = z.object({
  mode: z.enum(['all', 'valid_only']),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** Invalid rows left out. */
  skipped: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/**
 * A staged import: counts by outcome (`creates + updates + unchanged = valid`) and the errors of
 * the invalid rows (the first `IMPORT_PREVIEW_ERRORS`, in row order; `errorCount` counts all).
 */
export const importPreviewSchema = z.object({
  id: z.string(),
  entity: z.enum(EXCEL_ENTITIES),
  status: z.enum(['staged', 'committed']),
  fileName: z.string().nullable(),
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  creates: z.number(),
  updates: z.number(),
  unchanged: z.number(),
  errors: z.array(importErrorSchema),
  errorCount: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  committedAt: z.string().nullable(),
  result: importResultSchema.nullable(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

const withReveal = { reveal: revealQuery.shape.reveal };

/** `GET /api/excel/units/export`: the unit list's filters, every matching row, `reveal` for admins. */
export const unitExportQuery = unitListQuery
  .omit({ page: true, pageSize: true, after: true })
  .extend(withReveal);
export type UnitExportQuery = z.infer<typeof unitExportQuery>;

/** `GET /api/excel/members/export`: the member list's filters. */
export const memberExportQuery = memberListQuery
  .omit({ page: true, pageSize: true, after: true })
  .extend(withReveal);
export type MemberExportQuery = z.infer<typeof memberExportQuery>;

/** `GET /api/excel/residents/export`: the resident list's filters. */
export const residentExportQuery = residentListQuery
  .omit({ page: true, pageSize: true, after: true })
  .extend(withReveal);
export type ResidentExportQuery = z.infer<typeof residentExportQuery>;

/**
 * The other lists of the desk that export (read-only: no template, no import). Each name is the
 * list's own path, so `GET /api/<name>` and `GET /api/excel/<name>/export` take the same filters.
 */
export const LIST_EXPORTS = [
  'areas',
  'orgs',
  'accounts',
  'dictionaries',
  'audit',
  'appointment-kinds',
  'appointments',
  'work-programmes',
  'batches',
  'work-logs',
  // The duty and coverage screens, named by their path with `-` for `/`.
  'compliance-board',
  'duty-exemptions',
  'coverage-assignments',
  'coverage-status',
  'coverage-visits',
] as const;
export type ListExportName = (typeof LIST_EXPORTS)[number];

const NO_PAGING = { page: true, pageSize: true } as const;

/** `GET /api/excel/areas/export`: the tree-node list's filters. */
export const areaExportQuery = areaListQuery.omit(NO_PAGING);
export type AreaExportQuery = z.infer<typeof areaExportQuery>;

/** `GET /api/excel/orgs/export`: the party-organisation list's filters. */
export const orgExportQuery = orgListQuery.omit(NO_PAGING);
export type OrgExportQuery = z.infer<typeof orgExportQuery>;

/** `GET /api/excel/accounts/export`: the account list's filters. */
export const accountExportQuery = accountListQuery.omit(NO_PAGING);
export type AccountExportQuery = z.infer<typeof accountExportQuery>;

/** `GET /api/excel/dictionaries/export`: the dictionary-item list's filters. */
export const dictExportQuery = dictListQuery.omit(NO_PAGING);
export type DictExportQuery = z.infer<typeof dictExportQuery>;

/**
 * `GET /api/excel/audit/export`: the audit list's filters (no `reveal`: the trail keeps phone and
 * ID numbers masked). The list schema's date-order rule is restated: zod cannot omit fields from
 * a refined object.
 */
export const auditExportQuery = z
  .object(auditListQuery.shape)
  .omit(NO_PAGING)
  .refine(
    (q) => {
      const r = auditRange(q.from, q.to);
      return !r.from || !r.before || r.from < r.before;
    },
    { error: 'v.dateOrder', path: ['to'] },
  );
export type AuditExportQuery = z.infer<typeof auditExportQuery>;

/** `GET /api/excel/appointment-kinds/export`: the kind list's filters (the platform names a district). */
export const appointmentKindExportQuery = appointmentKindListQuery.omit(NO_PAGING);
export type AppointmentKindExportQuery = z.infer<typeof appointmentKindExportQuery>;

/** `GET /api/excel/appointments/export`: the appointment list's filters. */
export const appointmentExportQuery = appointmentListQuery.omit(NO_PAGING);
export type AppointmentExportQuery = z.infer<typeof appointmentExportQuery>;

/** `GET /api/excel/work-programmes/export`: the work-programme list's filters. */
export const programmeExportQuery = programmeListQuery.omit(NO_PAGING);
export type ProgrammeExportQuery = z.infer<typeof programmeExportQuery>;

/** `GET /api/excel/batches/export`: the selection-batch list's filters. */
export const batchExportQuery = batchListQuery.omit(NO_PAGING);
export type BatchExportQuery = z.infer<typeof batchExportQuery>;

/** `GET /api/excel/work-logs/export`: the work-log list's filters. */
export const workLogExportQuery = workLogListQuery.omit({ ...NO_PAGING, after: true });
export type WorkLogExportQuery = z.infer<typeof workLogExportQuery>;

/**
 * `GET /api/excel/compliance-board/export`: the board's own query (area, kind, sending unit, period
 * and range, replay); the workbook is the board as a ledger.
 */
export const complianceBoardExportQuery = complianceBoardQuery;
export type ComplianceBoardExportQuery = z.infer<typeof complianceBoardExportQuery>;

/** `GET /api/excel/duty-exemptions/export`: the exemption list's filters. */
export const dutyExemptionExportQuery = dutyExemptionListQuery.omit(NO_PAGING);
export type DutyExemptionExportQuery = z.infer<typeof dutyExemptionExportQuery>;

/** `GET /api/excel/coverage-assignments/export`: the coverage-assignment list's filters. */
export const coverageAssignmentExportQuery = coverageListQuery.omit(NO_PAGING);
export type CoverageAssignmentExportQuery = z.infer<typeof coverageAssignmentExportQuery>;

/** `GET /api/excel/coverage-status/export`: the coverage status report's community (or street) and day. */
export const coverageStatusExportQuery = coverageStatusQuery;
export type CoverageStatusExportQuery = z.infer<typeof coverageStatusExportQuery>;

/** `GET /api/excel/coverage-visits/export`: the visit coverage report's area and period. */
export const coverageVisitsExportQuery = coverageVisitsQuery;
export type CoverageVisitsExportQuery = z.infer<typeof coverageVisitsExportQuery>;

/**
 * `/api/excel`'s JSON endpoints: a staged import read again, and committed. The template, the
 * upload (multipart) and the downloads answer files, not a body a schema describes, and stay
 * registered by hand in server/src/io/excel/routes.ts.
 */
export const excelApi = {
  preview: endpoint('GET', '/excel/imports/:id', {
    tags: ['excel'],
    summary: 'A staged import again: counts and errors',
    params: importIdParams,
    response: importPreviewSchema,
  }),
  commit: endpoint('POST', '/excel/imports/:id/commit', {
    tags: ['excel'],
    summary: 'Write a staged import (`all`: only when every row is valid; `valid_only`)',
    params: importIdParams,
    body: importCommitBody,
    response: importPreviewSchema,
  }),
};
