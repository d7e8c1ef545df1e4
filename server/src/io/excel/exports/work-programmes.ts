import { CONDITION_LABELS, type ProgrammeCondition, type ProgrammeExportQuery } from '@gongjian/common';
import type { ProgrammeRow } from '#server/modules/cadres/batches/queries.ts';
import { searchProgrammes } from '#server/modules/cadres/batches/service.ts';
import { DictLabels, joinList, words } from './format.ts';
import type { ListExport } from './run.ts';

type Row = ProgrammeRow & { conditionLines: Record<'zh-CN' | 'en', string> };

/** A condition's words with its parameter, as the desk shows it (≤ 55 周岁; 在职党员、社区党员). */
function conditionText(c: ProgrammeCondition, en: boolean, category: (code: string) => string): string {
  const base = CONDITION_LABELS[c.type][en ? 'en' : 'zh-CN'];
  if (c.type === 'max_age') return `${base} ≤ ${c.years} ${en ? 'years' : '周岁'}`;
  if (c.type === 'category_in')
    return `${base}${en ? ': ' : '：'}${joinList(c.categories.map(category), en ? 'en' : 'zh-CN')}`;
  return base;
}

/** 工作方案: the programmes `GET /api/work-programmes` lists, latest year first. */
export const programmeExport: ListExport<ProgrammeExportQuery, Row> = {
  title: words('工作方案', 'Work programmes'),
  ledger: words('工作方案台账', 'Work programme ledger'),
  columns: [
    { header: words('标题', 'Title'), width: 30, value: (r) => r.title },
    {
      header: words('任职类型', 'Kind'),
      width: 16,
      value: (r, c) => (c.locale === 'en' ? r.kindNameEn : r.kindNameZh),
    },
    { header: words('组织单位', 'Run by'), width: 18, value: (r) => r.areaName },
    { header: words('年度', 'Year'), width: 8, value: (r) => r.year },
    {
      header: words('人选条件（自动审查）', 'Conditions (checked automatically)'),
      width: 40,
      value: (r, c) => r.conditionLines[c.locale] || null,
    },
    { header: words('选派范围', 'Scope'), width: 30, value: (r) => r.scopeText },
    {
      header: words('人选条件（原文）', 'Conditions (as written)'),
      width: 40,
      value: (r) => r.conditionsText,
    },
    { header: words('选派程序', 'Procedure'), width: 30, value: (r) => r.procedureText },
    { header: words('工作职责', 'Duties'), width: 30, value: (r) => r.dutiesText },
    { header: words('管理考核', 'Assessment'), width: 30, value: (r) => r.assessmentText },
    { header: words('批次数', 'Batches'), width: 8, value: (r) => r.batchCount },
  ],
  pages(ctx, q) {
    const dicts = new DictLabels(ctx.db);
    return async (page, pageSize) => {
      const { data, total } = await searchProgrammes(ctx, { ...q, page, pageSize });
      await dicts.load(data.map((r) => r.areaPath));
      const rows = data.map((r) => {
        const lines = (en: boolean) =>
          r.conditions
            .map((c) =>
              conditionText(c, en, (code) =>
                dicts.label(r.areaPath, 'member_category', code, en ? 'en' : 'zh-CN'),
              ),
            )
            .join('\n');
        return { ...r, conditionLines: { 'zh-CN': lines(false), en: lines(true) } };
      });
      return { rows, total };
    };
  },
};
