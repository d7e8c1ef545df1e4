import type { AppointmentKindExportQuery } from '@gongjian/common';
import type { KindRow } from '#server/modules/cadres/appointments/queries.ts';
import { searchKinds } from '#server/modules/cadres/appointments/service.ts';
import { enabledText, words, yesNo } from './format.ts';
import type { ListExport } from './run.ts';

/** 任职类型: the kinds `GET /api/appointment-kinds` lists for the caller's (or the named) district. */
export const appointmentKindExport: ListExport<AppointmentKindExportQuery, KindRow> = {
  title: words('任职类型', 'Appointment kinds'),
  ledger: words('任职类型台账', 'Appointment kind ledger'),
  columns: [
    { header: words('编码', 'Code'), width: 22, value: (r) => r.code },
    { header: words('中文名称', 'Chinese name'), width: 18, value: (r) => r.nameZh },
    { header: words('英文名称', 'English name'), width: 26, value: (r) => r.nameEn },
    { header: words('任期（月）', 'Term (months)'), width: 10, value: (r) => r.termMonths },
    {
      header: words('需要派出单位', 'Needs a sending unit'),
      width: 12,
      value: (r, c) => yesNo(r.needsSendingUnit, c.locale),
    },
    { header: words('职责规则编码', 'Duty policy code'), width: 26, value: (r) => r.dutyPolicyCode },
    { header: words('说明', 'Description'), width: 40, value: (r) => r.description },
    { header: words('排序', 'Order'), width: 8, value: (r) => r.sort },
    { header: words('状态', 'Status'), width: 8, value: (r, c) => enabledText(r.enabled, c.locale) },
    {
      header: words('来源', 'Source'),
      width: 10,
      value: (r, c) =>
        c.locale === 'en' ? (r.builtin ? 'Built-in' : 'Custom') : r.builtin ? '内置' : '自定义',
    },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchKinds(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
