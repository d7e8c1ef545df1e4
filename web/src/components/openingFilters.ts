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
