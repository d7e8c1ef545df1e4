import { EditOutlined } from '@ant-design/icons';
import { type Appointment, WORK_LOG_KIND_LABELS, type WorkLog } from '@gongjian/common';
import { Alert, Button, Card, Empty, List, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, explain } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { AppointmentStatusTag, kindName, termText, WorkLogStatusTag } from '#web/cadres/selection/labels.tsx';
import { Evidence } from '#web/cadres/work-logs/Evidence.tsx';
import { logDetailText } from '#web/cadres/work-logs/logText.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { ExemptionRequest } from './ExemptionRequest';
import { MyDuties } from './MyDuties';

/**
 * The antd part of 我的任职, below the light summary (MyDutyPage): the appointee's posts, its
 * duties with their traffic lights, its exemption requests and its own work logs with their status.
 */
export default function MyDutyDetails() {
  const { t, locale, label } = useLocale();
  const navigate = useNavigate();
  const [posts, setPosts] = useState<Appointment[] | null>(null);
  const [logs, setLogs] = useState<WorkLog[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    let live = true;
    Promise.all([
      api.get<ListResult<Appointment>>('/appointments', { pageSize: 50 }),
      api.get<ListResult<WorkLog>>('/work-logs', { pageSize: 50 }),
    ])
      .then(([a, l]) => {
        if (!live) return;
        setPosts(a.data);
        setLogs(l.data);
      })
      .catch((e: unknown) => live && setError(explain(e)));
    return () => {
      live = false;
    };
  }, [locale]);

  const canRecord = posts?.some((p) => p.actions.includes('recordLog')) ?? false;
  return (
    <div className="gj-phone">
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <Card title={t('log.myPosts')} size="small">
        {posts === null ? (
          <Skeleton active />
        ) : posts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('log.noPosts')} />
        ) : (
          <List
            dataSource={posts}
            renderItem={(p) => (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <strong>{kindName(locale, p, 'kind')}</strong>
                    <AppointmentStatusTag status={p.status} />
                  </Space>
                  <div>{p.receivingOrgName}</div>
                  <Typography.Text type="secondary">
                    {[p.sendingUnitName, termText(t, p.termStart, p.endedOn ?? p.termEnd)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
      {canRecord ? (
        <Button
          type="primary"
          size="large"
          block
          icon={<EditOutlined />}
          onClick={() => navigate('/record')}
          className="gj-phone-cta"
        >
          {t('log.recordNew')}
        </Button>
      ) : null}
      {posts?.length ? <MyDuties /> : null}
      {posts?.length ? <ExemptionRequest posts={posts} /> : null}
      <Card title={t('log.mine')} size="small">
        {logs === null ? (
          <Skeleton active />
        ) : logs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('log.noLogs')} />
        ) : (
          <List
            dataSource={logs}
            data-testid="my-logs"
            renderItem={(l) => (
              <List.Item className="gj-log-item">
                <div style={{ width: '100%' }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <strong>{label(WORK_LOG_KIND_LABELS[l.kind])}</strong>
                    <WorkLogStatusTag status={l.status} />
                  </div>
                  <Typography.Text type="secondary">
                    {[dayjs(l.occurredAt).format('YYYY-MM-DD HH:mm'), l.place, logDetailText(t, label, l)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                    {l.content}
                  </Typography.Paragraph>
                  {l.reviewComment ? (
                    <Typography.Text type={l.status === 'rejected' ? 'danger' : 'secondary'}>
                      {t('log.reviewComment')}：{l.reviewComment}
                    </Typography.Text>
                  ) : null}
                  {l.files.length ? <Evidence log={l} size={56} /> : null}
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
