import { creditCodeWithCheck, type Gender, idNumberWithCheck } from '@gongjian/common';
import { type Rng, WeightedTable } from './random.ts';

/**
 * Fake but well-formed personal and unit data: names from surname and given-name tables, ID
 * numbers whose birth date, sex digit and GB 11643 check all agree, mobile numbers, and unified
 * social credit codes with both of their check characters.
 */

// Common surnames with rough relative frequencies, so the demo reads like a real roster.
const SURNAMES = new WeightedTable(
  [
    ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  ],
  [
    74, 72, 70, 54, 47, 32, 24, 21, 20, 19, 18, 17, 15, 14, 14, 13, 12, 12, 12, 11, 11, 10, 9, 9, 8, 8, 7, 7,
    7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2,
  ],
);
const MALE_CHARS = [...'伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文海东峰晨阳博振鸿'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞燕琳玲婷雪慧颖倩洁莉兰萍红梅英秀云桂琴月晶欣悦佳怡瑶蕾璐雯馨'];
const SHARED_CHARS = [...'子晓小春思嘉雨一安子文佳家永德新正'];

/** A Chinese name of the given sex: one surname and a one- or two-character given name. */
export function personName(rng: Rng, gender: Gender): string {
  const own = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const surname = SURNAMES.draw(rng);
  if (rng.chance(0.3)) return surname + rng.pick(own);
  const first = rng.chance(0.35) ? rng.pick(SHARED_CHARS) : rng.pick(own);
  return surname + first + rng.pick(own);
}

// Birthplace region codes: the five source places weigh most, then a spread of provincial capitals.
const LOCAL_REGIONS = ['310151', '530322', '310105', '420116', '140214'];
const OTHER_REGIONS = [
  '110105',
  '120104',
  '130102',
  '210102',
  '220104',
  '230103',
  '320106',
  '330106',
  '340104',
  '350203',
  '360102',
  '370102',
  '410105',
  '430104',
  '440305',
  '450103',
  '500103',
  '510107',
  '520102',
  '610113',
  '620102',
];

/** The fixed "today" of the demo, so ages, join dates and terms never drift between runs. */
export const DEMO_TODAY = { year: 2026, month: 1, day: 1 } as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Days in a month, for random dates that always exist. */
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A random date within a year as 'YYYY-MM-DD'. */
export function dateIn(rng: Rng, year: number): string {
  const m = rng.int(1, 12);
  return `${year}-${pad2(m)}-${pad2(rng.int(1, daysIn(year, m)))}`;
}

/** One fake person: name, sex, birth date and an ID number that agree with each other. */
export interface Identity {
  name: string;
  gender: Gender;
  birthDate: string;
  idNumber: string;
  phone: string;
}

/**
 * Hands out identities with ID numbers unique across the whole demo (members and residents
 * share it, so no person is both). The set grows with the population: linear memory, O(1) checks.
 */
export class IdentityFactory {
  private readonly used = new Set<string>();

  /** A person aged `minAge`..`maxAge` on DEMO_TODAY; `mobile` people were born elsewhere more often. */
  person(rng: Rng, opts: { minAge: number; maxAge: number; gender?: Gender; elsewhere?: number }): Identity {
    const gender: Gender = opts.gender ?? (rng.chance(0.52) ? 'male' : 'female');
    const year = DEMO_TODAY.year - rng.int(opts.minAge, opts.maxAge);
    const birthDate = dateIn(rng, year);
    const region = rng.chance(opts.elsewhere ?? 0.3) ? rng.pick(OTHER_REGIONS) : rng.pick(LOCAL_REGIONS);
    const stem = `${region}${birthDate.replaceAll('-', '')}`;
    // The last serial digit carries the sex (odd male, even female); collisions step by two
    // to keep that parity.
    let serial = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
    let first17 = stem + String(serial).padStart(3, '0');
    for (let tries = 0; this.used.has(first17); tries++) {
      if (tries >= 500) throw new Error(`ID serials exhausted for ${stem}`);
      serial = (serial + 2) % 1000;
      first17 = stem + String(serial).padStart(3, '0');
    }
    this.used.add(first17);
    return {
      name: personName(rng, gender),
      gender,
      birthDate,
      idNumber: idNumberWithCheck(first17),
      phone: phone(rng),
    };
  }
}

const PHONE_PREFIXES = [
  ...['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156'],
  ...['157', '158', '159', '166', '177', '180', '181', '182', '185', '186', '187', '188', '189', '199'],
];

/** A mainland mobile number (1[3-9] and nine more digits). */
export function phone(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Registration authority + entity category, the first two characters of a credit code. */
const CREDIT_PREFIX: Record<string, string> = {
  agency: '11',
  school: '12',
  hospital: '12',
  two_new_social: '52',
};

/** The demo district's own region code inside credit codes. */
const DISTRICT_REGION = '310151';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Unified social credit codes (GB 32100), unique within one demo. */
export class CreditCodeFactory {
  private readonly used = new Set<string>();

  next(rng: Rng, unitType: string): string {
    const prefix = CREDIT_PREFIX[unitType] ?? '91';
    for (;;) {
      // The embedded organisation code (GB 11714) carries its own check character.
      const body = String(rng.int(10_000_000, 99_999_999));
      let sum = 0;
      for (let i = 0; i < 8; i++) sum += Number(body[i]) * (ORG_CODE_WEIGHTS[i] ?? 0);
      const c = 11 - (sum % 11);
      const orgCode = body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
      const code = creditCodeWithCheck(prefix + DISTRICT_REGION + orgCode);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }
}
