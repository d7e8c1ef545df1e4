import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the pieces the desk uses, so the home page does not carry all of ECharts.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The desk's chart palette: the primary red first, then calm blues, greens and ochres. */
export const PALETTE = [
  '#b3262d',
  '#2f5d8a',
  '#3f8f4f',
  '#c98a1b',
  '#6b5b95',
  '#4a9fb5',
  '#d0675f',
  '#8c8c8c',
];

type Option = echarts.EChartsCoreOption;

/**
 * An ECharts canvas that follows its container's size and the option it is given; `onPick` gets
 * the index of the bar or slice clicked (a figure opens the list behind it).
 */
export function Chart({
  option,
  height = 280,
  label,
  onPick,
}: {
  option: Option;
  height?: number;
  label: string;
  onPick?: (index: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // Read at click time, so a new handler needs no new canvas.
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.dataIndex === 'number') pick.current?.(p.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, ...option }, true);
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} role="img" aria-label={label} />;
}

/** A horizontal bar chart of labelled counts, the most common shape on the home page. */
export function barOption(rows: { name: string; value: number }[]): Option {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.value),
        barMaxWidth: 18,
        // One calm blue for bars; the red stays for what needs attention.
        itemStyle: { borderRadius: [0, 3, 3, 0], color: '#2f5d8a' },
        label: { show: true, position: 'right', color: '#595959' },
      },
    ],
  };
}

/** A ring chart of labelled counts. */
export function ringOption(rows: { name: string; value: number }[]): Option {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // Category names are long (老弱病残党员（送学式）): the legend goes under the ring, never over it.
    legend: { type: 'scroll', orient: 'horizontal', bottom: 0, textStyle: { color: '#595959' } },
    series: [
      {
        type: 'pie',
        radius: ['36%', '60%'],
        center: ['50%', '42%'],
        avoidLabelOverlap: true,
        label: { show: false },
        data: rows,
      },
    ],
  };
}
