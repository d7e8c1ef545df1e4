import type { DictType, ExcelEntity, Locale } from '@gongjian/common';

/**
 * How a column's cells are read. `dict`/`dictList` take labels or codes of a dictionary type;
 * `area`, `unitRef` and `orgRef` name a record by code (or credit code, or name).
 */
export type ColumnKind =
  | 'text'
  | 'creditCode'
  | 'idNumber'
  | 'phone'
  | 'date'
  | 'int'
  | 'gender'
  | 'dict'
  | 'dictList'
  | 'area'
  | 'unitRef'
  | 'orgRef';

type Bilingual = Record<Locale, string>;

/** One column of an entity's sheet: the record field it feeds and how the template presents it. */
export interface Column {
  /** The field of the registry's create schema this column fills. */
  field: string;
  header: Bilingual;
  /**
   * Headers this column had before, still recognised on upload: templates and exports already
   * downloaded keep importing.
   */
  formerHeaders?: readonly string[];
  required: boolean;
  kind: ColumnKind;
  dict?: DictType;
  /** What to write, shown as the header cell's note and on the instructions sheet. */
  hint: Bilingual;
  /** The template's example row. */
  example: Bilingual;
  width: number;
}

const col = (c: Column) => c;

const NAME_HINT = { 'zh-CN': '最多 100 个字', en: 'Up to 100 characters' };
const ID_HINT = {
  'zh-CN': '18 位居民身份证号，校验位须正确；请保持文本格式',
  en: '18-character resident ID number with a valid check character; keep the cell as text',
};
const PHONE_HINT = { 'zh-CN': '11 位手机号', en: '11-digit mobile number' };
const GENDER_HINT = { 'zh-CN': '男 或 女', en: 'male or female' };
const NOTE_HINT = { 'zh-CN': '最多 500 个字', en: 'Up to 500 characters' };
const LIST_HINT = (what: Bilingual): Bilingual => ({
  'zh-CN': `${what['zh-CN']}，可填名称或编码，多个用逗号分隔（见“选项”表）`,
  en: `${what.en}: labels or codes, several separated by commas (see the Options sheet)`,
});
const DICT_HINT = (what: Bilingual): Bilingual => ({
  'zh-CN': `${what['zh-CN']}，从下拉列表选择，也可填编码`,
  en: `${what.en}: pick from the drop-down, or give the code`,
});
const AREA_HINT = (levels: Bilingual): Bilingual => ({
  'zh-CN': `区域编码，或从上到下的区域名称（见“区域”表的“名称路径”），如“长兴镇/潘园社区/3号楼”：可从任一级写起（区、街镇或您所辖区域的下级），中间层级可省略，用 / ＞ > 或 - 分隔；须为${levels['zh-CN']}`,
  en: `Area code, or the area names top down (see the Name path column of the Areas sheet), e.g. "Changxing/Panyuan/Building 3": start at any level (district, street, or below your own area), levels in between may be left out, separated by / > or -; must be ${levels.en}`,
});

/** The note column every sheet ends with. */
const NOTE_COLUMN = col({
  field: 'note',
  header: { 'zh-CN': '备注', en: 'Note' },
  required: false,
  kind: 'text',
  hint: NOTE_HINT,
  example: { 'zh-CN': '', en: '' },
  width: 24,
});

/** Columns of the units sheet; natural key: the credit code, else area and name. */
export const UNIT_COLUMNS: Column[] = [
  col({
    field: 'name',
    header: { 'zh-CN': '单位名称', en: 'Unit name' },
    required: true,
    kind: 'text',
    hint: NAME_HINT,
    example: { 'zh-CN': '【示例】长兴供电服务中心', en: '[Example] Changxing Power Services' },
    width: 28,
  }),
  col({
    field: 'creditCode',
    header: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
    required: false,
    kind: 'creditCode',
    hint: {
      'zh-CN': '18 位统一社会信用代码；填写后按此识别已有单位，未填则按区域和单位名称识别',
      en: '18-character unified social credit code; identifies an existing unit (else area and name do)',
    },
    example: { 'zh-CN': '91310151MA1FL0TQ6N', en: '91310151MA1FL0TQ6N' },
    width: 22,
  }),
  col({
    field: 'type',
    header: { 'zh-CN': '单位类型', en: 'Unit type' },
    required: true,
    kind: 'dict',
    dict: 'unit_type',
    hint: DICT_HINT({ 'zh-CN': '单位类型', en: 'Unit type' }),
    example: { 'zh-CN': '国有企业', en: 'State-owned enterprise' },
    width: 16,
  }),
  col({
    field: 'areaId',
    header: { 'zh-CN': '所在区域（编码或名称路径）', en: 'Area (code or name path)' },
    formerHeaders: ['所在区域编码', 'Area code'],
    required: true,
    kind: 'area',
    hint: AREA_HINT({ 'zh-CN': '您管辖范围内的节点', en: 'a node in your scope' }),
    example: { 'zh-CN': '', en: '' },
    width: 18,
  }),
  col({
    field: 'address',
    header: { 'zh-CN': '地址', en: 'Address' },
    required: false,
    kind: 'text',
    hint: { 'zh-CN': '最多 200 个字', en: 'Up to 200 characters' },
    example: { 'zh-CN': '长兴镇潘园公路 1 号', en: '1 Panyuan Road' },
    width: 28,
  }),
  col({
    field: 'contactName',
    header: { 'zh-CN': '联系人', en: 'Contact' },
    required: false,
    kind: 'text',
    hint: { 'zh-CN': '最多 50 个字', en: 'Up to 50 characters' },
    example: { 'zh-CN': '王伟', en: 'Wang Wei' },
    width: 12,
  }),
  col({
    field: 'contactPhone',
    header: { 'zh-CN': '联系电话', en: 'Contact phone' },
    required: false,
    kind: 'phone',
    hint: PHONE_HINT,
    example: { 'zh-CN': '13800138000', en: '13800138000' },
    width: 15,
  }),
  col({
    field: 'memberCount',
    header: { 'zh-CN': '党员人数', en: 'Party members' },
    required: false,
    kind: 'int',
    hint: { 'zh-CN': '单位申报的党员人数（整数）', en: 'Party members the unit declares (whole number)' },
    example: { 'zh-CN': '35', en: '35' },
    width: 10,
  }),
  NOTE_COLUMN,
];

