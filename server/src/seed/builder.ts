import type { AreaLevel, Gender, JointMemberKind, OrgType, Role } from '@gongjian/common';
import { CreditCodeFactory, DEMO_TODAY, dateIn, IdentityFactory, personName, phone } from './people.ts';
import { Rng, WeightedTable } from './random.ts';

/*
 * Plain demo records. References between them are array indexes (`area: 3` is `areas[3]`), so
 * the generator needs no database and the loader maps indexes to reserved ids in one pass.
 * Every array lists parents before children.
 */

/** A node of the administrative tree. */
export interface DemoArea {
  parent: number | null;
  level: AreaLevel;
  code: string;
  name: string;
  depth: number;
  sort: number;
  note: string | null;
}

/** A resident unit (驻区单位). */
export interface DemoUnit {
  area: number;
  name: string;
  type: string;
  creditCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  memberCount: number;
  note: string | null;
}

/** A party organisation or joint body. */
export interface DemoOrg {
  area: number;
  parent: number | null;
  unit: number | null;
  type: OrgType;
  code: string;
  name: string;
  secretaryName: string;
  foundedOn: string;
  note: string | null;
}

/** A party member; `area` is the residence (community, compound or building). */
export interface DemoMember {
  area: number;
  name: string;
  gender: Gender;
  birthDate: string;
  phone: string;
  idNumber: string;
  joinDate: string;
  unit: number | null;
  org: number | null;
  category: MemberCategory;
  skills: string[];
  roles: string[];
  note: string | null;
}

/** A resident who is not a registered party member. */
export interface DemoResident {
  area: number;
  name: string;
  gender: Gender;
  phone: string | null;
  idNumber: string | null;
  address: string;
  note: string | null;
}

/** A seat on a joint body (大工委/大党委). */
export interface DemoSeat {
  org: number;
  area: number;
  kind: JointMemberKind;
  unit: number | null;
  member: number | null;
  personName: string | null;
  post: string;
  startOn: string;
  endOn: string | null;
}

/** A sign-in account; `label` is what the startup printout shows next to the username. */
export interface DemoAccount {
  username: string;
  displayName: string;
  label: string;
  role: Role;
  area: number | null;
  unit: number | null;
  member: number | null;
  resident: number | null;
}

/** Everything the demo district consists of, ready to insert. */
export interface DemoData {
  scale: number;
  areas: DemoArea[];
  units: DemoUnit[];
  orgs: DemoOrg[];
  members: DemoMember[];
  residents: DemoResident[];
  seats: DemoSeat[];
  accounts: DemoAccount[];
}

/** The seven management categories (党员七类式管理), codes of the `member_category` dictionary. */
export const MEMBER_CATEGORIES = [
  'in_service',
  'mobile',
  'elderly',
  'retired',
  'hardship',
  'veteran',
  'community',
] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];
/** Relative weights of the categories among a community's members. */
export type CategoryMix = Partial<Record<MemberCategory, number>>;

/** An employer in a community's pool: in-service members living there work for it. */
export interface Employer {
  unit: number;
  /** The branches its members belong to (its own, or a joint branch for firms without one). */
  orgs: number[];
  weight: number;
}

/** A person the rest of the demo points at, generated first in its community at every scale. */
export interface ForcedMember {
  key?: string;
  category?: MemberCategory;
  unit?: number;
  org?: number;
  home?: number;
  roles?: string[];
  skills?: string[];
  note?: string;
}

/** How to populate one community. Counts are at scale 1 and multiplied by the scale. */
export interface CommunitySpec {
  community: number;
  members: number;
  residents: number;
  mix: CategoryMix;
  employers: Employer[];
  /** Branches for members whose branch is not their employer's. */
  branches: number[];
  /** 离退休党支部: where retired and elderly members without an employer branch go. */
  retiredBranch?: number;
  /** Zone → branch, so members living in a zone belong to that zone's branch. */
  zoneBranches?: Map<number, number>;
  forced?: ForcedMember[];
  /** Chance that the first member found living in a building becomes its 楼栋长. */
  headChance?: number;
  /** Former employers of retired members, named in their note (enterprise communities). */
  retiredFrom?: string[];
}

