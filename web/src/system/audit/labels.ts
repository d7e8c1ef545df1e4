import {
  AUDIT_ACTION_LABELS as ACTIONS,
  AUDIT_ENTITY_LABELS as ENTITIES,
  type Locale,
} from '@gongjian/common';

export const actionLabel = (code: string, locale: Locale) => ACTIONS[code]?.[locale] ?? code;
export const entityLabel = (code: string, locale: Locale) => ENTITIES[code]?.[locale] ?? code;

/** Filter options for the audit page. */
export const actionOptions = (locale: Locale) =>
  Object.entries(ACTIONS).map(([value, p]) => ({ value, label: p[locale] }));
export const entityOptions = (locale: Locale) =>
  Object.entries(ENTITIES).map(([value, p]) => ({ value, label: p[locale] }));
