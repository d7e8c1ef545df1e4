import type { DutyStatus } from '@gongjian/common';
import { Tag } from 'antd';
import { useLocale } from '#web/i18n/locale.tsx';

/**
 * The board's traffic light: red missed, amber at risk, green met, grey for the rest. antd's
 * preset colours, not the theme's status tokens: the theme's muted success green reads as grey.
 */
export const STATUS_TAG: Record<DutyStatus, string> = {
  met: 'green',
  at_risk: 'gold',
  missed: 'red',
  not_yet_due: 'default',
  exempt: 'default',
  not_applicable: 'default',
};

/** Background, border and bar colours of a verdict box, the same light as the tags. */
export const STATUS_BOX: Record<DutyStatus, { bg: string; border: string; bar: string }> = {
  met: { bg: '#f6ffed', border: '#b7eb8f', bar: '#389e0d' },
  at_risk: { bg: '#fffbe6', border: '#ffe58f', bar: '#d48806' },
  missed: { bg: '#fff1f0', border: '#ffa39e', bar: '#cf1322' },
  not_yet_due: { bg: '#fafafa', border: '#d9d9d9', bar: '#8c8c8c' },
  exempt: { bg: '#fafafa', border: '#d9d9d9', bar: '#8c8c8c' },
  not_applicable: { bg: '#fafafa', border: '#d9d9d9', bar: '#8c8c8c' },
};

/** Chart colours of the three statuses that matter, from the desk palette. */
export const STATUS_COLOUR = { met: '#3f8f4f', at_risk: '#c98a1b', missed: '#b3262d' } as const;

/** Worst first, as the server ranks a duty's periods. */
export const SEVERITY: readonly DutyStatus[] = [
  'missed',
  'at_risk',
  'not_yet_due',
  'exempt',
  'met',
  'not_applicable',
];

/** A duty status as a coloured tag that also says it in words (colour is never the only cue). */
export function DutyStatusTag({ status, suffix }: { status: DutyStatus; suffix?: string }) {
  const { t } = useLocale();
  return (
    <Tag color={STATUS_TAG[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`cmp.status.${status}`)}
      {suffix ? ` · ${suffix}` : ''}
    </Tag>
  );
}
