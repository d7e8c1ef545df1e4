import { type ComplianceBoard, formatRate } from '@gongjian/common';
import { Card, Empty, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '#web/components/Chart.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { STATUS_COLOUR } from './status';

type Rule = ComplianceBoard['rules'][number];

/**
 * Per duty, how many appointees met it, are at risk, or missed it: a stacked bar chart for the
 * eye and a table with every status for the figures.
 */
export function RuleSummary({ rules }: { rules: readonly Rule[] }) {
  const { t, label } = useLocale();

  const option = useMemo(() => {
    const names = rules.map((r) => label(r.name));
    const series = (['met', 'at_risk', 'missed'] as const).map((s) => ({
      name: t(`cmp.status.${s}`),
      type: 'bar',
      stack: 'status',
      barMaxWidth: 20,
      itemStyle: { color: STATUS_COLOUR[s] },
      label: { show: true, color: '#fff', formatter: (p: { value: number }) => (p.value ? p.value : '') },
      data: rules.map((r) => r.counts[s]),
    }));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: '#595959' } },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false } },
      series,
    };
  }, [rules, label, t]);

  // Over the cells that are due (met or missed); "—" while none is, never 0 %.
  const rate = (r: Rule) => formatRate(r.cells.rate);
  const count = (key: keyof Rule['counts']) => ({
    key,
    title: t(`cmp.status.${key}`),
    align: 'right' as const,
    width: 80,
    render: (_: unknown, r: Rule) => r.counts[key],
  });

  return (
    <Card size="small" title={t('cmp.byRule')}>
      {rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cmp.empty')} />
      ) : (
        <>
          <Chart option={option} height={Math.max(160, 48 + rules.length * 36)} label={t('cmp.chart')} />
          <div data-testid="rule-summary" style={{ marginTop: 12 }}>
            <Table<Rule>
              rowKey="ruleCode"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={[...rules]}
              columns={[
                {
                  key: 'name',
                  title: t('cmp.rule'),
                  render: (_: unknown, r: Rule) => (
                    <>
                      {label(r.name)}
                      <Typography.Text type="secondary"> · {t(`cmp.every.${r.period}`)}</Typography.Text>
                    </>
                  ),
                },
                count('met'),
                count('at_risk'),
                count('missed'),
                count('not_yet_due'),
                count('exempt'),
                count('not_applicable'),
                { key: 'total', title: t('cmp.total'), align: 'right', width: 80, dataIndex: 'total' },
                {
                  key: 'rate',
                  title: t('cmp.metRate'),
                  align: 'right',
                  width: 80,
                  render: (_: unknown, r: Rule) => <span data-testid={`rate-${r.ruleCode}`}>{rate(r)}</span>,
                },
              ]}
            />
          </div>
        </>
      )}
    </Card>
  );
}