/**
 * The person columns members and residents share (name, gender, ID number, mobile, area); the
 * registries differ in what is required, how the ID number identifies a record, which area a
 * person is registered at, and examples.
 */
function personColumns(p: {
  genderRequired: boolean;
  idRequired: boolean;
  /** What the ID number does for this registry, after the common ID hint. */
  idRole: Bilingual;
  /** The area column's header and the tree levels it accepts. */
  area: { header: Bilingual; formerHeaders: readonly string[]; levels: Bilingual };
  examples: { name: Bilingual; gender: Bilingual; idNumber: string; phone: string };
}): Column[] {
  return [
    col({
      field: 'name',
      header: { 'zh-CN': '姓名', en: 'Name' },
      required: true,
      kind: 'text',
      hint: NAME_HINT,
      example: p.examples.name,
      width: 14,
    }),
    col({
      field: 'gender',
      header: { 'zh-CN': '性别', en: 'Gender' },
      required: p.genderRequired,
      kind: 'gender',
      hint: GENDER_HINT,
      example: p.examples.gender,
      width: 8,
    }),
    col({
      field: 'idNumber',
      header: { 'zh-CN': '身份证号', en: 'ID number' },
      required: p.idRequired,
      kind: 'idNumber',
      hint: { 'zh-CN': `${ID_HINT['zh-CN']}；${p.idRole['zh-CN']}`, en: `${ID_HINT.en}; ${p.idRole.en}` },
      example: { 'zh-CN': p.examples.idNumber, en: p.examples.idNumber },
      width: 21,
    }),
    col({
      field: 'phone',
      header: { 'zh-CN': '手机号', en: 'Mobile' },
      required: false,
      kind: 'phone',
      hint: PHONE_HINT,
      example: { 'zh-CN': p.examples.phone, en: p.examples.phone },
      width: 14,
    }),
    col({
      field: 'areaId',
      header: p.area.header,
      formerHeaders: p.area.formerHeaders,
      required: true,
      kind: 'area',
      hint: AREA_HINT(p.area.levels),
      example: { 'zh-CN': '', en: '' },
      width: 20,
    }),
  ];
}

/**
 * The work-unit (employer) column of members and residents: any registered unit of the district,
 * wherever it sits — employment is a reference, not a scope.
 */
const workUnitColumn = (extra: Bilingual) =>
  col({
    field: 'unitId',
    header: { 'zh-CN': '工作单位', en: 'Work unit' },
    required: false,
    kind: 'unitRef',
    hint: {
      'zh-CN': `本区任一已登记单位（不限本辖区）的统一社会信用代码或单位名称${extra['zh-CN']}`,
      en: `Credit code or name of any registered unit of the district (not only in your area)${extra.en}`,
    },
    example: { 'zh-CN': '', en: '' },
    width: 24,
  });

