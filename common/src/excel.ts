import { z } from 'zod';
import { revealQuery } from './list.ts';
import { memberListQuery } from './members.ts';
import { residentListQuery } from './residents.ts';
import { unitListQuery } from './units.ts';

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
export const unitExportQuery = unitListQuery.omit({ page: true, pageSize: true }).extend(withReveal);
export type UnitExportQuery = z.infer<typeof unitExportQuery>;

/** `GET /api/excel/members/export`: the member list's filters. */
export const memberExportQuery = memberListQuery.omit({ page: true, pageSize: true }).extend(withReveal);
export type MemberExportQuery = z.infer<typeof memberExportQuery>;

/** `GET /api/excel/residents/export`: the resident list's filters. */
export const residentExportQuery = residentListQuery.omit({ page: true, pageSize: true }).extend(withReveal);
export type ResidentExportQuery = z.infer<typeof residentExportQuery>;
