import {
  APPOINTMENT_STATUS_LABELS,
  type AppointmentStatus,
  BATCH_STATUS_LABELS,
  type BatchStatus,
  type CandidateStatus,
  WORK_LOG_KIND_LABELS,
  WORK_LOG_KINDS,
  type WorkLogStatus,
} from '@gongjian/common';
import { Tag } from 'antd';
import type { Option } from '#web/components/fields.tsx';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';

const APPOINTMENT_COLORS: Record<AppointmentStatus, string> = {
  active: 'green',
  ended: 'default',
  recalled: 'orange',
  replaced: 'purple',
};

/** An appointment's status as a coloured tag. */
export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const { label } = useLocale();
  return <Tag color={APPOINTMENT_COLORS[status]}>{label(APPOINTMENT_STATUS_LABELS[status])}</Tag>;
}

const BATCH_COLORS: Record<BatchStatus, string> = {
  nominating: 'blue',
  checked: 'cyan',
  review: 'gold',
  notice: 'orange',
  appointed: 'green',
  cancelled: 'default',
};

/** A batch's status as a coloured tag. */
export function BatchStatusTag({ status }: { status: BatchStatus }) {
  const { label } = useLocale();
  return <Tag color={BATCH_COLORS[status]}>{label(BATCH_STATUS_LABELS[status])}</Tag>;
}

const CANDIDATE_COLORS: Record<CandidateStatus, string> = {
  nominated: 'blue',
  qualified: 'cyan',
  disqualified: 'red',
  approved: 'green',
  rejected: 'volcano',
  appointed: 'green',
};

/** A candidate's status as a coloured tag. */
export function CandidateStatusTag({ status }: { status: CandidateStatus }) {
  const { t } = useLocale();
  return <Tag color={CANDIDATE_COLORS[status]}>{t(`cand.${status}`)}</Tag>;
}

const LOG_COLORS: Record<WorkLogStatus, string> = { pending: 'gold', confirmed: 'green', rejected: 'red' };

/** A work log's status as a coloured tag. */
export function WorkLogStatusTag({ status }: { status: WorkLogStatus }) {
  const { t } = useLocale();
  return <Tag color={LOG_COLORS[status]}>{t(`log.${status}`)}</Tag>;
}

/** The work log kinds as select options in the current language. */
export function workLogKindOptions(label: (p: { 'zh-CN': string; en: string }) => string): Option[] {
  return WORK_LOG_KINDS.map((k) => ({ value: k, label: label(WORK_LOG_KIND_LABELS[k]) }));
}

/** Options for a `{ code: labels }` map. */
export function labelOptions<K extends string>(
  labels: Record<K, { 'zh-CN': string; en: string }>,
  label: (p: { 'zh-CN': string; en: string }) => string,
): Option[] {
  return (Object.keys(labels) as K[]).map((k) => ({ value: k, label: label(labels[k]) }));
}

/**
 * A kind's name in the current language, from a kind (`nameZh`/`nameEn`) or a record naming its
 * kind (`kindNameZh`/`kindNameEn` with prefix `kind`).
 */
export function kindName(locale: string, r: Record<string, unknown>, prefix = ''): string {
  const zh = prefix ? `${prefix}NameZh` : 'nameZh';
  const en = prefix ? `${prefix}NameEn` : 'nameEn';
  return String((locale === 'en' ? r[en] : r[zh]) ?? r[zh] ?? '');
}

/** `2026-01-01 ~ 2027-12-31`, or "至今" for an open term. */
export function termText(t: Translate, start: string | null, end: string | null): string {
  if (!start) return '—';
  return `${start} ~ ${end ?? t('log.openTerm')}`;
}