/** Columns of the party-members sheet; natural key: the ID number. */
export const MEMBER_COLUMNS: Column[] = [
  ...personColumns({
    genderRequired: true,
    idRequired: true,
    idRole: {
      'zh-CN': '按身份证号识别已有党员，出生日期取自身份证号',
      en: 'identifies an existing member, and gives the birth date',
    },
    area: {
      header: { 'zh-CN': '居住区域（编码或名称路径）', en: 'Residence area (code or name path)' },
      formerHeaders: ['居住区域编码', 'Residence area code'],
      levels: { 'zh-CN': '社区、小区或楼栋', en: 'a community, compound or building' },
    },
    examples: {
      name: { 'zh-CN': '【示例】张伟', en: '[Example] Zhang Wei' },
      gender: { 'zh-CN': '男', en: 'male' },
      idNumber: '310151198507120015',
      phone: '13800138000',
    },
  }),
  col({
    field: 'category',
    header: { 'zh-CN': '党员分类', en: 'Category' },
    required: true,
    kind: 'dict',
    dict: 'member_category',
    hint: DICT_HINT({ 'zh-CN': '七类管理分类', en: 'Management category' }),
    example: { 'zh-CN': '在职党员（特长式）', en: 'In-service' },
    width: 20,
  }),
  col({
    field: 'joinDate',
    header: { 'zh-CN': '入党日期', en: 'Join date' },
    required: false,
    kind: 'date',
    hint: { 'zh-CN': 'YYYY-MM-DD，须晚于出生日期', en: 'YYYY-MM-DD, after the birth date' },
    example: { 'zh-CN': '2010-07-01', en: '2010-07-01' },
    width: 12,
  }),
  workUnitColumn({
    'zh-CN': '；单位管理员导入时默认为本单位',
    en: '; a unit admin’s own unit when left empty',
  }),
  col({
    field: 'orgId',
    header: { 'zh-CN': '所属党组织', en: 'Party organisation' },
    required: false,
    kind: 'orgRef',
    hint: { 'zh-CN': '党组织编码或名称', en: 'Code or name of the party organisation' },
    example: { 'zh-CN': '', en: '' },
    width: 24,
  }),
  col({
    field: 'skills',
    header: { 'zh-CN': '特长', en: 'Skills' },
    required: false,
    kind: 'dictList',
    dict: 'skill',
    hint: LIST_HINT({ 'zh-CN': '党员特长', en: 'Skills' }),
    example: { 'zh-CN': '医疗保健，法律咨询', en: 'Medical care, Legal advice' },
    width: 20,
  }),
  col({
    field: 'roles',
    header: { 'zh-CN': '岗位', en: 'Roles' },
    required: false,
    kind: 'dictList',
    dict: 'member_role',
    hint: LIST_HINT({ 'zh-CN': '党员岗位', en: 'Roles' }),
    example: { 'zh-CN': '楼栋长', en: 'Building head' },
    width: 16,
  }),
  NOTE_COLUMN,
];

/** Columns of the residents sheet; natural key: the ID number, else area, name and phone. */
export const RESIDENT_COLUMNS: Column[] = [
  ...personColumns({
    genderRequired: false,
    idRequired: false,
    idRole: {
      'zh-CN': '填写后按此识别已有居民，未填则按区域、姓名和手机号识别',
      en: 'identifies an existing resident (else area, name and mobile do)',
    },
    area: {
      header: { 'zh-CN': '所属区域（编码或名称路径）', en: 'Area (code or name path)' },
      formerHeaders: ['所属区域编码', 'Area code'],
      levels: { 'zh-CN': '社区或其下级节点', en: 'a community or a node below it' },
    },
    examples: {
      name: { 'zh-CN': '【示例】李娜', en: '[Example] Li Na' },
      gender: { 'zh-CN': '女', en: 'female' },
      idNumber: '310151199203150025',
      phone: '13900139000',
    },
  }),
  col({
    field: 'address',
    header: { 'zh-CN': '住址', en: 'Address' },
    required: false,
    kind: 'text',
    hint: { 'zh-CN': '最多 200 个字', en: 'Up to 200 characters' },
    example: { 'zh-CN': '3 号楼 2 单元 301 室', en: 'Building 3, Unit 2, Room 301' },
    width: 28,
  }),
  workUnitColumn({ 'zh-CN': '', en: '' }),
  NOTE_COLUMN,
];

/** Each entity's columns, in sheet order. */
export const COLUMNS: Record<ExcelEntity, Column[]> = {
  units: UNIT_COLUMNS,
  members: MEMBER_COLUMNS,
  residents: RESIDENT_COLUMNS,
};

/** The name of each entity's data sheet. */
export const SHEET_NAMES: Record<ExcelEntity, Bilingual> = {
  units: { 'zh-CN': '单位', en: 'Units' },
  members: { 'zh-CN': '党员', en: 'Members' },
  residents: { 'zh-CN': '居民', en: 'Residents' },
};

/** Header text as the template writes it: required columns end in `*`. */
export const headerText = (c: Column, locale: Locale) => `${c.header[locale]}${c.required ? '*' : ''}`;

/** Headers compare without the required mark, spaces, case or the width of brackets, in either language. */
const normalise = (text: string) =>
  text
    .replace(/[*＊\s]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();

/** Which column a header cell names, if any. */
export function columnForHeader(columns: readonly Column[], text: string): Column | undefined {
  const key = normalise(text);
  if (!key) return undefined;
  return columns.find(
    (c) =>
      normalise(c.header['zh-CN']) === key ||
      normalise(c.header.en) === key ||
      (c.formerHeaders ?? []).some((h) => normalise(h) === key),
  );
}

/** Rows whose first cell starts with this are the template's example and are skipped. */
export const EXAMPLE_MARKS = ['【示例】', '[Example]'];
