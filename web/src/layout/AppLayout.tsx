import { DownOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSession } from '#web/api/session.tsx';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';
import { MENU_GROUPS, type MenuGroup, ROUTES, type RouteDef, routeAt } from '#web/routes.tsx';
import { Bell } from '#web/system/notifications/Bell.tsx';
import { useDocumentTitle } from './title';

const OPEN_KEY = 'gj.menu.open';

/** The groups the user left open last time on this browser; daily work the first time. */
function storedOpenGroups(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(OPEN_KEY) ?? 'null');
    if (Array.isArray(v)) return v.filter((k): k is string => typeof k === 'string');
  } catch {
    // Unreadable or refused storage: fall back to the default below.
  }
  return ['work'];
}

/** The role's menu: its ungrouped entries first, then each group it has pages in, as a submenu. */
function menuItems(routes: readonly RouteDef[], t: Translate): NonNullable<MenuProps['items']> {
  const item = (r: RouteDef) => ({ key: r.path, icon: r.icon, label: t(r.label) });
  return [
    ...routes.filter((r) => !r.group).map(item),
    ...MENU_GROUPS.flatMap((g) => {
      const inside = routes.filter((r) => r.group === g.key);
      return inside.length
        ? [{ key: g.key, icon: g.icon, label: t(g.label), children: inside.map(item) }]
        : [];
    }),
  ];
}

/**
 * The desk frame: the role's grouped menu on the left; the page's title (also the browser tab's),
 * scope label, notification bell, language switch and sign-out on top.
 */
export function AppLayout() {
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

  const visible = (ROUTES as readonly RouteDef[]).filter((r) => r.allowed(me.role) && !r.hidden);
  // What the router shows here (App.tsx): the page, 无权访问 or 页面不存在 — the header says the same.
  const route = routeAt(location.pathname);
  const current = route?.allowed(me.role) ? route : null;
  const title = current ? t(current.label) : route ? t('page.forbidden') : t('common.notFound');
  const group = MENU_GROUPS.find((g) => g.key === current?.group);
  useDocumentTitle(title);

  const [openGroups, setOpenGroups] = useState(storedOpenGroups);
  // Arriving at a page of a closed group (a link, the address bar) opens that group.
  const currentGroup: MenuGroup | undefined = current?.group;
  useEffect(() => {
    if (currentGroup) setOpenGroups((open) => (open.includes(currentGroup) ? open : [...open, currentGroup]));
  }, [currentGroup]);
  const changeOpen = (keys: string[]) => {
    setOpenGroups(keys);
    try {
      localStorage.setItem(OPEN_KEY, JSON.stringify(keys));
    } catch {
      // Private browsing may refuse storage; the menu then remembers for this page only.
    }
  };

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
        className="gj-sider"
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
          items={menuItems(visible, t)}
          // The icon rail opens groups as pop-ups on hover; controlling them there would pin them open.
          {...(isCollapsed ? {} : { openKeys: openGroups, onOpenChange: changeOpen })}
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
            <div className="gj-page-title">
              {group ? <span className="gj-page-crumb">{t(group.label)} /</span> : null}
              <h1 className="gj-header-title" data-testid="page-title">
                {title}
              </h1>
            </div>
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
