import type { FigureResult, FigureRow } from '@gongjian/common';
import { Card, Empty, Skeleton, Statistic, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type QueryValue } from '#web/api/client.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { barOption, Chart, ringOption } from './Chart';

/** The desk address of a row's list, with the filters that make its total the row's value. */
export function drillLink(row: Pick<FigureRow, 'drill'>): string {
  const qs = new URLSearchParams(
    Object.entries(row.drill.query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return qs ? `${row.drill.list}?${qs}` : row.drill.list;
}

/** A figure as the server computed it, re-read when the code, query or language changes. */
export function useFigure(code: string, query: Record<string, QueryValue> = {}) {
  const { locale } = useLocale();
  const [result, setResult] = useState<FigureResult | null | 'failed'>(null);
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is compared by value (key); titles follow the language
  useEffect(() => {
    let live = true;
    setResult(null);
    api
      .get<FigureResult>(`/figures/${code}`, query)
      .then((r) => live && setResult(r))
      .catch(() => live && setResult('failed'));
    return () => {
      live = false;
    };
  }, [code, key, locale]);
  return result;
}

/**
 * One figure of the catalogue (`GET /api/figures/<code>`), drawn as a number, a bar chart or a
 * ring. Every number, bar and slice opens the list it counts, filtered by the row's own drill
 * query, so the list shows exactly that many records. Charts carry their rows as a table beneath,
 * one link each, for reading the exact numbers and for keyboards.
 */
export function Figure({
  code,
  query,
  view,
}: {
  code: string;
  query?: Record<string, QueryValue>;
  view: 'number' | 'bar' | 'pie';
}) {
  const { t, label } = useLocale();
  const navigate = useNavigate();
  const result = useFigure(code, query);
  const rows = result && result !== 'failed' ? result.rows : [];
  const data = useMemo(
    () => rows.map((r) => ({ name: r.label ? label(r.label) : r.key, value: r.value })),
    [rows, label],
  );
  const option = useMemo(() => (view === 'bar' ? barOption(data) : ringOption(data)), [data, view]);
  const title = result && result !== 'failed' ? label(result.title) : '';

  if (view === 'number') {
    const row = rows[0];
    return (
      <Card
        hoverable={!!row}
        size="small"
        className="gj-stat"
        data-testid={`figure-${code}`}
        onClick={row ? () => navigate(drillLink(row)) : undefined}
      >
        <Statistic
          title={title || '\u00a0'}
          value={row ? row.value : '—'}
          loading={result === null}
          styles={{ content: { color: '#1f1f1f', fontWeight: 600 } }}
        />
      </Card>
    );
  }

  let body: ReactNode;
  if (result === null) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (rows.length === 0)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />;
  else
    body = (
      <>
        <Chart option={option} label={title} onPick={(i) => rows[i] && navigate(drillLink(rows[i]))} />
        <table className="gj-figure-rows">
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <td>{data[i]?.name}</td>
                <td>
                  <Typography.Link
                    data-testid={`figure-${code}-${r.key}`}
                    href={drillLink(r)}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(drillLink(r));
                    }}
                  >
                    {r.value.toLocaleString()}
                  </Typography.Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  return (
    <Card
      size="small"
      title={title || '\u00a0'}
      data-testid={`figure-${code}`}
      styles={{ body: { minHeight: 296 } }}
    >
      {body}
    </Card>
  );
}
