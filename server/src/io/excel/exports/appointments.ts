import { APPOINTMENT_STATUS_LABELS, type AppointmentExportQuery } from '@gongjian/common';
import type { AppointmentRow } from '#server/modules/cadres/appointments/queries.ts';
import { searchAppointments } from '#server/modules/cadres/appointments/service.ts';
import { labelOf, words } from './format.ts';
import { statusWord } from './ledger.ts';
import type { ListExport } from './run.ts';

/** 任职管理: the appointments `GET /api/appointments` lists, newest term first. */
export const appointmentExport: ListExport<AppointmentExportQuery, AppointmentRow> = {
  title: words('任职管理', 'Appointments'),
  ledger: words('任职台账', 'Appointment ledger'),
  filterWords: { status: statusWord(APPOINTMENT_STATUS_LABELS) },
  columns: [
    { header: words('任职人', 'Appointee'), width: 14, value: (r) => r.memberName },
    {
      header: words('任职类型', 'Kind'),
      width: 18,
      value: (r, c) => (c.locale === 'en' ? r.kindNameEn : r.kindNameZh),
    },
    { header: words('派出单位', 'Sending unit'), width: 24, value: (r) => r.sendingUnitName },
    { header: words('接收组织', 'Receiving organisation'), width: 24, value: (r) => r.receivingOrgName },
    { header: words('接收村居', 'Receiving area'), width: 18, value: (r) => r.areaName },
    { header: words('职务', 'Post'), width: 16, value: (r) => r.post },
    { header: words('任期开始', 'Term start'), width: 12, value: (r) => r.termStart },
    { header: words('任期结束', 'Term end'), width: 12, value: (r) => r.termEnd },
    {
      header: words('状态', 'Status'),
      width: 12,
      value: (r, c) => labelOf(APPOINTMENT_STATUS_LABELS, r.status, c.locale),
    },
    { header: words('离任日期', 'Left on'), width: 12, value: (r) => r.endedOn },
    { header: words('离任原因', 'Reason for leaving'), width: 24, value: (r) => r.endReason },
    { header: words('工作纪实数', 'Work logs'), width: 10, value: (r) => r.logCount },
    { header: words('备注', 'Note'), width: 24, value: (r) => r.note },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchAppointments(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