const AGES: Record<MemberCategory, [number, number]> = {
  in_service: [24, 59],
  mobile: [20, 45],
  elderly: [75, 93],
  retired: [60, 86],
  hardship: [30, 80],
  veteran: [26, 70],
  community: [25, 75],
};
const SKILLS = ['medical', 'legal', 'education', 'repair', 'culture', 'it', 'psychology', 'finance'];
const MOBILE_PLACES = [
  '深圳',
  '广州',
  '杭州',
  '苏州',
  '北京',
  '成都',
  '宁波',
  '东莞',
  '厦门',
  '武汉',
  '西安',
];
const HARDSHIP_NOTES = ['低保家庭', '因病致困', '残疾', '独居，子女在外地', '失业协保'];
const ROOM_UNITS = 4;
const ROADS = [
  '人民路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '学府路',
  '滨河路',
  '长安路',
  '团结路',
  '光明路',
];

/**
 * Accumulates the demo records. Case builders add the fixed skeleton (tree, units,
 * organisations, seats); `populate` then adds members and residents community by community.
 */
export class DemoBuilder {
  readonly data: DemoData;
  readonly identities = new IdentityFactory();
  private readonly credit = new CreditCodeFactory();
  private readonly children: number[][] = [];
  /** Branches per unit, so a member placed at a unit lands in one of its branches. */
  private readonly unitBranches = new Map<number, number[]>();
  private readonly memberKeys = new Map<string, number>();
  private readonly firstResidents = new Map<number, number>();
  private readonly specs: CommunitySpec[] = [];
  private readonly deferred: (() => void)[] = [];

  constructor(readonly scale: number) {
    this.data = {
      scale,
      areas: [],
      units: [],
      orgs: [],
      members: [],
      residents: [],
      seats: [],
      accounts: [],
    };
  }

  /** A count that grows linearly with the scale, never below `min`. */
  n(base: number, min = 0): number {
    return Math.max(min, Math.round(base * this.scale));
  }

  areaAt(i: number): DemoArea {
    const a = this.data.areas[i];
    if (!a) throw new Error(`no area #${i}`);
    return a;
  }

  unitAt(i: number): DemoUnit {
    const u = this.data.units[i];
    if (!u) throw new Error(`no unit #${i}`);
    return u;
  }

  /** Add a tree node; its code extends the parent's, so codes stay unique and readable. */
  area(parent: number | null, level: AreaLevel, suffix: string, name: string, note: string | null = null) {
    const p = parent === null ? null : this.areaAt(parent);
    const index = this.data.areas.length;
    const siblings = parent === null ? [] : (this.children[parent] ?? []);
    this.data.areas.push({
      parent,
      level,
      // Children of the district read `demo-cx`, deeper nodes extend their parent's code.
      code: p && p.parent !== null ? `${p.code}-${suffix}` : `demo-${suffix}`,
      name,
      depth: p ? p.depth + 1 : 0,
      sort: (siblings.length + 1) * 10,
      note,
    });
    this.children[index] = [];
    siblings.push(index);
    return index;
  }

  /**
   * A stream for decisions about the tree below a node. It depends only on the node's code, so
   * the tree comes out the same at every scale however many scaled units were drawn before it.
   */
  treeRng(area: number): Rng {
    return Rng.from(`tree:${this.areaAt(area).code}`);
  }

  childrenOf(area: number): readonly number[] {
    return this.children[area] ?? [];
  }

  /** The names from the street down to this node, e.g. "前溪街道向荣社区丽景苑3栋". */
  placeName(area: number): string {
    const parts: string[] = [];
    for (let a: number | null = area; a !== null; ) {
      const node = this.areaAt(a);
      if (node.level !== 'district') parts.unshift(node.name);
      a = node.parent;
    }
    return parts.join('');
  }

  unit(rng: Rng, u: { area: number; name: string; type: string; address?: string; note?: string }) {
    const gender: Gender = rng.chance(0.6) ? 'male' : 'female';
    this.data.units.push({
      area: u.area,
      name: u.name,
      type: u.type,
      creditCode: this.credit.next(rng, u.type),
      address: u.address ?? `${this.placeName(u.area)}${rng.pick(ROADS)}${rng.int(1, 299)}号`,
      contactName: personName(rng, gender),
      contactPhone: phone(rng),
      memberCount: 0,
      note: u.note ?? null,
    });
    return this.data.units.length - 1;
  }

