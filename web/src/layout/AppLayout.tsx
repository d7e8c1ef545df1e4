import { DownOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, Space, Tag } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Access } from '../access';
import { useMe, useSession } from '../api/session';
import { useLocale } from '../i18n/locale';
import { Bell } from '../notifications/Bell';
import { NAV } from './nav';

/**
 * The desk frame: role menu on the left; scope label, notification bell, language switch and
 * sign-out on top.
 */
export function AppLayout({ access }: { access: Access }) {
  const me = useMe();
  const { logout } = useSession();
  const { t, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Tablets get the icon rail by default; the user can still open it.
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  const isCollapsed = collapsed ?? !screens.lg;
  // On a phone the menu folds away entirely (antd's floating trigger opens it).
  const phone = screens.sm === false;

  const routes = NAV.filter((n) => n.allowed(access));
  const items = routes.filter((n) => !n.hidden);
  const current =
    routes
      .filter((n) => (n.path === '/' ? location.pathname === '/' : location.pathname.startsWith(n.path)))
      .sort((a, b) => b.path.length - a.path.length)[0] ?? null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        // On a phone the header's menu button opens it instead of antd's floating tab.
        trigger={phone ? null : undefined}
        collapsed={isCollapsed}
        onCollapse={(c) => setCollapsed(c)}
        width={208}
        collapsedWidth={phone ? 0 : 64}
        theme="light"
        style={{ borderRight: '1px solid #ececec', position: 'sticky', top: 0, height: '100vh' }}
      >
        <div className="gj-brand">
          <div className="gj-brand-mark">共</div>
          {isCollapsed ? null : (
            <div>
              <div className="gj-brand-name">{t('app.name')}</div>
              <div className="gj-brand-sub">{t('app.subtitle')}</div>
            </div>
          )}
        </div>
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={items.map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
          onClick={(e) => {
            navigate(e.key);
            if (phone) setCollapsed(true);
          }}
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          aria-label="main"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="gj-header">
          <div className="gj-header-left">
            {phone ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setCollapsed(!isCollapsed)}
                aria-label={t('header.menu')}
                data-testid="phone-menu"
              />
            ) : null}
            <span className="gj-header-title">{current ? t(current.label) : ''}</span>
          </div>
          <div className="gj-header-right">
            <Tag color="red" variant="outlined" className="gj-scope" data-testid="scope-label">
              {me.scopeLabel}
            </Tag>
            <Bell />
            <Button
              type="text"
              icon={<GlobalOutlined />}
              onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
              data-testid="lang-switch"
            >
              <span className="gj-hide-phone">{t('header.language')}</span>
            </Button>
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') }],
                onClick: ({ key }) => {
                  if (key === 'logout') void logout().then(() => navigate('/login'));
                },
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Space size={6}>
                  <UserOutlined />
                  <span className="gj-hide-phone">{me.displayName}</span>
                  <DownOutlined style={{ fontSize: 10 }} />
                </Space>
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="gj-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
