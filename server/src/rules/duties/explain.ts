import type { DutyNoun, Localized } from '@gongjian/common';
import type { PopulationEntry } from './types.ts';

/**
 * The sentences that explain a verdict, in Chinese and English. They name the period first and
 * then what is missing ("2026-W07：未记录联系社区" / "2026-W07: no contact with the community
 * recorded"), so a board cell, a reminder and a drill-down all say the same thing.
 */

/** How many names an explanation lists before "等 N 名" / "and N more". */
export const MAX_NAMES = 10;

const DEFAULT_MEASURE_WORD = '名';

/** English plural of a noun: its `enPlural`, or the last word's regular plural. */
export function pluralEn(noun: DutyNoun): string {
  if (noun.enPlural) return noun.enPlural;
  const m = /^(.*?)(\S+)$/.exec(noun.en);
  const head = m?.[1] ?? '';
  const word = m?.[2] ?? noun.en;
  if (/[^aeiou]y$/i.test(word)) return `${head}${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${head}${word}es`;
  return `${head}${word}s`;
}

const nounEn = (noun: DutyNoun, n: number) => (n === 1 ? noun.en : pluralEn(noun));

/** A number as people write it: at most two decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  return String(Number(n.toFixed(2)));
}

const zh = (label: Localized, body: string) => `${label['zh-CN']}：${body}`;
const en = (label: Localized, body: string) => `${label.en}: ${body}`;

function nameList(entries: readonly PopulationEntry[], measureWord: string): Localized {
  const shown = entries.slice(0, MAX_NAMES).map((e) => e.name);
  const rest = entries.length - shown.length;
  return {
    'zh-CN': shown.join('、') + (rest > 0 ? ` 等 ${entries.length} ${measureWord}` : ''),
    en: shown.join(', ') + (rest > 0 ? ` and ${rest} more` : ''),
  };
}

/** Count: "未记录联系社区" / "no contact recorded"; "已记录 1 次…，至少需 2 次" / "1 of 2 … recorded". */
export function explainCount(label: Localized, actual: number, min: number, noun: DutyNoun): Localized {
  if (actual === 0) {
    const need = min > 1 ? `（至少需 ${min} 次）` : '';
    const needEn = min > 1 ? ` (at least ${min} required)` : '';
    return {
      'zh-CN': zh(label, `未记录${noun['zh-CN']}${need}`),
      en: en(label, `no ${noun.en} recorded${needEn}`),
    };
  }
  if (actual < min) {
    return {
      'zh-CN': zh(label, `已记录 ${actual} 次${noun['zh-CN']}，至少需 ${min} 次，尚差 ${min - actual} 次`),
      en: en(label, `${actual} of ${min} ${nounEn(noun, min)} recorded, ${min - actual} short`),
    };
  }
  return {
    'zh-CN': zh(label, `已记录 ${actual} 次${noun['zh-CN']}（至少需 ${min} 次）`),
    en: en(label, `${actual} ${nounEn(noun, actual)} recorded (at least ${min} required)`),
  };
}

/** Sum: "志愿服务共 6 小时，至少需 10 小时，尚差 4 小时" / "6 of 10 hours of volunteer service recorded, 4 short". */
export function explainSum(
  label: Localized,
  actual: number,
  min: number,
  noun: DutyNoun,
  unit: DutyNoun,
): Localized {
  const [a, m, d] = [formatNumber(actual), formatNumber(min), formatNumber(min - actual)];
  const u = unit['zh-CN'];
  if (actual === 0) {
    return {
      'zh-CN': zh(label, `未记录${noun['zh-CN']}（至少需 ${m} ${u}）`),
      en: en(label, `no ${noun.en} recorded (${m} ${nounEn(unit, min)} required)`),
    };
  }
  if (actual < min) {
    return {
      'zh-CN': zh(label, `${noun['zh-CN']}共 ${a} ${u}，至少需 ${m} ${u}，尚差 ${d} ${u}`),
      en: en(label, `${a} of ${m} ${nounEn(unit, min)} of ${noun.en} recorded, ${d} short`),
    };
  }
  return {
    'zh-CN': zh(label, `${noun['zh-CN']}共 ${a} ${u}（至少需 ${m} ${u}）`),
    en: en(label, `${a} ${nounEn(unit, actual)} of ${noun.en} recorded (at least ${m} required)`),
  };
}

/** What a coverage explanation needs. */
export interface CoverageFacts {
  total: number;
  covered: number;
  required: number;
  /** Uncovered members, in the order to list them. */
  missing: readonly PopulationEntry[];
  /** Whether the period has closed: "未联系" rather than "尚未联系". */
  closed: boolean;
}

/** Coverage: "17 名职工中 4 名尚未联系：张三、…" / "4 of 17 employees not yet contacted: …". */
export function explainCoverage(
  label: Localized,
  facts: CoverageFacts,
  noun: DutyNoun,
  verb: Localized,
  measureWord = DEFAULT_MEASURE_WORD,
): Localized {
  const { total, covered, required, missing, closed } = facts;
  const mw = measureWord;
  if (total === 0) {
    return {
      'zh-CN': zh(label, `无需${verb['zh-CN']}的${noun['zh-CN']}`),
      en: en(label, `no ${pluralEn(noun)} to be ${verb.en}`),
    };
  }
  if (missing.length === 0) {
    return {
      'zh-CN': zh(label, `${total} ${mw}${noun['zh-CN']}已全部${verb['zh-CN']}`),
      en: en(label, total === 1 ? `the ${noun.en} ${verb.en}` : `all ${total} ${pluralEn(noun)} ${verb.en}`),
    };
  }
  if (covered >= required) {
    return {
      'zh-CN': zh(
        label,
        `${total} ${mw}${noun['zh-CN']}中已${verb['zh-CN']} ${covered} ${mw}（至少需 ${required} ${mw}）`,
      ),
      en: en(
        label,
        `${covered} of ${total} ${nounEn(noun, total)} ${verb.en} (at least ${required} required)`,
      ),
    };
  }
  const names = nameList(missing, mw);
  const need = required < total ? `（至少需 ${required} ${mw}）` : '';
  const needEn = required < total ? ` (at least ${required} required)` : '';
  return {
    'zh-CN': zh(
      label,
      `${total} ${mw}${noun['zh-CN']}中 ${missing.length} ${mw}${closed ? '未' : '尚未'}${verb['zh-CN']}${need}：${names['zh-CN']}`,
    ),
    en: en(
      label,
      `${missing.length} of ${total} ${nounEn(noun, total)} ${closed ? 'not' : 'not yet'} ${verb.en}${needEn}: ${names.en}`,
    ),
  };
}

