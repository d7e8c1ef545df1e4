import {
  type ExcelEntity,
  IMPORT_PREVIEW_ERRORS,
  type ImportError,
  type ImportPreview,
  type ImportResult,
  type Locale,
  maskIdNumber,
  maskPhone,
} from '@gongjian/common';
import type {
  ImportRecord,
  MemberExportRow,
  ResidentExportRow,
  StagedError,
  UnitExportRow,
} from './queries.ts';
import type { DictIndex } from './refs.ts';
import type { OutCell } from './writer.ts';

/** A staged import on the wire, its errors in the caller's language. */
export function presentImport(
  row: ImportRecord,
  invalid: { rowNo: number; errors: StagedError[] }[],
  errorCount: number,
  locale: Locale,
): ImportPreview {
  const errors: ImportError[] = [];
  for (const r of invalid) {
    for (const e of r.errors) {
      if (errors.length >= IMPORT_PREVIEW_ERRORS) break;
      errors.push({ row: r.rowNo, column: e.column, field: e.field, message: e.message[locale] });
    }
  }
  return {
    id: row.id,
    entity: row.entity as ExcelEntity,
    status: row.status as ImportPreview['status'],
    fileName: row.fileName,
    total: row.total,
    valid: row.valid,
    invalid: row.invalid,
    creates: row.creates,
    updates: row.updates,
    unchanged: row.unchanged,
    errors,
    errorCount,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    committedAt: row.committedAt?.toISOString() ?? null,
    result: (row.result as ImportResult | null) ?? null,
  };
}

/** The reason cell of a rejected row: each error with the column it concerns. */
export function reasonText(errors: StagedError[], locale: Locale): string {
  const sep = locale === 'en' ? ': ' : '：';
  return errors
    .map((e) => (e.column ? `${e.column}${sep}${e.message[locale]}` : e.message[locale]))
    .join(locale === 'en' ? '; ' : '；');
}

/** An export row's cells by field; the writer puts them in the template's column order. */
export type Cells = Record<string, OutCell>;

/** Labels of a record's district dictionaries, or the codes when a label is missing. */
export interface Labels {
  get(type: string): DictIndex | undefined;
}

const genderLabel = (g: string | null, locale: Locale) =>
  g === null ? null : locale === 'en' ? g : g === 'male' ? '男' : '女';
const label = (labels: Labels, type: string, code: string, locale: Locale) =>
  labels.get(type)?.label(code, locale === 'en') ?? code;
const labelList = (labels: Labels, type: string, codes: string[], locale: Locale) =>
  codes.map((c) => label(labels, type, c, locale)).join(locale === 'en' ? ', ' : '，');

/**
 * A member as an export row with the template's fields, so the file imports back unchanged. References
 * travel as codes (credit code, organisation code) where they have one, else by name; phone and
 * ID numbers are masked unless the export was revealed.
 */
export function memberCells(r: MemberExportRow, labels: Labels, locale: Locale, reveal: boolean): Cells {
  return {
    name: r.name,
    gender: genderLabel(r.gender, locale),
    idNumber: reveal ? r.idNumber : maskIdNumber(r.idNumber),
    phone: reveal ? r.phone : maskPhone(r.phone),
    areaId: r.areaCode,
    category: label(labels, 'member_category', r.category, locale),
    joinDate: r.joinDate,
    unitId: r.unitCreditCode ?? r.unitName,
    orgId: r.orgCode ?? r.orgName,
    skills: labelList(labels, 'skill', r.skills, locale),
    roles: labelList(labels, 'member_role', r.roles, locale),
    note: r.note,
  };
}

/** A unit as an export row (contact phone masked unless revealed). */
export function unitCells(r: UnitExportRow, labels: Labels, locale: Locale, reveal: boolean): Cells {
  return {
    name: r.name,
    creditCode: r.creditCode,
    type: label(labels, 'unit_type', r.type, locale),
    areaId: r.areaCode,
    address: r.address,
    contactName: r.contactName,
    contactPhone: reveal ? r.contactPhone : maskPhone(r.contactPhone),
    memberCount: r.memberCount,
    note: r.note,
  };
}

/** A resident as an export row. */
export function residentCells(r: ResidentExportRow, locale: Locale, reveal: boolean): Cells {
  return {
    name: r.name,
    gender: genderLabel(r.gender, locale),
    idNumber: reveal ? r.idNumber : maskIdNumber(r.idNumber),
    phone: reveal ? r.phone : maskPhone(r.phone),
    areaId: r.areaCode,
    address: r.address,
    unitId: r.unitCreditCode ?? r.unitName,
    note: r.note,
  };
}
