import type { Locale } from '@gongjian/common';

const DAY = 86_400_000;

/** A civil day as the phone shows it: 11月23日, or 23 Nov. */
function dayText(d: Date, locale: Locale): string {
  return locale === 'en'
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(d)
    : `${d.getMonth() + 1}月${d.getDate()}日`;
}

/**
 * A period by its dates (11月23日–11月29日) rather than its week number: people remember which days
 * they worked, not "第48周". `end` is exclusive (the engine's `[start, end)`), so the last day shown
 * is the one before it.
 */
export function spanText(start: string, end: string | null, locale: Locale): string {
  const from = new Date(start);
  if (!end) return dayText(from, locale);
  return `${dayText(from, locale)}–${dayText(new Date(Date.parse(end) - DAY / 2), locale)}`;
}
