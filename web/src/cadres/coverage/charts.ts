import type { EChartsCoreOption } from 'echarts/core';

/** One level's bar: nodes covered by one organisation, by several, and not at all. */
export interface LevelRow {
  name: string;
  single: number;
  double: number;
  uncovered: number;
}

const inside = {
  show: true,
  color: '#fff',
  formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
};

/**
 * Stacked bars per level (zones, compounds, buildings): green covered once, ochre doubly covered,
 * red not covered, so a gap or a clash stands out at a glance.
 */
export function levelOption(rows: LevelRow[], names: { single: string; double: string; uncovered: string }) {
  const series = (key: keyof Omit<LevelRow, 'name'>, name: string, color: string) => ({
    name,
    type: 'bar',
    stack: 'nodes',
    barMaxWidth: 26,
    data: rows.map((r) => r[key]),
    itemStyle: { color },
    label: inside,
  });
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, textStyle: { color: '#595959' } },
    grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisTick: { show: false } },
    series: [
      series('single', names.single, '#3f8f4f'),
      series('double', names.double, '#c98a1b'),
      series('uncovered', names.uncovered, '#b3262d'),
    ],
  } satisfies EChartsCoreOption;
}

/** A ring of visited against not visited, the share written in its middle. */
export function shareOption(
  visited: number,
  unvisited: number,
  share: string,
  names: { visited: string; unvisited: string },
) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { color: '#595959' } },
    series: [
      {
        type: 'pie',
        radius: ['55%', '75%'],
        center: ['50%', '44%'],
        // Hovering must not replace the share in the middle with a sector's own label.
        emphasis: { scale: false, label: { show: false } },
        label: { show: false },
        data: [
          {
            name: names.visited,
            value: visited,
            itemStyle: { color: '#3f8f4f' },
            label: {
              show: true,
              position: 'center',
              formatter: share,
              fontSize: 26,
              fontWeight: 600,
              color: '#1f1f1f',
            },
            emphasis: { label: { show: true } },
          },
          { name: names.unvisited, value: unvisited, itemStyle: { color: '#d9d9d9' } },
        ],
      },
    ],
  } satisfies EChartsCoreOption;
}
