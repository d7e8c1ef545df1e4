import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { type ListContract, send } from '#web/api/call.ts';
import { api, type QueryValue } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { useLocale } from '#web/i18n/locale.tsx';

export interface RemoteOption {
  value: number;
  label: string;
}

interface Props {
  /**
   * A list endpoint, searched with `q` as the user types: its contract (`unitApi.list`), or its
   * path (`/appointment-kinds`) for lists without one yet.
   */
  endpoint: ListContract | string;
  /** Extra filters for the list call (e.g. a role). */
  query?: Record<string, QueryValue>;
  /** How a record reads in the list; `name` by default. */
  labelOf?: (r: Record<string, unknown>) => string;
  /** The label of the current value when the form opens on an existing record. */
  initial?: RemoteOption | null;
  value?: number | null;
  onChange?: (value: number | null) => void;
  placeholder?: string;
  id?: string;
}

const defaultLabel = (r: Record<string, unknown>) => String(r.name ?? r.displayName ?? r.id);

/** A searchable select over any list endpoint: first page on open, server-side search as you type. */
export function RemoteSelect({
  endpoint,
  query,
  labelOf = defaultLabel,
  initial,
  value,
  onChange,
  placeholder,
  id,
}: Props) {
  const { t } = useLocale();
  const [options, setOptions] = useState<RemoteOption[]>(initial ? [initial] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const queryKey = JSON.stringify(query ?? {});
  const endpointKey = typeof endpoint === 'string' ? endpoint : endpoint.path;

  const search = (q: string) => {
    const mine = ++seq.current;
    setLoading(true);
    const listQuery = { ...(JSON.parse(queryKey) as object), q, pageSize: 20 };
    (typeof endpoint === 'string'
      ? api.get<ListResult<Record<string, unknown>>>(endpoint, listQuery)
      : (send(endpoint, { query: listQuery }) as Promise<ListResult<Record<string, unknown>>>)
    )
      .then((r) => {
        if (mine !== seq.current) return;
        const found = r.data.map((d) => ({ value: Number(d.id), label: labelOf(d) }));
        // Keep the selected option so its label survives a search that does not return it.
        const current = options.find((o) => o.value === value);
        setOptions(current && !found.some((f) => f.value === current.value) ? [current, ...found] : found);
      })
      .catch(() => {})
      .finally(() => mine === seq.current && setLoading(false));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the endpoint or filters change
  useEffect(() => {
    search('');
  }, [endpointKey, queryKey]);

  useEffect(() => {
    if (initial && !options.some((o) => o.value === initial.value)) setOptions((o) => [initial, ...o]);
  }, [initial, options]);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  return (
    <Select<number>
      id={id}
      showSearch={{
        filterOption: false,
        onSearch: (q) => {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => search(q), 250);
        },
      }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      placeholder={placeholder ?? t('list.selectPlaceholder')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      style={{ width: '100%' }}
    />
  );
}
