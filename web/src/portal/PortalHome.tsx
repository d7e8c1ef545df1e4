import { type Notification, notificationApi, type ResponseOf } from '@gongjian/common';
import { DotLoading } from 'antd-mobile';
import { MessageOutline, UserOutline } from 'antd-mobile-icons';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { useMe } from '#web/api/session.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { openNotification } from '#web/system/notifications/inbox.ts';
import { PhoneTodos } from './PhoneTodos';

type Inbox = ResponseOf<typeof notificationApi.list>;

/**
 * 首页 of a member or resident (an appointee lands on 我的任职 instead): who is signed in and
 * where, what waits for them (待办), the unread messages, and big tiles to the rest.
 */
export default function PortalHome() {
  const me = useMe();
  const { t, label, locale } = useLocale();
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<Inbox | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    let live = true;
    call(notificationApi.list, { query: { pageSize: 3, unread: 'true' } })

      .then((r) => live && setInbox(r))
      .catch(() => live && setInbox({ data: [], total: 0, unread: 0 }));
    return () => {
      live = false;
    };
  }, [locale]);

  const open = (n: Notification) => void openNotification(n, navigate);
  return (
    <div data-testid="portal-home">
      <section className="gj-card">
        <p className="gj-hello">{t('phone.hello', { name: me.displayName })}</p>
        <span className="gj-scope-chip" data-testid="scope-label">
          {me.scopeLabel}
        </span>
      </section>
      <PhoneTodos />
      <section className="gj-card">
        <h2 className="gj-card-title">{t('phone.unread')}</h2>
        {inbox === null ? <DotLoading color="primary" /> : null}
        {inbox?.data.length === 0 ? <div className="gj-muted">{t('inbox.noUnread')}</div> : null}
        {inbox?.data.map((n) => (
          <button key={n.id} type="button" className="gj-urgent" onClick={() => open(n)}>
            <span className="gj-urgent-head">{label(n.title)}</span>
            <span className="gj-urgent-meta" style={{ display: 'block' }}>
              {label(n.body)}
            </span>
          </button>
        ))}
      </section>
      <section className="gj-card">
        <div className="gj-tiles">
          <button type="button" className="gj-tile" onClick={() => navigate('/me')}>
            <UserOutline className="gj-tile-icon" />
            {t('me.record')}
          </button>
          <button type="button" className="gj-tile" onClick={() => navigate('/inbox')}>
            <MessageOutline className="gj-tile-icon" />
            {t('menu.inbox')}
          </button>
        </div>
      </section>
    </div>
  );
}
