import type { DutyRequirementType, DutyRule, DutyScalar } from '@gongjian/common';
import type { StringKey } from '#web/i18n/strings.ts';
import { RECORD_ATTRIBUTES } from './ruleText';

/** The rule form's values, loosely typed: the form holds whatever has been typed so far. */
export type Values = Record<string, unknown>;

export const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const list = (v: unknown) =>
  Array.isArray(v) ? v.filter((x) => x !== '' && x !== null && x !== undefined) : [];
export const get = (v: unknown, key: string | number): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;

const getIn = (v: unknown, path: readonly string[]) => path.reduce<unknown>((o, k) => get(o, k), v);

function setIn(target: Record<string, unknown>, [head, ...rest]: readonly string[], value: unknown) {
  if (head === undefined) return;
  if (!rest.length) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ?? {}) as Record<string, unknown>;
  target[head] = inner;
  setIn(inner, rest, value);
}

/** Condition values typed as the attribute is: `'7'` is not `7` to the engine. */
function typed(attribute: string, raw: unknown): DutyScalar {
  const type = RECORD_ATTRIBUTES[attribute]?.type ?? 'string';
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : Number(str(raw));
    return Number.isFinite(n) && str(String(raw)) !== '' ? n : String(raw ?? '');
  }
  if (type === 'boolean') return raw === true || raw === 'true';
  return typeof raw === 'string' ? raw : String(raw ?? '');
}

function noun(v: unknown, plural = false) {
  const out: Record<string, string> = { 'zh-CN': str(get(v, 'zh-CN')), en: str(get(v, 'en')) };
  if (plural && str(get(v, 'enPlural'))) out.enPlural = str(get(v, 'enPlural'));
  return out;
}

/** How a deadline's due date is given: a day of a month after the period, or days after it. */
export type DueMode = 'months' | 'days';

/** How a requirement parameter is edited. */
export type ParamControl =
  | { kind: 'number'; min: number; max?: number; integer?: boolean; placeholder?: string }
  | { kind: 'text'; placeholder?: string }
  /** One of the numeric record attributes. */
  | { kind: 'attribute'; allowClear?: boolean }
  /** One of the coverage populations the server supplies. */
  | { kind: 'population' };

/** One scalar parameter of a requirement: where it sits, how it is edited and how it is sent. */
export interface RequirementParam {
  /** Under `requirement` in the form and in the body alike; `['due', 'day']` nests as `due` does. */
  path: readonly string[];
  label: StringKey;
  extra?: StringKey;
  control: ParamControl;
  required?: boolean;
  /** A quarter of the row rather than a third. */
  narrow?: boolean;
  /** Shown and sent only while the due date is given this way. */
  dueMode?: DueMode;
  /**
   * Sent as typed by default, empty or not, so that the schema names what is missing; `optional`
   * leaves it out when empty; `shareAs` sends a percentage as a share under another name.
   */
  send?: 'optional' | { shareAs: string };
}

/** A word the requirement's sentence is written with, in both languages. */
export interface RequirementWord {
  key: string;
  label: StringKey;
  /** Nouns take an English plural as well. */
  plural: boolean;
  /** Left out when both languages are empty (the sentence then says a default). */
  optional?: boolean;
}

/**
 * A whole number of the deadline's due date, bounded as the schema bounds it. The months mode
 * asks two of them where the days mode asks one, so each takes half the room.
 */
const dueNumber = (key: string, label: StringKey, dueMode: DueMode, min: number, max: number) =>
  ({
    path: ['due', key],
    label,
    required: true,
    narrow: dueMode === 'months',
    dueMode,
    control: { kind: 'number', min, max, integer: true },
  }) satisfies RequirementParam;

const NOUN: RequirementWord = { key: 'noun', label: 'rule.noun', plural: true };

/**
 * Each requirement type's parameters, declared once: the form shows them in this order and
 * `toRule` sends them as said here. A deadline also asks how its due date is given.
 */
export const REQUIREMENT_PARAMS: Record<
  DutyRequirementType,
  { dueModes?: true; params: RequirementParam[]; words: RequirementWord[] }
> = {
  count: {
    params: [
      {
        path: ['min'],
        label: 'rule.minCount',
        required: true,
        control: { kind: 'number', min: 1, integer: true },
      },
    ],
    words: [NOUN],
  },
  sum: {
    params: [
      { path: ['attribute'], label: 'rule.sumAttribute', required: true, control: { kind: 'attribute' } },
      { path: ['min'], label: 'rule.minSum', required: true, control: { kind: 'number', min: 0 } },
    ],
    words: [NOUN, { key: 'unit', label: 'rule.unit', plural: true }],
  },
  coverage: {
    params: [
      { path: ['population'], label: 'rule.population', required: true, control: { kind: 'population' } },
      { path: ['attribute'], label: 'rule.coverAttribute', required: true, control: { kind: 'attribute' } },
      {
        path: ['minSharePercent'],
        label: 'rule.minShare',
        narrow: true,
        control: { kind: 'number', min: 1, max: 100, placeholder: '100' },
        send: { shareAs: 'minShare' },
      },
      {
        path: ['measureWord'],
        label: 'rule.measureWord',
        narrow: true,
        control: { kind: 'text', placeholder: '名' },
        send: 'optional',
      },
    ],
    words: [NOUN, { key: 'verb', label: 'rule.verb', plural: false }],
  },
  deadline: {
    dueModes: true,
    params: [
      dueNumber('daysAfterPeriodEnd', 'rule.daysAfter', 'days', 0, 730),
      dueNumber('monthsAfterPeriodEnd', 'rule.monthsAfter', 'months', 0, 24),
      dueNumber('day', 'rule.dueDay', 'months', 1, 31),
      {
        path: ['periodAttribute'],
        label: 'rule.periodAttribute',
        extra: 'rule.periodAttributeHelp',
        control: { kind: 'attribute', allowClear: true },
        send: 'optional',
      },
    ],
    words: [NOUN, { key: 'verb', label: 'rule.verbOptional', plural: false, optional: true }],
  },
};

