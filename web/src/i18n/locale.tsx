import { type Locale, t as tMessage } from '@gongjian/common';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLocale } from '#web/api/client.ts';
import { type StringKey, strings } from './strings';

const STORAGE_KEY = 'gj.locale';

/** The locale the user chose last time on this browser; Chinese unless English was picked. */
export function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLocale(locale: Locale) {
  setApiLocale(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
}

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A desk word, with `{var}` placeholders filled. */
  t: Translate;
  /** A shared catalogue message key (`v.phone`, `e.hasChildren`) or prose, in the current locale. */
  msg(key: string): string;
  /** Pick the current language from a `{ 'zh-CN', en }` label pair. */
  label(pair: { 'zh-CN': string; en: string }): string;
}

const LocaleContext = createContext<LocaleState | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const l = storedLocale();
    applyLocale(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    applyLocale(l);
    setState(l);
  }, []);
  const value = useMemo<LocaleState>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => {
        let s: string = strings[key][locale];
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
      msg: (key) => tMessage(key, locale),
      label: (pair) => pair[locale],
    }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const ctx = useContext(LocaleContext);
  if (!ctx) throw new Error('useLocale outside LocaleProvider');
  return ctx;
}