/** What a deadline explanation needs; dates are local YYYY-MM-DD. */
export interface DeadlineFacts {
  dueDate: string | null;
  /** The first record on time, if any. */
  onTimeDate: string | null;
  /** The first late record (one stating it is for this period), if any. */
  lateDate: string | null;
  /** Whether the due date has passed. */
  passed: boolean;
}

/** Deadline: "年度述职报告应于 2027-01-31 前提交" / "annual work report due by 2027-01-31". */
export function explainDeadline(
  label: Localized,
  facts: DeadlineFacts,
  noun: DutyNoun,
  verb: Localized,
): Localized {
  const { dueDate, onTimeDate, lateDate, passed } = facts;
  if (onTimeDate) {
    const due = dueDate ? `（截止 ${dueDate}）` : '';
    const dueEn = dueDate ? ` (due ${dueDate})` : '';
    return {
      'zh-CN': zh(label, `${noun['zh-CN']}已于 ${onTimeDate} ${verb['zh-CN']}${due}`),
      en: en(label, `${noun.en} ${verb.en} on ${onTimeDate}${dueEn}`),
    };
  }
  if (!dueDate) {
    return {
      'zh-CN': zh(label, `${noun['zh-CN']}尚未${verb['zh-CN']}（任期结束后确定截止日期）`),
      en: en(label, `${noun.en} not yet ${verb.en} (due date set when the term ends)`),
    };
  }
  if (passed) {
    const late = lateDate ? `（${lateDate} 逾期${verb['zh-CN']}）` : '';
    const lateEn = lateDate ? ` (${verb.en} late on ${lateDate})` : '';
    return {
      'zh-CN': zh(label, `${noun['zh-CN']}未在 ${dueDate} 前${verb['zh-CN']}${late}`),
      en: en(label, `${noun.en} not ${verb.en} by ${dueDate}${lateEn}`),
    };
  }
  return {
    'zh-CN': zh(label, `${noun['zh-CN']}应于 ${dueDate} 前${verb['zh-CN']}`),
    en: en(label, `${noun.en} due by ${dueDate}`),
  };
}

/** A period the term covers too little of: "任期仅覆盖本期 2/7 天，不足 50%，不考核". */
export function explainNotApplicable(
  label: Localized,
  coveredDays: number,
  periodDays: number,
  minShare: number,
  recorded = 0,
): Localized {
  const pct = formatNumber(minShare * 100);
  return {
    'zh-CN': zh(
      label,
      `任期仅覆盖本期 ${coveredDays}/${periodDays} 天，不足 ${pct}%，不考核${keptZh(recorded)}`,
    ),
    en: en(
      label,
      `the term covers ${coveredDays} of ${periodDays} days, under ${pct}%; not assessed${keptEn(recorded)}`,
    ),
  };
}

/** Work done in a period that is not assessed is still shown: "（已记录 2 条）" / " (2 records on file)". */
const keptZh = (n: number) => (n > 0 ? `（已记录 ${n} 条）` : '');
const keptEn = (n: number) => (n > 0 ? ` (${n} ${n === 1 ? 'record' : 'records'} on file)` : '');

/** A rule that assesses whole periods only (`partialPeriods: 'skip'`). */
export function explainPartialSkipped(
  label: Localized,
  coveredDays: number,
  fullDays: number,
  recorded = 0,
): Localized {
  return {
    'zh-CN': zh(
      label,
      `任期仅覆盖 ${coveredDays}/${fullDays} 天，本规则只考核完整期间，不考核${keptZh(recorded)}`,
    ),
    en: en(
      label,
      `the term covers ${coveredDays} of ${fullDays} days; this rule assesses whole periods only, not assessed${keptEn(recorded)}`,
    ),
  };
}

/** A pro-rated requirement says so: "（按在任 61/730 天折算，全期需 24 次）" / " (pro-rated: 61 of 730 days; 24 for the full period)". */
export function explainProrated(
  explanation: Localized,
  coveredDays: number,
  fullDays: number,
  fullMin: number,
): Localized {
  const full = formatNumber(fullMin);
  return {
    'zh-CN': `${explanation['zh-CN']}（按在任 ${coveredDays}/${fullDays} 天折算，完整期间要求 ${full}）`,
    en: `${explanation.en} (pro-rated: ${coveredDays} of ${fullDays} days served; ${full} for the full period)`,
  };
}

/** An approved exemption: "已豁免（病假）" / "exempt (illness)". */
export function explainExempt(label: Localized, reason: Localized): Localized {
  return {
    'zh-CN': zh(label, `已豁免（${reason['zh-CN']}）`),
    en: en(label, `exempt (${reason.en})`),
  };
}

/** A period that has not begun yet. */
export function explainNotStarted(label: Localized): Localized {
  return { 'zh-CN': zh(label, '尚未开始'), en: en(label, 'not started yet') };
}
