import type { z } from 'zod';
import type { MessageKey } from '../i18n.ts';
import { isValidIdNumber } from '../validators.ts';

/**
 * The member and resident field rules that look at more than one field or at a resolved
 * reference, written once. The desk form (through the `*Form` schemas), the member and resident
 * services (with the reference checks that need the database) and the Excel import (a cell error
 * per issue) all call these functions, so the same bad value gets the same message key on every
 * path. Single-field rules (phone, ID number checksum, required fields) are the zod schemas' own.
 */

/** One problem with one field: the catalogue key of its message. */
export interface RuleIssue {
  field: string;
  key: MessageKey;
}

/** The birth date an ID number encodes (characters 7–14), as YYYY-MM-DD. */
export function birthDateFromIdNumber(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** The tree levels a party member's residence may point at. */
export const MEMBER_AREA_LEVELS = ['community', 'compound', 'building'] as const;

/** The tree levels a resident may be registered at: a community or any node below it. */
export const RESIDENT_AREA_LEVELS = ['community', 'zone', 'compound', 'building', 'grid'] as const;

/** What the member rules judge: the record as it will be after the write (blanks as null). */
export interface MemberFacts {
  idNumber?: string | null;
  /** The birth date the caller gave, if any (the ID number's is taken otherwise). */
  birthDate?: string | null;
  joinDate?: string | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A value a rule may compare: the schemas' own checks report anything else. */
const day = (v: unknown): string | null => (typeof v === 'string' && ISO_DAY.test(v) ? v : null);
const idNumberOf = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const id = v.trim().toUpperCase();
  return isValidIdNumber(id) ? id : null;
};

interface Rule<F> {
  /** The field the issue is shown on. */
  field: string;
  /** Every field the rule reads: a write touching none of them is not held to it. */
  reads: readonly string[];
  check(facts: F): MessageKey | null;
}

/** The member rules, in the order their issues are reported. */
export const MEMBER_RULES: readonly Rule<MemberFacts>[] = [
  {
    // The ID number encodes the birth date, so a birth date given beside it must be that one.
    field: 'birthDate',
    reads: ['idNumber', 'birthDate'],
    check(f) {
      const id = idNumberOf(f.idNumber);
      const given = day(f.birthDate);
      return id && given && given !== birthDateFromIdNumber(id) ? 'v.birthDateId' : null;
    },
  },
  {
    field: 'joinDate',
    reads: ['idNumber', 'birthDate', 'joinDate'],
    check(f) {
      const id = idNumberOf(f.idNumber);
      const birth = id ? birthDateFromIdNumber(id) : day(f.birthDate);
      const join = day(f.joinDate);
      return join && birth && join <= birth ? 'v.birthBeforeJoin' : null;
    },
  },
];

/**
 * The issues of a member record. With `touched` (the fields a partial write sends), only the
 * rules reading one of them are applied: an edit of the phone is not refused for a join date
 * stored before the rule existed.
 */
export function memberIssues(facts: MemberFacts, touched?: readonly string[]): RuleIssue[] {
  return MEMBER_RULES.flatMap((r) => {
    if (touched && !r.reads.some((f) => touched.includes(f))) return [];
    const key = r.check(facts);
    return key ? [{ field: r.field, key }] : [];
  });
}

/** The fields whose change may change the verdict on `field` (the desk re-checks it then). */
export function memberRuleInputs(field: string): string[] {
  const reads = MEMBER_RULES.filter((r) => r.field === field).flatMap((r) => r.reads);
  return [...new Set(reads)].filter((f) => f !== field);
}

/** A residence level a member may live at, or the issue. */
export function memberAreaIssues(level: string): RuleIssue[] {
  return (MEMBER_AREA_LEVELS as readonly string[]).includes(level)
    ? []
    : [{ field: 'areaId', key: 'v.memberArea' }];
}

/** A level a resident may be registered at, or the issue. */
export function residentAreaIssues(level: string): RuleIssue[] {
  return (RESIDENT_AREA_LEVELS as readonly string[]).includes(level)
    ? []
    : [{ field: 'areaId', key: 'v.residentArea' }];
}

/**
 * The member rules as a zod refinement over a create or update body: on an update body only the
 * rules whose fields it sends (the rest of the record is the server's to check).
 */
export function refineMember(partial: boolean) {
  return (value: MemberFacts, ctx: z.RefinementCtx) => {
    const sent = partial
      ? Object.keys(value).filter((k) => value[k as keyof MemberFacts] !== undefined)
      : undefined;
    for (const i of memberIssues(value, sent))
      ctx.addIssue({ code: 'custom', path: [i.field], message: i.key, input: value });
  };
}
