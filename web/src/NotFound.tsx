import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useLocale } from './i18n/locale';

/** Unknown paths, and pages the role may not open (they are not routed at all). */
export function NotFound() {
  const { t } = useLocale();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
