import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '#web/api/client.ts';
import { useSession } from '#web/api/session.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { useDocumentTitle } from '#web/layout/title.ts';
import './phone.css';

type Field = 'username' | 'password';

/**
 * Sign-in on a phone, in plain markup: it is the first page a member or resident ever opens, so it
 * carries neither antd nor the shared schemas (the server checks the same rules and says so on
 * the field). The desk's LoginPage serves wider screens.
 */
export default function PhoneLogin() {
  const { t, msg, locale, setLocale } = useLocale();
  const { login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('login.title'));

  // A field's error goes as soon as it is typed into.
  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!values.username.trim()) missing.username = msg('v.required');
    if (!values.password) missing.password = msg('v.required');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setRefusal(null);
    try {
      await login(values.username.trim(), values.password);
      const next = params.get('next');
      // Only same-site paths: an open redirect would let a link send people elsewhere after sign-in.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError)
        setErrors(
          Object.fromEntries(
            e.details
              .filter((d) => d.path === 'username' || d.path === 'password')
              .map((d) => [d.path, d.message]),
          ),
        );
      setRefusal(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, type: string, autoComplete: string) => (
    <label className="gj-login-field">
      <span>{t(`login.${field}`)}</span>
      <input
        className="gj-login-input"
        id={field}
        name={field}
        type={type}
        autoComplete={autoComplete}
        value={values[field]}
        onChange={(e) => change(field, e.target.value)}
        aria-invalid={errors[field] ? true : undefined}
      />
      {errors[field] ? <span className="gj-login-error">{errors[field]}</span> : null}
    </label>
  );

  return (
    <div className="gj-phone-login">
      <div className="gj-phone-login-brand">
        <div className="gj-phone-login-mark">共</div>
        <h1>{t('app.name')}</h1>
        <p>{t('app.subtitle')}</p>
      </div>
      <form className="gj-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="gj-phone-login-head">
          <h2 className="gj-card-title">{t('login.title')}</h2>
          <button
            type="button"
            className="gj-shell-lang"
            onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          >
            {t('header.language')}
          </button>
        </div>
        {refusal ? (
          <div className="gj-login-refusal" role="alert">
            {refusal}
          </div>
        ) : null}
        {input('username', 'text', 'username')}
        {input('password', 'password', 'current-password')}
        <button type="submit" className="gj-phone-login-submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
