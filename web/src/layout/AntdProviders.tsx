import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useLocale } from '#web/i18n/locale.tsx';
import { theme } from '#web/theme.ts';

/**
 * The same theme with thumb-sized controls (44 px, 48 px large) for antd pages inside the phone
 * shell. A token rather than CSS, so that drawers and pop-ups, which antd mounts outside the
 * shell, get them too.
 */
const phoneTheme: ThemeConfig = {
  ...theme,
  token: { ...theme.token, controlHeight: 44, controlHeightLG: 48, controlHeightSM: 32 },
};

/**
 * antd's theme, locale and message/modal context. Kept out of App.tsx so that a phone's first load
 * carries no antd: the desk, the login page and the portal's antd pages each load it with
 * themselves (see bench/portal-js.ts for the budget this keeps).
 */
export default function AntdProviders({ children, phone }: { children: ReactNode; phone?: boolean }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      theme={phone ? phoneTheme : theme}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
