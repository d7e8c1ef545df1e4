import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { QueryValue } from '#web/api/client.ts';

/**
 * The filters a page opens with, read from its address: links from the home page's to-dos, the
 * board and the coverage figures carry the list's own query (`/exemptions?status=pending&within=7`),
 * so the list shows exactly the records the link counted. Ids come back as numbers, as the
 * pickers hold them.
 */
export function openingFilters(params: URLSearchParams, keys: readonly string[]): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const k of keys) {
    const v = params.get(k);
    if (!v) continue;
    out[k] = /Id$|^within$/.test(k) && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

/** Paging is the list's own state, never a filter a link opens it with. */
const PAGING = new Set(['page', 'pageSize', 'after']);

/**
 * The filters a list page opens with: every parameter of its list query (the common schema the
 * endpoint validates with) that the address carries. A figure's drill link names only these, so
 * the page opens on exactly the rows the figure counted.
 */
export function useOpeningFilters(query: { shape: Record<string, unknown> }): Record<string, QueryValue> {
  const [params] = useSearchParams();
  return useMemo(
    () =>
      openingFilters(
        params,
        Object.keys(query.shape).filter((k) => !PAGING.has(k)),
      ),
    [params, query],
  );
}
