import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useLocale } from '../i18n/locale';
import { theme } from '../theme';

/**
 * antd's theme, locale and message/modal context. Kept out of App.tsx so that a phone's first load
 * carries no antd: the desk, the login page and the portal's antd pages each load it with
 * themselves (see bench/portal-js.ts for the budget this keeps).
 */
export default function AntdProviders({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
