import type { HistoryResponse, Transition } from '@gongjian/common';
import { Alert, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '#web/api/client.ts';
import { useLocale } from '#web/i18n/locale.tsx';

/** A record's events by name in both languages: `create` and every event its machine has. */
export type EventLabels = Record<string, { 'zh-CN': string; en: string }>;

/**
 * The history of a stateful record (convention C3) in its drawer: one dot per event fired on it,
 * oldest first, with when, by whom and what was said. `version` changes whenever the record
 * does (its status, its updatedAt), so a move made in the drawer shows at once.
 */
export function HistoryTimeline({
  path,
  labels,
  version,
}: {
  /** The record's history endpoint, e.g. `/batches/12/history`. */
  path: string;
  labels: EventLabels;
  version?: unknown;
}) {
  const { t, label } = useLocale();
  const [rows, setRows] = useState<Transition[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reason to read again.
  useEffect(() => {
    let live = true;
    api
      .get<HistoryResponse>(path)
      .then((r) => live && setRows(r.data))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [path, version]);

  return (
    <div style={{ marginTop: 20 }} data-testid="record-history">
      <Typography.Title level={5}>{t('hist.title')}</Typography.Title>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {rows && !rows.length ? <Typography.Text type="secondary">{t('hist.empty')}</Typography.Text> : null}
      {rows?.length ? (
        <Timeline
          items={rows.map((r, i) => {
            const name = labels[r.event];
            return {
              key: `${r.at}-${i}`,
              color: i === rows.length - 1 ? 'blue' : 'gray',
              content: (
                <div>
                  <strong>{name ? label(name) : r.event}</strong>{' '}
                  <Typography.Text type="secondary">
                    {dayjs(r.at).format('YYYY-MM-DD HH:mm')} · {r.actor?.name ?? t('hist.system')}
                  </Typography.Text>
                  {r.note ? <div>{r.note}</div> : null}
                </div>
              ),
            };
          })}
        />
      ) : null}
    </div>
  );
}
