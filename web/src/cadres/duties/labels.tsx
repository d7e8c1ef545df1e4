import type { DutyExemption, ExemptionStatus, Locale, Localized } from '@gongjian/common';
import { Tag } from 'antd';
import { useLocale } from '#web/i18n/locale.tsx';

const EXEMPTION_COLORS: Record<ExemptionStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

/** An exemption request's status as a coloured tag. */
export function ExemptionStatusTag({ status }: { status: ExemptionStatus }) {
  const { t } = useLocale();
  return <Tag color={EXEMPTION_COLORS[status]}>{t(`exm.${status}`)}</Tag>;
}

/** The rule an exemption is about, by name (its code when the rule is gone). */
export function exemptionRuleName(
  e: Pick<DutyExemption, 'ruleName' | 'ruleCode'>,
  label: (l: Localized) => string,
) {
  return e.ruleName ? label(e.ruleName) : e.ruleCode;
}

/** The colon after a label: full-width in Chinese, ": " in English. */
export const colon = (locale: Locale) => (locale === 'en' ? ': ' : '：');
