import { areaApi, type DictItem, type DictType, dictionaryApi, type Me } from '@gongjian/common';
import { useEffect, useState } from 'react';
import { useLocale } from '#web/i18n/locale.tsx';
import { call } from './call.ts';
import { useSession } from './session';

const cache = new Map<string, Promise<DictItem[]>>();

/**
 * The district whose dictionaries a form uses. Everyone but the platform admin has exactly one;
 * the platform admin belongs to none, so forms fall back to the first district it sees (built-in
 * items, the ones forms mostly need, carry the same codes and labels in every district).
 */
async function districtFor(me: Me): Promise<number | undefined> {
  if (me.role !== 'platform_admin') return undefined;
  const tree = await call(areaApi.tree, { query: { depth: 1 } });
  return tree.data[0]?.id;
}

/** A dictionary type's items for the signed-in account, loaded once per session. */
export function loadDict(me: Me, type: DictType): Promise<DictItem[]> {
  const key = `${me.id}:${type}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = districtFor(me)
      .then((districtId) =>
        districtId === undefined && me.role === 'platform_admin'
          ? { data: [] as DictItem[], total: 0 }
          : call(dictionaryApi.list, { query: { type, pageSize: 200, districtId } }),
      )
      .then((r) => r.data);
    // A failed load is retried next time instead of being remembered.
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

/** Forget loaded dictionaries (after the dictionary page changed an item). */
export function invalidateDictionaries() {
  cache.clear();
}

export interface DictView {
  items: DictItem[];
  options: { value: string; label: string }[];
  /** The label of a code in the current language; the code itself when unknown. */
  label(code: string | null | undefined): string;
}

/** A dictionary type's items for selects and for showing codes as words. */
export function useDict(type: DictType): DictView {
  const { me } = useSession();
  const { locale } = useLocale();
  const [items, setItems] = useState<DictItem[]>([]);
  useEffect(() => {
    if (!me) return;
    let live = true;
    loadDict(me, type)
      .then((d) => live && setItems(d))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [me, type]);
  const labelOf = (i: DictItem) => (locale === 'en' ? i.labelEn : i.labelZh);
  return {
    items,
    options: items.filter((i) => i.enabled).map((i) => ({ value: i.code, label: labelOf(i) })),
    label: (code) => {
      if (!code) return '';
      const hit = items.find((i) => i.code === code);
      return hit ? labelOf(hit) : code;
    },
  };
}
