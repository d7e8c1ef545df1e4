import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { type Notification, notificationApi, type ResponseOf } from '@gongjian/common';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  List,
  Segmented,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { explain } from '#web/api/client.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { type StringKey, strings } from '#web/i18n/strings.ts';
import { KIND_COLORS, markAllRead, markRead, onInboxChanged, openNotification } from './inbox';

type Inbox = ResponseOf<typeof notificationApi.list>;

/**
 * 消息: every notification of the signed-in account, unread first, for every role (members on
 * the phone too). An item opens where it points and counts as read; one or all can be marked read.
 */
export default function InboxPage() {
  const { t, locale, label } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const pageSize = 20;

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  const load = useCallback(() => {
    setLoading(true);
    call(notificationApi.list, {
      query: { page, pageSize, unread: filter === 'unread' ? 'true' : undefined },
    })

      .then((r) => {
        setInbox(r);
        setError(null);
      })
      .catch((e: unknown) => setError(explain(e)))
      .finally(() => setLoading(false));
  }, [page, filter, locale]);

  useEffect(() => {
    load();
    return onInboxChanged(load);
  }, [load]);

  const run = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (e) {
      message.error(explain(e));
    }
  };

  const kindTag = (kind: string) => (
    <Tag color={KIND_COLORS[kind] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {`inbox.kind.${kind}` in strings ? t(`inbox.kind.${kind}` as StringKey) : kind}
    </Tag>
  );

  return (
    <div className="gj-page gj-inbox">
      <Card
        size="small"
        title={
          <Space size={8}>
            <span>{t('menu.inbox')}</span>
            {inbox ? <Badge count={inbox.unread} overflowCount={999} data-testid="inbox-unread" /> : null}
          </Space>
        }
        extra={
          <Space wrap>
            <Tooltip title={t('list.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={load} aria-label={t('list.refresh')} />
            </Tooltip>
            <Button
              icon={<CheckOutlined />}
              disabled={!inbox?.unread}
              onClick={() => void run(markAllRead())}
              data-testid="read-all"
              title={t('inbox.readAll')}
            >
              <span className="gj-hide-phone">{t('inbox.readAll')}</span>
            </Button>
          </Space>
        }
      >
        <Segmented
          value={filter}
          onChange={(v) => {
            setFilter(v as 'all' | 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('inbox.filterAll') },
            { value: 'unread', label: t('inbox.filterUnread') },
          ]}
          style={{ marginBottom: 8 }}
        />
        {error ? <Alert type="error" showIcon title={t('list.loadFailed')} description={error} /> : null}
        <List<Notification>
          // Actions under the text: on a phone there is no room beside it.
          itemLayout="vertical"
          loading={loading && inbox === null}
          dataSource={inbox?.data ?? []}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filter === 'unread' ? t('inbox.noUnread') : t('inbox.empty')}
              />
            ),
          }}
          pagination={
            inbox && inbox.total > pageSize
              ? { current: page, pageSize, total: inbox.total, onChange: setPage, size: 'small' }
              : false
          }
          renderItem={(n) => {
            const unread = n.readAt === null;
            return (
              <List.Item
                className="gj-inbox-item"
                data-testid="inbox-item"
                data-unread={unread ? 'true' : 'false'}
                style={{ background: unread ? '#fff7f6' : undefined, paddingInline: 8 }}
                // Read ones say so beside their time; only unread ones need a button.
                actions={
                  n.actions.includes('read')
                    ? [
                        <Button key="read" type="link" size="small" onClick={() => void run(markRead(n))}>
                          {t('inbox.markRead')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <List.Item.Meta
                  avatar={
                    <Badge dot={unread} status={unread ? 'error' : 'default'} style={{ marginTop: 8 }} />
                  }
                  title={
                    <Space size={6} wrap>
                      {kindTag(n.kind)}
                      <Typography.Link
                        onClick={() => openNotification(n, navigate)}
                        style={{ color: 'inherit', fontWeight: unread ? 600 : 400 }}
                      >
                        {label(n.title)}
                      </Typography.Link>
                    </Space>
                  }
                  description={
                    <>
                      <div style={{ color: '#434343' }}>{label(n.body)}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                        {n.readAt
                          ? ` · ${t('inbox.readAt', { at: dayjs(n.readAt).format('MM-DD HH:mm') })}`
                          : ''}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </div>
  );
}
