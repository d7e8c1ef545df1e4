/**
 * What lists have in common, for the components that show any list (ListPage). A response's own
 * type comes from its contract: `ResponseOf<typeof areaApi.get>` (common/src/contract.ts).
 */

/** `{ data, total }`: what every list endpoint answers. */
export interface ListResult<T> {
  data: T[];
  total: number;
  /** False when `total` is the server's estimate (more than 10,000 rows match); absent on small lists. */
  totalExact?: boolean;
  /** The `after` of the page after this one (lists that page by key); null on the last page. */
  next?: string | null;
}

/** Any record the list page can show: an id and the actions the server allows on it. */
export interface ListRecord {
  id: number;
  /** `RecordAction`s, or a module's own (appointments can also be ended, recalled, replaced…). */
  actions: readonly string[];
}
