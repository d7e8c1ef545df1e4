import { ACTION_CATEGORY_LABELS, ACTIVITY_TYPE_LABELS, type WorkLog } from '@gongjian/common';
import type { Translate } from '#web/i18n/locale.tsx';

// Apart from WorkLogsPage so that the appointee's phone page can say it without loading the desk's
// list page (and its Excel buttons and pickers).

export type Label = (p: { 'zh-CN': string; en: string }) => string;

/** The kind-specific part of a log in one line (whom was visited, which activity…). */
export function logDetailText(t: Translate, label: Label, r: WorkLog): string {
  switch (r.kind) {
    case 'visit':
      return r.targetType === 'household' ? (r.householdAddress ?? '') : (r.targetUnitName ?? '');
    case 'employee_contact':
      return r.subjectMemberName ?? '';
    case 'activity':
      return [
        r.activityType ? label(ACTIVITY_TYPE_LABELS[r.activityType]) : '',
        r.activityRole ? t(`log.${r.activityRole}`) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'action':
      return r.actionCategory ? label(ACTION_CATEGORY_LABELS[r.actionCategory]) : '';
    case 'annual_report':
      return r.reportYear ? String(r.reportYear) : '';
    default:
      return '';
  }
}
