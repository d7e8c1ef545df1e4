import { FilePdfOutlined } from '@ant-design/icons';
import type { WorkLog } from '@gongjian/common';
import { Image, Space, Typography } from 'antd';
import { useLocale } from '#web/i18n/locale.tsx';

/** Where an evidence file is downloaded (same origin: the session cookie authorises it). */
export const fileUrl = (logId: number, fileId: number) => `/api/work-logs/${logId}/files/${fileId}`;

/** Evidence as thumbnails (images open a preview) and download links (PDFs). */
export function Evidence({ log, size = 40 }: { log: Pick<WorkLog, 'id' | 'files'>; size?: number }) {
  const { t } = useLocale();
  if (log.files.length === 0)
    return <Typography.Text type="secondary">{t('log.noEvidence')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space size={6} wrap className="gj-evidence">
        {log.files.map((f) =>
          f.contentType.startsWith('image/') ? (
            <Image
              key={f.id}
              src={fileUrl(log.id, f.id)}
              alt={f.fileName}
              width={size}
              height={size}
              style={{ objectFit: 'cover', borderRadius: 4 }}
            />
          ) : (
            <a key={f.id} href={fileUrl(log.id, f.id)} download={f.fileName} title={t('log.download')}>
              <FilePdfOutlined /> {f.fileName}
            </a>
          ),
        )}
      </Space>
    </Image.PreviewGroup>
  );
}
