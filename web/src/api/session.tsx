import { authApi, type Me } from '@gongjian/common';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useLocale } from '#web/i18n/locale.tsx';
import { call } from './call.ts';
import { ApiError, onUnauthenticated, setCsrfToken } from './client';

type Status = 'loading' | 'anonymous' | 'signedIn';

interface SessionState {
  status: Status;
  me: Me | null;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in, loaded from /api/auth/me; re-read when the language changes (the scope label is localised). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);

  const accept = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
    setStatus(next ? 'signedIn' : 'anonymous');
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label is re-read in the new language
  useEffect(() => {
    let live = true;
    call(authApi.me)
      .then((m) => live && accept(m))
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) accept(null);
        else setStatus((s) => (s === 'loading' ? 'anonymous' : s));
      });
    return () => {
      live = false;
    };
  }, [accept, locale]);

  useEffect(() => onUnauthenticated(() => accept(null)), [accept]);

  const value = useMemo<SessionState>(
    () => ({
      status,
      me,
      async login(username, password) {
        const m = await call(authApi.login, { body: { username, password } });
        accept(m);
        return m;
      },
      async logout() {
        try {
          await call(authApi.logout);
        } finally {
          accept(null);
        }
      },
    }),
    [status, me, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in account; only used under the authenticated layout. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
