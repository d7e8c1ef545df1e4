import { BATCH_STATUS_LABELS, type BatchExportQuery } from '@gongjian/common';
import { kindNames } from '#server/io/excel/queries.ts';
import type { BatchRow } from '#server/modules/cadres/batches/queries.ts';
import { searchBatches } from '#server/modules/cadres/batches/service.ts';
import { labelOf, timeText, words } from './format.ts';
import { statusWord } from './ledger.ts';
import type { ListExport } from './run.ts';

type Row = BatchRow & { kindNameZh: string; kindNameEn: string };

/** 选派批次: the batches `GET /api/batches` lists, latest first. */
export const batchExport: ListExport<BatchExportQuery, Row> = {
  title: words('选派批次', 'Selection batches'),
  ledger: words('选派批次台账', 'Selection batch ledger'),
  filterWords: { status: statusWord(BATCH_STATUS_LABELS) },
  columns: [
    { header: words('标题', 'Title'), width: 30, value: (r) => r.title },
    { header: words('工作方案', 'Work programme'), width: 30, value: (r) => r.programmeTitle },
    {
      header: words('任职类型', 'Kind'),
      width: 16,
      value: (r, c) => (c.locale === 'en' ? r.kindNameEn : r.kindNameZh),
    },
    { header: words('组织单位', 'Run by'), width: 18, value: (r) => r.areaName },
    { header: words('批次日期', 'Batch date'), width: 12, value: (r) => r.batchDate },
    {
      header: words('状态', 'Status'),
      width: 12,
      value: (r, c) => labelOf(BATCH_STATUS_LABELS, r.status, c.locale),
    },
    { header: words('人选数', 'Candidates'), width: 8, value: (r) => r.candidateStatuses.length },
    { header: words('公示开始', 'Notice from'), width: 12, value: (r) => r.noticeStart },
    { header: words('公示结束', 'Notice until'), width: 12, value: (r) => r.noticeEnd },
    { header: words('任期开始', 'Term start'), width: 12, value: (r) => r.termStart },
    { header: words('任命时间', 'Appointed at'), width: 18, value: (r) => timeText(r.appointedAt) },
    { header: words('撤销原因', 'Cancellation reason'), width: 24, value: (r) => r.cancelReason },
    { header: words('备注', 'Note'), width: 24, value: (r) => r.note },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchBatches(ctx, { ...q, page, pageSize });
    const names = await kindNames(ctx.db, [...new Set(data.map((r) => r.kindId))]);
    const rows = data.map((r) => ({
      ...r,
      kindNameZh: names.get(r.kindId)?.nameZh ?? r.kindCode,
      kindNameEn: names.get(r.kindId)?.nameEn ?? r.kindCode,
    }));
    return { rows, total };
  },
};
