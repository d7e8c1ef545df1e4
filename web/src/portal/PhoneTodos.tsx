import { type Todo, todoApi } from '@gongjian/common';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { useLocale } from '#web/i18n/locale.tsx';

/**
 * 待办 on the phone, from the same catalogue as the desk's home (`GET /api/todos`), in plain markup
 * so that the landing pages stay light. A to-do that points at the page already open (an
 * appointee's duties at risk, on 我的任职) is left out: the page itself lists them. With
 * `quiet`, nothing is drawn when nothing waits.
 */
export function PhoneTodos({ quiet }: { quiet?: boolean }) {
  const { t, label, locale } = useLocale();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [items, setItems] = useState<Todo[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: titles come back in the new language
  useEffect(() => {
    let live = true;
    call(todoApi.list)
      .then((r) => live && setItems(r.data))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [locale]);
  const shown = items?.filter((i) => i.link.split('?')[0] !== pathname) ?? [];
  if (quiet && shown.length === 0) return null;
  return (
    <section className="gj-card" data-testid="phone-todos">
      <h2 className="gj-card-title">{t('home.todos')}</h2>
      {items !== null && shown.length === 0 ? <div className="gj-muted">{t('home.noTodos')}</div> : null}
      {shown.map((item) => (
        <button
          key={item.kind}
          type="button"
          className="gj-urgent gj-todo"
          data-testid={`todo-${item.kind}`}
          onClick={() => navigate(item.link)}
        >
          <span className="gj-urgent-head">
            <span>{label(item.title)}</span>
            <span className="gj-todo-count">{item.count}</span>
          </span>
          <span className="gj-urgent-meta" style={{ display: 'block' }}>
            {label(item.action)} ›
          </span>
        </button>
      ))}
    </section>
  );
}
