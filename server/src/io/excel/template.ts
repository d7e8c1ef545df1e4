import { AREA_LEVEL_LABELS, type AreaLevel, type ExcelEntity, type Locale } from '@gongjian/common';
import ExcelJS from 'exceljs';
import { type Column, headerText, SHEET_NAMES } from './columns.ts';

/** An area the caller may name, as the template's area sheet lists it. */
export interface TemplateArea {
  code: string;
  name: string;
  level: AreaLevel;
  /** Names from the top of the caller's scope down to the node, e.g. "长兴镇 / 凤凰社区". */
  place: string;
}

/** What a template is built from. */
export interface TemplateInput {
  entity: ExcelEntity;
  columns: Column[];
  locale: Locale;
  /** Labels of each dictionary column's options, by field. */
  options: Record<string, string[]>;
  /** The nodes the caller may name in the area column. */
  areas: TemplateArea[];
}

/** Rows of the data sheet that carry drop-downs and text formatting. */
const FORMATTED_ROWS = 10_000;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

const TEXT = {
  instructions: { 'zh-CN': '填写说明', en: 'Instructions' },
  options: { 'zh-CN': '选项', en: 'Options' },
  areas: { 'zh-CN': '区域', en: 'Areas' },
  column: { 'zh-CN': '列名', en: 'Column' },
  required: { 'zh-CN': '必填', en: 'Required' },
  howTo: { 'zh-CN': '填写要求', en: 'What to enter' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
  areaCode: { 'zh-CN': '区域编码', en: 'Area code' },
  areaName: { 'zh-CN': '名称', en: 'Name' },
  areaLevel: { 'zh-CN': '层级', en: 'Level' },
  // The node's names from the street down: a name path the area column accepts as it stands.
  areaPlace: { 'zh-CN': '名称路径', en: 'Name path' },
  pick: { 'zh-CN': '请从下拉列表中选择，或填写编码', en: 'Pick from the list, or give the code' },
  pickArea: {
    'zh-CN': '请从下拉列表中选择区域编码，或填写名称路径（如 长兴镇/潘园社区/3号楼）',
    en: 'Pick an area code from the list, or give a name path (e.g. Changxing/Panyuan/Building 3)',
  },
} satisfies Record<string, Record<Locale, string>>;

const GENERAL: Record<Locale, string[]> = {
  'zh-CN': [
    '1. 在第一个工作表中从第 3 行起逐行填写，每行一条记录；表头（第 1 行）请勿修改，列的顺序可以调整。',
    '2. 第 2 行是示例（姓名或名称以“【示例】”开头），导入时自动忽略，可保留或删除。',
    '3. 带 * 的列必填。已有记录按下表说明的关键列识别：识别到的记录被更新，其余新增。',
    '4. 更新已有记录时，空白单元格保留系统中的原值；要清空某项请在系统中编辑。',
    '5. 身份证号、手机号等长数字请保持“文本”格式，否则 Excel 会改掉末几位。',
    '6. 带下拉列表的列可选择名称，也可填写编码；多选列用逗号分隔。区域可填编码，也可填从上到下的区域名称（如“长兴镇/潘园社区/3号楼”），见“区域”工作表。',
    '7. 上传后先预览：每个错误单元格都会列出原因。可以修正后重新上传，也可以只导入正确的行；出错的行可下载为带“错误原因”列的工作簿。',
    '8. 同一文件重复导入不会产生重复记录；导出的列表（含脱敏号码）可直接修改后导回。',
  ],
  en: [
    '1. Fill the first sheet from row 3, one record per row; keep the header row (row 1) as it is — columns may be reordered.',
    '2. Row 2 is an example (its name starts with “[Example]”) and is skipped on import; keep or delete it.',
    '3. Columns marked * are required. Existing records are recognised by the key columns below: those are updated, the rest added.',
    '4. When a record exists, blank cells keep its stored values; clear a value by editing the record instead.',
    '5. Keep long numbers (ID numbers, phones) formatted as text, or Excel changes their last digits.',
    '6. Drop-down columns take the label or the code; multi-value columns take several separated by commas. Areas take the code or the names top down (e.g. “Changxing/Panyuan/Building 3”); see the Areas sheet.',
    '7. The upload is previewed first with the reason for every bad cell. Fix and re-upload, or import the valid rows only; the bad rows download as a workbook with a Reason column.',
    '8. Importing the same file again creates no duplicates; an exported list (masked numbers included) can be edited and imported back.',
  ],
};

/** exceljs supports data validations on worksheets but leaves them out of its type declarations. */
interface WithValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

const quoteSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;
const colLetter = (n: number) => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/**
 * The import template of a registry: the data sheet (headers in the caller's language with the
 * other language and the rules in each header's note, an example row, drop-downs for dictionary,
 * gender and area columns, text format for long numbers), the instructions, the options of each
 * drop-down and the caller's areas.
 */
export async function buildTemplate(input: TemplateInput): Promise<Buffer> {
  const { columns, locale, options, areas } = input;
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongjian';
  wb.created = new Date();

  const data = wb.addWorksheet(SHEET_NAMES[input.entity][locale], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const help = wb.addWorksheet(TEXT.instructions[locale]);
  const optionSheetName = TEXT.options[locale];
  const optionSheet = wb.addWorksheet(optionSheetName);
  const areaSheetName = TEXT.areas[locale];
  const areaSheet = wb.addWorksheet(areaSheetName);

  // Options: one column per dictionary column, its labels underneath.
  const optionRanges: Record<string, string> = {};
  columns
    .filter((c) => options[c.field])
    .forEach((c, i) => {
      const items = options[c.field] ?? [];
      const letter = colLetter(i + 1);
      optionSheet.getColumn(i + 1).width = Math.max(16, c.width);
      const head = optionSheet.getCell(`${letter}1`);
      head.value = c.header[locale];
      head.font = { bold: true };
      head.fill = HEADER_FILL;
      items.forEach((label, j) => {
        optionSheet.getCell(`${letter}${j + 2}`).value = label;
      });
      if (items.length)
        optionRanges[c.field] = `${quoteSheet(optionSheetName)}!$${letter}$2:$${letter}$${items.length + 1}`;
    });

  // Areas the caller may name.
  areaSheet.columns = [
    { header: TEXT.areaCode[locale], width: 24 },
    { header: TEXT.areaName[locale], width: 20 },
    { header: TEXT.areaLevel[locale], width: 14 },
    { header: TEXT.areaPlace[locale], width: 48 },
  ];
  areaSheet.getRow(1).font = { bold: true };
  areaSheet.getRow(1).fill = HEADER_FILL;
  areaSheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const a of areas) areaSheet.addRow([a.code, a.name, AREA_LEVEL_LABELS[a.level][locale], a.place]);
  const areaRange = areas.length ? `${quoteSheet(areaSheetName)}!$A$2:$A$${areas.length + 1}` : undefined;

  // The data sheet.
  data.columns = columns.map((c) => ({
    header: headerText(c, locale),
    key: c.field,
    width: c.width,
    // Text format keeps 18-digit numbers and leading zeros intact when typed in.
    style: c.kind === 'int' ? {} : { numFmt: '@' },
  }));
  const header = data.getRow(1);
  header.height = 22;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle' };
    cell.note = `${c.hint[locale]}\n(${c.header[other]}${c.required ? '*' : ''})`;
  });
  const example = data.getRow(2);
  columns.forEach((c, i) => {
    const value = c.kind === 'area' ? (areas[0]?.code ?? '') : c.example[locale];
    const cell = example.getCell(i + 1);
    cell.value = c.kind === 'int' && value ? Number(value) : value;
    cell.font = { italic: true, color: { argb: 'FF808080' } };
  });

  const validations = (data as unknown as WithValidations).dataValidations;
  const last = FORMATTED_ROWS + 1;
  columns.forEach((c, i) => {
    const range = `${colLetter(i + 1)}2:${colLetter(i + 1)}${last}`;
    const list = (formula: string, error = TEXT.pick[locale]): ExcelJS.DataValidation => ({
      type: 'list',
      allowBlank: !c.required,
      formulae: [formula],
      showErrorMessage: true,
      // A warning rather than a stop: codes are accepted as well as the listed labels.
      errorStyle: 'warning',
      error,
    });
    if (c.kind === 'gender') validations.add(range, list(locale === 'en' ? '"male,female"' : '"男,女"'));
    else if (c.kind === 'dict' && optionRanges[c.field])
      validations.add(range, list(optionRanges[c.field] ?? ''));
    else if (c.kind === 'area' && areaRange) validations.add(range, list(areaRange, TEXT.pickArea[locale]));
  });

  // Instructions: the general rules, then one line per column.
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 90;
  const title = help.addRow([TEXT.instructions[locale]]);
  title.font = { bold: true, size: 14 };
  for (const line of GENERAL[locale]) {
    const row = help.addRow([line]);
    help.mergeCells(row.number, 1, row.number, 3);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 32;
  }
  help.addRow([]);
  const head = help.addRow([TEXT.column[locale], TEXT.required[locale], TEXT.howTo[locale]]);
  head.font = { bold: true };
  head.fill = HEADER_FILL;
  for (const c of columns) {
    const row = help.addRow([
      headerText(c, locale),
      c.required ? TEXT.yes[locale] : TEXT.no[locale],
      c.hint[locale],
    ]);
    row.getCell(3).alignment = { wrapText: true };
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