  org(
    rng: Rng,
    o: {
      area: number;
      parent: number | null;
      type: OrgType;
      name: string;
      unit?: number;
      founded?: [number, number];
      note?: string;
    },
  ) {
    const [from, to] = o.founded ?? [1985, 2018];
    const index = this.data.orgs.length;
    this.data.orgs.push({
      area: o.area,
      parent: o.parent,
      unit: o.unit ?? null,
      type: o.type,
      code: `demo-org-${String(index + 1).padStart(5, '0')}`,
      name: o.name,
      secretaryName: personName(rng, rng.chance(0.6) ? 'male' : 'female'),
      foundedOn: dateIn(rng, rng.int(from, to)),
      note: o.note ?? null,
    });
    if (o.unit !== undefined && (o.type === 'branch' || o.type === 'general_branch')) {
      this.unitBranches.set(o.unit, [...(this.unitBranches.get(o.unit) ?? []), index]);
    }
    return index;
  }

  /** The branches registered for a unit (its own `branch`/`general_branch` organisations). */
  branchesOf(unit: number): number[] {
    return this.unitBranches.get(unit) ?? [];
  }

  seat(s: Omit<DemoSeat, 'unit' | 'member' | 'personName' | 'endOn'> & Partial<DemoSeat>) {
    this.data.seats.push({ unit: null, member: null, personName: null, endOn: null, ...s });
  }

  account(a: Omit<DemoAccount, 'area' | 'unit' | 'member' | 'resident'> & Partial<DemoAccount>) {
    this.data.accounts.push({ area: null, unit: null, member: null, resident: null, ...a });
  }

  /** A member generated as `ForcedMember.key`; throws if the spec did not create it. */
  member(key: string): number {
    const i = this.memberKeys.get(key);
    if (i === undefined) throw new Error(`demo member "${key}" was not generated`);
    return i;
  }

  memberAt(i: number): DemoMember {
    const m = this.data.members[i];
    if (!m) throw new Error(`no member #${i}`);
    return m;
  }

  /** The first resident generated in a community (accounts bind to it). */
  firstResident(community: number): number {
    const i = this.firstResidents.get(community);
    if (i === undefined) throw new Error(`community #${community} has no residents`);
    return i;
  }

  /** Register a community to populate; `populateAll` runs them in registration order. */
  community(spec: CommunitySpec) {
    this.specs.push(spec);
  }

  /** Run `fn` once the members exist (seats and accounts that point at generated people). */
  afterPopulation(fn: () => void) {
    this.deferred.push(fn);
  }

  /** Generate members and residents for every registered community, then what waited for them. */
  populateAll() {
    for (const spec of this.specs) this.populate(spec);
    for (const m of this.data.members) if (m.unit !== null) this.unitAt(m.unit).memberCount += 1;
    for (const fn of this.deferred) fn();
  }

  /** Where people live: the buildings of a community, else its compounds, else the community. */
  private homesOf(community: number): number[] {
    const buildings: number[] = [];
    const compounds: number[] = [];
    const walk = (a: number) => {
      const node = this.areaAt(a);
      if (node.level === 'building') buildings.push(a);
      if (node.level === 'compound') compounds.push(a);
      for (const c of this.childrenOf(a)) walk(c);
    };
    walk(community);
    if (buildings.length) return buildings;
    return compounds.length ? compounds : [community];
  }

  private zoneOf(area: number): number | null {
    for (let a: number | null = area; a !== null; a = this.areaAt(a).parent) {
      if (this.areaAt(a).level === 'zone') return a;
    }
    return null;
  }

