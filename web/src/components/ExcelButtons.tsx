import { DownloadOutlined, ExportOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { type ExcelEntity, excelApi, type ImportPreview, type ListExportName } from '@gongjian/common';
import {
  Alert,
  Button,
  Descriptions,
  Modal,
  Result,
  Space,
  Spin,
  Table,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { call } from '#web/api/call.ts';
import { api, explain, type QueryValue, queryString } from '#web/api/client.ts';

import { useLocale } from '#web/i18n/locale.tsx';

interface Props {
  entity: ExcelEntity;
  /** The list's filters in force: the export holds exactly what the list shows. */
  filters: Record<string, QueryValue>;
  /** Refresh the list after an import wrote something. */
  reload(): void;
  /** Offer the import (the export is offered to anyone who sees the list). */
  canImport?: boolean;
}

/** Query parameters the export does not take (paging is the list's, not the file's). */
const NOT_EXPORTED = new Set(['page', 'pageSize']);

/**
 * 导出 alone, for a list that exports but does not import: every row the list shows with its
 * filters, as `GET /api/excel/<list>/export` streams it. A plain link: the session cookie goes along.
 */
export function ExportButton({
  list,
  filters,
}: {
  list: ExcelEntity | ListExportName;
  /** The list's filters in force: the export holds exactly what the list shows. */
  filters: Record<string, QueryValue>;
}) {
  const { t } = useLocale();
  const exportQuery = Object.fromEntries(Object.entries(filters).filter(([k]) => !NOT_EXPORTED.has(k)));
  return (
    <Button
      icon={<ExportOutlined />}
      href={`/api/excel/${list}/export${queryString(exportQuery)}`}
      download
      data-testid="excel-export"
    >
      {t('excel.export')}
    </Button>
  );
}

/** 下载模板 · 导入 · 导出 for a registry list. Downloads are plain links: the session cookie goes along. */
export function ExcelButtons({ entity, filters, reload, canImport = true }: Props) {
  const { t } = useLocale();
  const [importing, setImporting] = useState(false);
  return (
    <>
      {canImport ? (
        <>
          <Tooltip title={t('excel.templateHint')}>
            <Button icon={<DownloadOutlined />} href={`/api/excel/${entity}/template`} download>
              {t('excel.template')}
            </Button>
          </Tooltip>
          <Button icon={<FileExcelOutlined />} onClick={() => setImporting(true)} data-testid="excel-import">
            {t('excel.import')}
          </Button>
        </>
      ) : null}
      <ExportButton list={entity} filters={filters} />
      {importing ? (
        <ImportDialog
          entity={entity}
          onClose={(changed) => {
            setImporting(false);
            if (changed) reload();
          }}
        />
      ) : null}
    </>
  );
}

/**
 * Upload → preview (every bad row and cell with its reason) → 全部导入 (refused while any row is
 * bad) or 仅导入正确的行 → the result, with the rejected rows as a workbook to fix and re-upload.
 */
function ImportDialog({ entity, onClose }: { entity: ExcelEntity; onClose(changed: boolean): void }) {
  const { t } = useLocale();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<'upload' | 'all' | 'valid_only' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setBusy('upload');
    setError(null);
    setPreview(null);
    try {
      setPreview(await api.upload<ImportPreview>(`/excel/${entity}/imports`, [file]));
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(null);
    }
  };

  const commit = async (mode: 'all' | 'valid_only') => {
    if (!preview) return;
    setBusy(mode);
    setError(null);
    try {
      setPreview(await call(excelApi.commit, { params: { id: preview.id }, body: { mode } }));
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(null);
    }
  };

  const committed = preview?.status === 'committed' ? preview.result : null;
  const changed = committed ? committed.created + committed.updated > 0 : false;
  const rejectedLink = preview && preview.invalid > 0 ? `/api/excel/imports/${preview.id}/rejected` : null;

  const footer = committed ? (
    <Button type="primary" onClick={() => onClose(changed)}>
      {t('excel.done')}
    </Button>
  ) : preview ? (
    <Space wrap>
      <Button onClick={() => onClose(false)}>{t('list.cancel')}</Button>
      {preview.invalid > 0 ? (
        <Button
          loading={busy === 'valid_only'}
          disabled={preview.valid === 0}
          onClick={() => void commit('valid_only')}
        >
          {t('excel.validOnly')}
        </Button>
      ) : null}
      <Button type="primary" loading={busy === 'all'} onClick={() => void commit('all')}>
        {t('excel.all')}
      </Button>
    </Space>
  ) : (
    <Button onClick={() => onClose(false)}>{t('list.cancel')}</Button>
  );

  return (
    <Modal
      open
      title={t('excel.importTitle')}
      onCancel={() => onClose(changed)}
      footer={footer}
      width={820}
      destroyOnHidden
      maskClosable={false}
    >
      <div className="gj-import" data-testid="import-dialog">
        {error ? <Alert type="error" showIcon title={error} data-testid="import-error" /> : null}
        {committed ? (
          <Result
            status={committed.skipped > 0 ? 'warning' : 'success'}
            title={t('excel.finished')}
            subTitle={t('excel.resultLine', {
              created: committed.created,
              updated: committed.updated,
              unchanged: committed.unchanged,
              skipped: committed.skipped,
            })}
            extra={
              rejectedLink ? (
                <Button icon={<DownloadOutlined />} href={rejectedLink} download>
                  {t('excel.rejected')}
                </Button>
              ) : null
            }
          />
        ) : (
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            multiple={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            disabled={busy !== null}
            className={preview ? 'gj-import-drop-compact' : undefined}
          >
            {/* Once a preview is shown the drop zone shrinks to one line: another file can still be dropped. */}
            {preview ? null : (
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
            )}
            <p className="ant-upload-text">{t('excel.drop')}</p>
            {preview ? null : <p className="ant-upload-hint">{t('excel.dropHint')}</p>}
          </Upload.Dragger>
        )}
        {busy === 'upload' ? (
          <div style={{ textAlign: 'center', padding: 16 }}>
            <Spin description={t('excel.checking')} />
          </div>
        ) : null}
        {preview && !committed ? (
          <>
            <Descriptions size="small" column={3} bordered data-testid="import-counts">
              <Descriptions.Item label={t('excel.file')} span={3}>
                {preview.fileName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('excel.total')}>{preview.total}</Descriptions.Item>
              <Descriptions.Item label={t('excel.valid')}>
                <strong style={{ color: '#389e0d' }}>{preview.valid}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={t('excel.invalid')}>
                <strong style={{ color: preview.invalid ? '#cf1322' : undefined }}>{preview.invalid}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={t('excel.creates')}>{preview.creates}</Descriptions.Item>
              <Descriptions.Item label={t('excel.updates')}>{preview.updates}</Descriptions.Item>
              <Descriptions.Item label={t('excel.unchanged')}>{preview.unchanged}</Descriptions.Item>
            </Descriptions>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>
                {preview.errorCount === 0
                  ? t('excel.noErrors')
                  : t('excel.errors', { n: preview.errorCount })}
                {preview.errorCount > preview.errors.length
                  ? t('excel.errorsShown', { n: preview.errors.length })
                  : ''}
              </Typography.Text>
              {rejectedLink ? (
                <Button size="small" icon={<DownloadOutlined />} href={rejectedLink} download>
                  {t('excel.rejected')}
                </Button>
              ) : null}
            </Space>
            {preview.errors.length === 0 ? null : (
              <Table
                rowKey={(e) => `${e.row}:${e.field}:${e.message}`}
                size="small"
                dataSource={preview.errors}
                pagination={preview.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                className="gj-import-errors"
                columns={[
                  { key: 'row', title: t('excel.row'), dataIndex: 'row', width: 80 },
                  {
                    key: 'column',
                    title: t('excel.column'),
                    dataIndex: 'column',
                    width: 160,
                    render: (c: string | null) => c ?? '—',
                  },
                  { key: 'message', title: t('excel.reason'), dataIndex: 'message' },
                ]}
              />
            )}
          </>
        ) : null}
      </div>
    </Modal>
  );
}
