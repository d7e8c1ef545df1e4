import { GlobalOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { loginBody } from '@gongjian/common';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { applyFieldErrors } from './api/client';
import { useSession } from './api/session';
import { zodRule } from './components/zodForm';
import { useLocale } from './i18n/locale';

/** Sign-in: username and password, validated by the same schema as /api/auth/login. */
export function LoginPage() {
  const { t, locale, setLocale } = useLocale();
  const { login } = useSession();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
      const next = params.get('next');
      // Only same-site paths: an open redirect would let a link send people elsewhere after sign-in.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gj-login">
      <div className="gj-login-card">
        <div className="gj-login-brand">
          <div className="gj-brand-mark">共</div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')} · {t('app.subtitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.tagline')}</Typography.Text>
        </div>
        <Card
          title={t('login.title')}
          extra={
            <Button
              type="text"
              size="small"
              icon={<GlobalOutlined />}
              onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
            >
              {t('header.language')}
            </Button>
          }
        >
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[zodRule(loginBody, 'username', locale)]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[zodRule(loginBody, 'password', locale)]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