  private populate(spec: CommunitySpec) {
    const community = this.areaAt(spec.community);
    const rng = Rng.from(`population:${community.code}`);
    const homes = this.homesOf(spec.community);
    const cats = MEMBER_CATEGORIES.filter((c) => (spec.mix[c] ?? 0) > 0);
    const mix = new WeightedTable(
      cats,
      cats.map((c) => spec.mix[c] ?? 0),
    );
    const employers = spec.employers.length
      ? new WeightedTable(
          spec.employers,
          spec.employers.map((e) => e.weight),
        )
      : null;
    const headed = new Set<number>();
    const forced = spec.forced ?? [];
    // Some members are registered at the community itself: the address on file is only the community.
    const pickHome = () =>
      homes[0] !== spec.community && rng.chance(0.08) ? spec.community : rng.pick(homes);
    const total = forced.length + this.n(spec.members);

    for (let i = 0; i < total; i++) {
      const f = forced[i];
      const category = f?.category ?? mix.draw(rng);
      const [minAge, maxAge] = AGES[category];
      const who = this.identities.person(rng, {
        minAge,
        maxAge,
        elsewhere: category === 'mobile' ? 0.8 : 0.25,
      });
      const home = f?.home ?? pickHome();

      let unit: number | null = null;
      let org: number | null = null;
      if (f?.unit !== undefined) {
        unit = f.unit;
        org = f.org ?? this.branchesOf(f.unit)[0] ?? null;
      } else if (category === 'in_service' && employers) {
        const e = employers.draw(rng);
        unit = e.unit;
        org = rng.pick(e.orgs);
      }
      if (org === null) org = f?.org ?? this.localBranch(spec, rng, category, home);

      const birthYear = Number(who.birthDate.slice(0, 4));
      const earliest = birthYear + 18;
      const latest = Math.min(DEMO_TODAY.year - 1, birthYear + 40);
      const joinDate = dateIn(rng, rng.int(earliest, Math.max(earliest, latest)));

      const skills = f?.skills ?? this.skillsFor(rng, category);
      const roles = [...(f?.roles ?? [])];
      const building = this.areaAt(home).level === 'building' ? home : null;
      if (roles.includes('building_head') && building !== null) headed.add(building);
      else if (
        building !== null &&
        !headed.has(building) &&
        category !== 'mobile' &&
        category !== 'elderly' &&
        rng.chance(spec.headChance ?? 0.3)
      ) {
        roles.push('building_head');
        headed.add(building);
      }
      if (building !== null && rng.chance(0.03)) roles.push('unit_head');
      if (category === 'in_service' && rng.chance(0.02)) roles.push('volunteer_lead');

      const index = this.data.members.length;
      this.data.members.push({
        area: home,
        name: who.name,
        gender: who.gender,
        birthDate: who.birthDate,
        phone: who.phone,
        idNumber: who.idNumber,
        joinDate,
        unit,
        org,
        category,
        skills,
        roles,
        note: f?.note ?? this.noteFor(rng, category, spec),
      });
      if (f?.key) this.memberKeys.set(f.key, index);
    }

    const prefixes = new Map<number, string>();
    const residents = this.n(spec.residents, spec.residents > 0 ? 1 : 0);
    for (let i = 0; i < residents; i++) {
      const who = this.identities.person(rng, { minAge: 18, maxAge: 90 });
      const home = pickHome();
      let prefix = prefixes.get(home);
      if (prefix === undefined) {
        prefix = this.placeName(home);
        prefixes.set(home, prefix);
      }
      const level = this.areaAt(home).level;
      const address =
        level === 'building'
          ? `${prefix}${rng.int(1, ROOM_UNITS)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`
          : `${prefix}${rng.int(1, 160)}号`;
      const age = DEMO_TODAY.year - Number(who.birthDate.slice(0, 4));
      if (i === 0) this.firstResidents.set(spec.community, this.data.residents.length);
      this.data.residents.push({
        area: home,
        name: who.name,
        gender: who.gender,
        phone: rng.chance(0.92) ? who.phone : null,
        idNumber: rng.chance(0.85) ? who.idNumber : null,
        address,
        note: age >= 75 && rng.chance(0.25) ? '高龄独居老人' : rng.chance(0.02) ? '残疾人' : null,
      });
    }
  }

  private localBranch(spec: CommunitySpec, rng: Rng, category: MemberCategory, home: number): number | null {
    if ((category === 'retired' || category === 'elderly') && spec.retiredBranch !== undefined)
      return spec.retiredBranch;
    if (spec.zoneBranches) {
      const zone = this.zoneOf(home);
      const branch = zone === null ? undefined : spec.zoneBranches.get(zone);
      if (branch !== undefined) return branch;
    }
    return spec.branches.length ? rng.pick(spec.branches) : null;
  }

  private skillsFor(rng: Rng, category: MemberCategory): string[] {
    const p = category === 'in_service' ? 0.6 : category === 'elderly' ? 0.05 : 0.25;
    if (!rng.chance(p)) return [];
    return rng.sample(SKILLS, rng.chance(0.3) ? 2 : 1).sort();
  }

  private noteFor(rng: Rng, category: MemberCategory, spec: CommunitySpec): string | null {
    switch (category) {
      case 'mobile':
        return `外出务工，现居${rng.pick(MOBILE_PLACES)}`;
      case 'hardship':
        return rng.pick(HARDSHIP_NOTES);
      case 'elderly':
        return rng.chance(0.5) ? '行动不便，送学上门' : null;
      case 'retired':
        return spec.retiredFrom?.length ? `${rng.pick(spec.retiredFrom)}退休职工` : null;
      default:
        return null;
    }
  }
}
