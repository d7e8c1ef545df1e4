import { BellOutlined } from '@ant-design/icons';
import { type Notification, notificationApi, type ResponseOf } from '@gongjian/common';
import { Badge, Button, Empty, Popover, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { markAllRead, openNotification, useInboxRefresh } from './inbox';

type Inbox = ResponseOf<typeof notificationApi.list>;

const LATEST = 6;

/** One line of the bell's list (also used by the inbox page's compact rows). */
export function NotificationLine({ n, onOpen }: { n: Notification; onOpen(n: Notification): void }) {
  const { label } = useLocale();
  const unread = n.readAt === null;
  return (
    <button
      type="button"
      className={`gj-bell-item${unread ? ' gj-bell-unread' : ''}`}
      onClick={() => onOpen(n)}
      data-testid="bell-item"
      style={{
        display: 'flex',
        gap: 8,
        width: '100%',
        textAlign: 'left',
        border: 'none',
        borderBottom: '1px solid #f0f0f0',
        background: unread ? '#fff7f6' : 'transparent',
        padding: '8px 12px',
        cursor: 'pointer',
        font: 'inherit',
      }}
    >
      <Badge dot={unread} status={unread ? 'error' : 'default'} style={{ marginTop: 6 }} />
      <span style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong={unread} ellipsis style={{ display: 'block' }}>
          {label(n.title)}
        </Typography.Text>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
          {label(n.body)}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      </span>
    </button>
  );
}

/**
 * The header's bell: the unread count, and on click the latest notifications; one opens where it
 * points and counts as read. Read again every minute, when the window regains focus, and when the
 * inbox changes elsewhere on the page.
 */
export function Bell() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(() => {
    call(notificationApi.list, { query: { pageSize: LATEST } })

      .then(setInbox)
      .catch(() => {});
  }, []);

  useInboxRefresh(load, locale);

  const unread = inbox?.unread ?? 0;
  const content = (
    <div style={{ width: 340, maxWidth: 'calc(100vw - 32px)' }} data-testid="bell-panel">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '4px 12px 8px',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong>{t('inbox.title')}</Typography.Text>
        {unread > 0 ? (
          <Button type="link" size="small" onClick={() => void markAllRead().catch(() => {})}>
            {t('inbox.readAll')}
          </Button>
        ) : null}
      </div>
      {inbox === null ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : inbox.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <div style={{ maxHeight: 400, overflowY: 'auto' }}>
          {inbox.data.map((n) => (
            <NotificationLine
              key={n.id}
              n={n}
              onOpen={(x) => {
                setOpen(false);
                openNotification(x, navigate);
              }}
            />
          ))}
        </div>
      )}
      <div style={{ textAlign: 'center', paddingTop: 6 }}>
        <Button
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/inbox');
          }}
          data-testid="bell-all"
        >
          {t('inbox.all')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      // On a phone the panel is nearly as wide as the screen: slide it back inside rather than off the edge.
      align={{ overflow: { adjustX: true, adjustY: true, shiftX: true } }}
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) load();
      }}
      styles={{ container: { padding: '8px 0' } }}
    >
      <Button
        type="text"
        aria-label={t('inbox.bell', { n: unread })}
        data-testid="bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99} offset={[4, -2]}>
            <BellOutlined style={{ fontSize: 17 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
