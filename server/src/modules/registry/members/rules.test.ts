import {
  idNumberWithCheck,
  type MemberFacts,
  memberAreaIssues,
  memberCreateForm,
  memberIssues,
  memberRuleInputs,
  memberUpdateForm,
  residentAreaIssues,
} from '@gongjian/common';
import { describe, expect, it } from 'vitest';

/** Born 1985-07-12 (the ID number carries it in characters 7–14). */
const ID = idNumberWithCheck('31015119850712001');

describe('member rules (common/src/registry/member-rules.ts)', () => {
  const table: [string, MemberFacts, string[]][] = [
    ['nothing to compare', {}, []],
    ['the ID number alone', { idNumber: ID }, []],
    ['birth date equal to the ID number’s', { idNumber: ID, birthDate: '1985-07-12' }, []],
    [
      'birth date the ID number contradicts',
      { idNumber: ID, birthDate: '1985-07-13' },
      ['birthDate:v.birthDateId'],
    ],
    ['lower-case check character still read', { idNumber: ID.toLowerCase(), birthDate: '1985-07-12' }, []],
    ['join date after birth', { idNumber: ID, joinDate: '2005-07-01' }, []],
    ['join date on the birth day', { idNumber: ID, joinDate: '1985-07-12' }, ['joinDate:v.birthBeforeJoin']],
    ['join date before birth', { idNumber: ID, joinDate: '1970-01-01' }, ['joinDate:v.birthBeforeJoin']],
    [
      'both wrong: both reported, birth date first',
      { idNumber: ID, birthDate: '1990-01-01', joinDate: '1980-01-01' },
      ['birthDate:v.birthDateId', 'joinDate:v.birthBeforeJoin'],
    ],
    // The join date is judged against the ID number's birth date, not the contradicting one given.
    [
      'join date between the two birth dates',
      { idNumber: ID, birthDate: '1990-01-01', joinDate: '1986-01-01' },
      ['birthDate:v.birthDateId'],
    ],
    [
      'no ID number: the birth date given counts',
      { birthDate: '1990-01-01', joinDate: '1989-12-31' },
      ['joinDate:v.birthBeforeJoin'],
    ],
    // A bad ID number or date is the schema's to report, not a rule's.
    [
      'invalid ID number',
      { idNumber: '31015119850712', birthDate: '2000-01-01', joinDate: '1999-01-01' },
      ['joinDate:v.birthBeforeJoin'],
    ],
    ['not a date', { idNumber: ID, birthDate: '12/07/1985', joinDate: 'soon' }, []],
    ['cleared dates', { idNumber: ID, birthDate: null, joinDate: null }, []],
  ];
  it.each(table)('%s', (_name, facts, expected) => {
    expect(memberIssues(facts).map((i) => `${i.field}:${i.key}`)).toEqual(expected);
  });

  it('holds a partial write only to the rules reading a field it sends', () => {
    const stored = { idNumber: ID, joinDate: '1970-01-01' };
    expect(memberIssues(stored, ['phone'])).toEqual([]);
    expect(memberIssues(stored, ['joinDate'])).toEqual([{ field: 'joinDate', key: 'v.birthBeforeJoin' }]);
    expect(memberIssues(stored, ['idNumber'])).toEqual([{ field: 'joinDate', key: 'v.birthBeforeJoin' }]);
  });

  it('names the fields each rule reads, for the form to re-check', () => {
    expect(memberRuleInputs('joinDate')).toEqual(['idNumber', 'birthDate']);
    expect(memberRuleInputs('birthDate')).toEqual(['idNumber']);
    expect(memberRuleInputs('phone')).toEqual([]);
  });

  it('area levels', () => {
    expect(memberAreaIssues('building')).toEqual([]);
    expect(memberAreaIssues('street')).toEqual([{ field: 'areaId', key: 'v.memberArea' }]);
    expect(memberAreaIssues('grid')).toEqual([{ field: 'areaId', key: 'v.memberArea' }]);
    expect(residentAreaIssues('grid')).toEqual([]);
    expect(residentAreaIssues('street')).toEqual([{ field: 'areaId', key: 'v.residentArea' }]);
  });

  it('the form schemas report the rules on their fields, beside the fields’ own issues', () => {
    const body = { areaId: 1, name: '张伟', gender: 'male', idNumber: ID, category: 'in_service' };
    expect(memberCreateForm.safeParse({ ...body, joinDate: '2005-07-01' }).success).toBe(true);
    const bad = memberCreateForm.safeParse({ ...body, phone: '123', joinDate: '1970-01-01' });
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'phone:v.phone',
      'joinDate:v.birthBeforeJoin',
    ]);
    // An update body is held to what it sends: a join date alone cannot be judged.
    expect(memberUpdateForm.safeParse({ joinDate: '1970-01-01' }).success).toBe(true);
    expect(
      memberUpdateForm.safeParse({ idNumber: ID, birthDate: '1985-07-13' }).error?.issues[0],
    ).toMatchObject({
      path: ['birthDate'],
      message: 'v.birthDateId',
    });
  });
});
