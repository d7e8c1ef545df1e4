import { useLocale } from '#web/i18n/locale.tsx';
import { LoginPage } from '#web/LoginPage.tsx';
import AntdProviders from './AntdProviders';
import { useDocumentTitle } from './title';

/** The login page with antd around it, loaded only by someone signed out. */
export default function SignInScreen() {
  const { t } = useLocale();
  useDocumentTitle(t('login.title'));
  return (
    <AntdProviders>
      <LoginPage />
    </AntdProviders>
  );
}
