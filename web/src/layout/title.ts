import { useEffect } from 'react';
import { useLocale } from '#web/i18n/locale.tsx';

/** Name the browser tab after the page (`党员 - 共建`), in the current language. */
export function useDocumentTitle(title: string) {
  const { t } = useLocale();
  useEffect(() => {
    document.title = t('page.documentTitle', { title });
  }, [t, title]);
}