/** The parameters of a requirement type as the form holds it; none for anything else. */
export function requirementSpec(type: unknown) {
  return typeof type === 'string' && Object.hasOwn(REQUIREMENT_PARAMS, type)
    ? REQUIREMENT_PARAMS[type as DutyRequirementType]
    : undefined;
}

/** The requirement's parameters the form shows now: those of the other due-date mode are hidden. */
export function shownParams(type: unknown, dueMode: unknown): RequirementParam[] {
  const mode: DueMode = dueMode === 'days' ? 'days' : 'months';
  return (requirementSpec(type)?.params ?? []).filter((p) => !p.dueMode || p.dueMode === mode);
}

/**
 * The form's values as a rule body: empty optional parts left out, percentages as shares,
 * condition values typed, the deadline's due date in the shape chosen.
 */
export function toRule(values: Values): Record<string, unknown> {
  const r = get(values, 'rule');
  const rule: Record<string, unknown> = { name: noun(get(r, 'name')) };
  const code = str(get(r, 'code'));
  if (code) rule.code = code;
  const description = get(r, 'description');
  if (str(get(description, 'zh-CN')) || str(get(description, 'en')))
    rule.description = { 'zh-CN': str(get(description, 'zh-CN')), en: str(get(description, 'en')) };
  const a = get(r, 'appliesTo');
  const appliesTo: Record<string, unknown> = {};
  for (const key of ['subjectTypes', 'appointmentKinds', 'memberCategories', 'unitTypes', 'roles']) {
    const items = list(get(a, key));
    if (items.length) appliesTo[key] = items;
  }
  rule.appliesTo = appliesTo;
  rule.period = get(r, 'period');
  const c = get(r, 'counts');
  const counts: Record<string, unknown> = { kinds: list(get(c, 'kinds')) };
  const where = list(get(c, 'where')).map((w) => {
    const attribute = str(get(w, 'attribute'));
    return get(w, 'op') === 'in'
      ? { attribute, op: 'in', values: list(get(w, 'values')).map((v) => typed(attribute, v)) }
      : { attribute, op: 'equals', value: typed(attribute, get(w, 'value')) };
  });
  if (where.length) counts.where = where;
  if (get(c, 'confirmedOnly') === true) counts.confirmedOnly = true;
  rule.counts = counts;
  const q = get(r, 'requirement');
  const type = get(q, 'type');
  const req: Record<string, unknown> = { type };
  for (const p of shownParams(type, get(values, 'dueMode'))) {
    const raw = getIn(q, p.path);
    const value = p.control.kind === 'number' ? num(raw) : str(raw);
    if (typeof p.send === 'object') {
      if (typeof value === 'number') req[p.send.shareAs] = value / 100;
    } else if (p.send !== 'optional' || (value !== undefined && value !== '')) setIn(req, p.path, value);
  }
  for (const w of requirementSpec(type)?.words ?? []) {
    const word = noun(get(q, w.key), w.plural);
    if (!w.optional || word['zh-CN'] || word.en) req[w.key] = word;
  }
  rule.requirement = req;
  if (num(get(r, 'atRiskDays')) !== undefined) rule.atRiskDays = num(get(r, 'atRiskDays'));
  const minShare = num(get(r, 'minPeriodSharePercent'));
  if (minShare !== undefined) rule.minPeriodShare = minShare / 100;
  const partial = str(get(r, 'partialPeriods'));
  if (partial) rule.partialPeriods = partial;
  // termDays belongs to term rules only; a rule switched to another period drops it.
  if (rule.period === 'term' && num(get(r, 'termDays')) !== undefined)
    rule.termDays = num(get(r, 'termDays'));
  return rule;
}

/** A stored rule as the form's values (the inverse of `toRule`). */
export function fromRule(rule: DutyRule): Values {
  const q = rule.requirement;
  const requirement: Record<string, unknown> = { ...q };
  for (const p of REQUIREMENT_PARAMS[q.type].params) {
    const share = typeof p.send === 'object' ? get(q, p.send.shareAs) : undefined;
    if (typeof share === 'number') setIn(requirement, p.path, Math.round(share * 100));
  }
  const where = (rule.counts.where ?? []).map((w) =>
    w.op === 'equals'
      ? {
          attribute: w.attribute,
          op: 'equals',
          value: typeof w.value === 'boolean' ? String(w.value) : w.value,
        }
      : {
          attribute: w.attribute,
          op: 'in',
          values: w.values.map((v) => (typeof v === 'boolean' ? String(v) : v)),
        },
  );
  return {
    dueMode: q.type === 'deadline' && 'daysAfterPeriodEnd' in q.due ? 'days' : 'months',
    rule: {
      code: rule.code,
      name: rule.name,
      description: rule.description,
      appliesTo: rule.appliesTo,
      period: rule.period,
      counts: { ...rule.counts, where },
      requirement,
      atRiskDays: rule.atRiskDays,
      minPeriodSharePercent:
        rule.minPeriodShare === undefined ? undefined : Math.round(rule.minPeriodShare * 100),
      partialPeriods: rule.partialPeriods,
      termDays: rule.termDays,
    },
  };
}

/** A new rule's values: an appointee's quarterly count until the user says otherwise. */
export const EMPTY: Values = {
  dueMode: 'months',
  rule: {
    appliesTo: { subjectTypes: ['appointee'] },
    period: 'quarter',
    counts: { kinds: [], where: [], confirmedOnly: false },
    requirement: { type: 'count', min: 1 },
  },
};
