import { localDate, ROLE_LABELS, type Role } from '@gongjian/common';
import { type DemoAppointments, generateAppointments } from './appointments.ts';
import { type CategoryMix, DemoBuilder, type DemoData, type Employer, type ForcedMember } from './builder.ts';
import { Rng } from './random.ts';

/*
 * The fictional district 共建区, built from the five source cases. The tree, the named units and
 * the organisations are fixed; members, residents and the generic units grow with the scale.
 *
 *   长滨镇   (Changxing): 4 SOEs, 11 villages/communities, SOE employees living in them
 *   禄良街道 (Luliang): 27 communities, district agencies reporting to them (双报到)
 *   虹景街道 (Hongqiao): an office tower, two-new organisations, a building joint branch
 *   前溪街道 (Huangpi): 向荣社区 with 4 zones / 24 compounds / 98 buildings, the education
 *                       bureau's 12 branches
 *   云峰街道 (Yungang): an enterprise community with a 大党委, the street's 大工委
 */

/** A coverage assignment (包保) of the demo: the organisation and the covered node, by index. */
export interface DemoCoverage {
  org: number;
  area: number;
  startOn: string;
  note: string | null;
}

/** The demo district with its coverage assignments, appointments and work logs. */
export type DemoDistrict = DemoData & { coverage: DemoCoverage[]; appointments: DemoAppointments };

/** Code of the demo district's root node; everything else under it starts with `demo-`. */
export const DEMO_DISTRICT_CODE = 'demo-district';
/** The demo district's display name. */
export const DEMO_DISTRICT_NAME = '共建区';

// Category mixes per kind of community (weights, not percentages).
const MIX_TOWN: CategoryMix = {
  in_service: 45,
  community: 18,
  retired: 12,
  elderly: 8,
  hardship: 4,
  veteran: 5,
  mobile: 8,
};
const MIX_REPORTED: CategoryMix = {
  in_service: 80,
  community: 8,
  retired: 6,
  elderly: 2,
  hardship: 1,
  veteran: 2,
  mobile: 1,
};
const MIX_CITY: CategoryMix = {
  in_service: 50,
  community: 16,
  retired: 14,
  elderly: 7,
  hardship: 4,
  veteran: 5,
  mobile: 4,
};
const MIX_RESIDENTIAL: CategoryMix = {
  in_service: 22,
  community: 28,
  retired: 25,
  elderly: 10,
  hardship: 5,
  veteran: 5,
  mobile: 5,
};
const MIX_ENTERPRISE: CategoryMix = {
  retired: 35,
  in_service: 30,
  elderly: 12,
  community: 10,
  hardship: 5,
  veteran: 6,
  mobile: 2,
};

const COMPOUND_NAMES = [
  ...['丽景苑', '金桂园', '翠竹园', '阳光花园', '幸福里', '和谐家园', '锦绣华庭', '枫林苑', '梧桐苑'],
  ...['紫荆花园', '海棠湾', '书香门第', '御景园', '星河湾', '康馨苑', '福泽园', '明珠花园', '怡和苑'],
  ...['嘉禾园', '兰亭苑', '碧水云天', '银杏苑', '松鹤园', '春晖苑', '秀水苑', '绿洲家园', '滨江花园'],
  ...['馨悦苑', '天和苑', '盛世华庭', '桂花苑', '映月湾', '玉兰苑', '香樟苑', '青枫苑', '百合苑'],
  ...['东方花园', '润园', '安居苑', '和平新村', '锦江华府', '静安雅苑'],
];
const OLD_ROADS = ['建设路', '人民路', '解放路', '文化路', '中山路', '胜利路', '东风路', '红旗路'];

const NAME_FIRST = [...'瀚博恒汇启德华卓鼎新嘉拓远信泰润锐达盛通'];
const NAME_SECOND = [...'海远信通明润泰越盛锐禾维达成邦创川宇昌源'];
const FIRM_TRADES = [
  '信息技术',
  '管理咨询',
  '贸易',
  '文化传媒',
  '软件',
  '供应链管理',
  '建筑设计',
  '人力资源',
];
const SOCIAL_KINDS = ['社区公益服务中心', '社工师事务所', '志愿者协会', '文体协会', '调解工作室'];

/** Count-and-name helpers shared by the case builders. */
class Cases {
  private readonly names = new Set<string>();

  constructor(readonly b: DemoBuilder) {}

  /**
   * A firm or social-organisation name not used before in the demo ("瀚海信息技术有限公司"):
   * look-alike duplicates would make the unit lists confusing. Falls back to a numbered name
   * once the word table is exhausted at large scales.
   */
  firmName(rng: Rng, prefix: string, kinds: readonly string[] = FIRM_TRADES, suffix = '有限公司'): string {
    for (let tries = 0; tries < 20; tries++) {
      const name = `${prefix}${rng.pick(NAME_FIRST)}${rng.pick(NAME_SECOND)}${rng.pick(kinds)}${suffix}`;
      if (!this.names.has(name)) {
        this.names.add(name);
        return name;
      }
    }
    const name = `${prefix}${rng.pick(NAME_FIRST)}${rng.pick(NAME_SECOND)}${rng.pick(kinds)}${this.names.size + 1}号${suffix}`;
    this.names.add(name);
    return name;
  }

  /** Compounds with buildings under a parent (community or zone); compound names drawn without repeats. */
  compounds(parent: number, buildingsPer: readonly number[], names?: readonly string[]) {
    const picked = names ?? this.b.treeRng(parent).sample(COMPOUND_NAMES, buildingsPer.length);
    const out: number[] = [];
    buildingsPer.forEach((count, i) => {
      const p = this.b.area(parent, 'compound', `p${pad(i + 1)}`, picked[i] ?? `${i + 1}号小区`);
      for (let k = 1; k <= count; k++) this.b.area(p, 'building', `b${pad(k)}`, `${k}栋`);
      out.push(p);
    });
    return out;
  }

  grids(parent: number, count: number) {
    const out: number[] = [];
    for (let g = 1; g <= count; g++) out.push(this.b.area(parent, 'grid', `g${g}`, `第${g}网格`));
    return out;
  }

  /** A community's own organisation with numbered branches and, optionally, a retired branch. */
  communityOrgs(
    rng: Rng,
    community: number,
    parent: number,
    opts: { type: 'committee' | 'general_branch'; branches: number; retired?: boolean; shortName?: string },
  ) {
    const name = opts.shortName ?? this.b.areaAt(community).name;
    const top = this.b.org(rng, {
      area: community,
      parent,
      type: opts.type,
      name: opts.type === 'committee' ? `中共${name}委员会` : `中共${name}总支部委员会`,
    });
    const branches: number[] = [];
    for (let i = 1; i <= opts.branches; i++) {
      branches.push(
        this.b.org(rng, {
          area: community,
          parent: top,
          type: 'branch',
          name: `${name}第${ORDINALS[i]}党支部`,
        }),
      );
    }
    const retired = opts.retired
      ? this.b.org(rng, { area: community, parent: top, type: 'branch', name: `${name}离退休党支部` })
      : undefined;
    return { top, branches, retired };
  }

  /** A unit with its own party organisation: a committee over branches, or a single branch. */
  unitWithOrgs(
    rng: Rng,
    u: { area: number; name: string; type: string; short?: string; note?: string; address?: string },
    parent: number,
    branchNames: readonly string[],
    top: 'committee' | 'general_branch' | null = branchNames.length > 1 ? 'committee' : null,
  ) {
    const unit = this.b.unit(rng, u);
    const short = u.short ?? u.name;
    const head =
      top === null
        ? parent
        : this.b.org(rng, {
            area: u.area,
            parent,
            unit,
            type: top,
            name: top === 'committee' ? `中共${short}委员会` : `中共${short}总支部委员会`,
            founded: [1955, 2010],
          });
    const branches = branchNames.map((b) =>
      this.b.org(rng, { area: u.area, parent: head, unit, type: 'branch', name: `${short}${b}` }),
    );
    return { unit, head, branches };
  }
}

/** How many second secretaries Changxing appoints (两批：8 + 7). */
const SECOND_SECRETARIES = 15;

/** The forced members for the second secretaries living in one place; `skip` leaves out ones already forced. */
function secretaryForced(
  secretaries: readonly { key: string; unit: number; community: number }[],
  community: number,
  skip: number,
): ForcedMember[] {
  return secretaries
    .filter((s) => s.community === community)
    .slice(skip)
    .map((s) => ({
      key: s.key,
      category: 'in_service',
      unit: s.unit,
      note: '驻岛央企职工，任村居“第二书记”',
    }));
}

const ORDINALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const pad = (n: number) => String(n).padStart(2, '0');
const employer = (unit: number, orgs: number[], weight: number): Employer => ({ unit, orgs, weight });

/**
 * Build the whole demo district for a scale (1 ≈ 3,000 members and 1,500 residents). Pure for a
 * given `today` (YYYY-MM-DD in Asia/Shanghai, default the current day there): appointment terms
 * and work logs are placed relative to it so the compliance board looks live.
 */
export function generateDemo(scale: number, opts: { today?: string } = {}): DemoDistrict {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`scale must be a positive number, got ${scale}`);
  const b = new DemoBuilder(scale);
  const c = new Cases(b);
  const rng = Rng.from('district');

  const district = b.area(
    null,
    'district',
    'district',
    DEMO_DISTRICT_NAME,
    '演示区：由五个基层治理案例构成的虚构辖区',
  );
  const districtCommittee = b.org(rng, {
    area: district,
    parent: null,
    type: 'committee',
    name: '中共共建区委员会',
    founded: [1950, 1950],
  });
  // 区直机关工委: the party organisations of district agencies answer to it, not to the streets.
  const agencyCommittee = b.org(rng, {
    area: district,
    parent: districtCommittee,
    type: 'committee',
    name: '中共共建区直属机关工作委员会',
    founded: [1984, 1984],
  });

  const cx = changxing(b, c, district, districtCommittee);
  const ll = luliang(b, c, district, districtCommittee, agencyCommittee);
  const hq = hongqiao(b, c, district, districtCommittee);
  const hp = huangpi(b, c, district, districtCommittee, agencyCommittee);
  const yg = yungang(b, c, district, districtCommittee);

  b.populateAll();

  // Accounts: one per role, named for what they are; the member and resident bind to real records.
  const label = (role: Role, place: string, note?: string) =>
    `${ROLE_LABELS[role]['zh-CN']} · ${place}${note ? `（${note}）` : ''}`;
  const areaAccount = (username: string, role: Role, area: number, note: string) => {
    const name = b.areaAt(area).name;
    b.account({
      username,
      role,
      area,
      displayName: `${name}${role === 'community_admin' ? '书记' : '管理员'}`,
      label: label(role, name, note),
    });
  };
  const unitAccount = (username: string, unit: number, note: string) => {
    const u = b.unitAt(unit);
    b.account({
      username,
      role: 'unit_admin',
      area: u.area,
      unit,
      displayName: `${u.name}管理员`,
      label: label('unit_admin', u.name, note),
    });
  };

  b.account({ username: 'admin', role: 'platform_admin', displayName: '平台管理员', label: '平台管理员' });
  areaAccount('district', 'district_admin', district, '全区');
  areaAccount('changxing', 'street_admin', cx.town, '央企“第二书记”');
  areaAccount('luliang', 'street_admin', ll.street, '双报到、双服务');
  areaAccount('hongqiao', 'street_admin', hq.street, '交叉任职、楼宇党建');
  areaAccount('huangpi', 'street_admin', hp.street, '“第一书记”包保');
  areaAccount('yungang', 'street_admin', yg.street, '大工委、企地共建');
  areaAccount('changxing-community', 'community_admin', cx.community, '央企职工居住社区');
  areaAccount('luliang-community', 'community_admin', ll.chaohui, '6 家单位报到');
  areaAccount('hongqiao-community', 'community_admin', hq.residential, '居民区党委');
  areaAccount('huangpi-community', 'community_admin', hp.xiangrong, '4 片区 24 小区 98 楼栋');
  areaAccount('yungang-community', 'community_admin', yg.enterpriseCommunity, '企业社区大党委');
  unitAccount('changxing-soe', cx.soe, '驻镇央企');
  unitAccount('luliang-agency', ll.agency, '报到单位');
  unitAccount('hongqiao-firm', hq.firm, '楼宇两新组织');
  unitAccount('huangpi-bureau', hp.bureau, '12 个支部包保向荣社区');
  unitAccount('yungang-soe', yg.soe, '大工委成员单位');

  const member = b.member('changxing-member');
  const m = b.memberAt(member);
  b.account({
    username: 'member',
    role: 'member',
    area: m.area,
    member,
    displayName: m.name,
    label: label('member', `${m.name}，${b.unitAt(cx.soe).name}职工，住${b.areaAt(cx.community).name}`),
  });
  const resident = b.firstResident(hp.xiangrong);
  const r = b.data.residents[resident];
  if (!r) throw new Error('resident account has no record');
  b.account({
    username: 'resident',
    role: 'resident',
    area: r.area,
    resident,
    displayName: r.name,
    label: label('resident', `${r.name}，住${b.areaAt(hp.xiangrong).name}`),
  });
  const appointments = generateAppointments(
    b,
    {
      town: cx.town,
      secretaries: cx.secretaries,
      huangpi: hp.street,
      firstSecretaries: hp.firstSecretaries,
      hongqiao: hq.street,
      crossAppointees: hq.crossAppointees,
    },
    opts.today ?? localDate(new Date()),
  );
  return { ...b.data, coverage: hp.coverage, appointments };
}

/** 长滨镇 — Changxing: four island SOEs, 11 villages and communities where their employees live. */
function changxing(b: DemoBuilder, c: Cases, district: number, parentOrg: number) {
  const rng = Rng.from('changxing');
  const town = b.area(district, 'street', 'cx', '长滨镇', '海岛镇，驻岛央企选派“第二书记”');
  const townOrg = b.org(rng, { area: town, parent: parentOrg, type: 'committee', name: '中共长滨镇委员会' });
  const villages = ['潮音村', '沙洲村', '东滩村', '红桥村', '海丰村', '芦荡村'];
  const communities = ['长明社区', '新港社区', '滨江社区', '海韵社区', '鹏程社区'];

  const places: { area: number; top: number; branches: number[]; retired?: number }[] = [];
  communities.forEach((name, i) => {
    const area = b.area(town, 'community', `c${pad(i + 1)}`, name);
    c.compounds(area, [4, 4, 3]);
    const orgs = c.communityOrgs(rng, area, townOrg, { type: 'committee', branches: 3, retired: true });
    places.push({ area, top: orgs.top, branches: orgs.branches, retired: orgs.retired });
  });
  villages.forEach((name, i) => {
    const area = b.area(town, 'community', `v${pad(i + 1)}`, name);
    const orgs = c.communityOrgs(rng, area, townOrg, { type: 'general_branch', branches: 2, retired: true });
    places.push({ area, top: orgs.top, branches: orgs.branches, retired: orgs.retired });
  });
  const at = (i: number) => places[i]?.area ?? town;

  const soeDefs = [
    ['长滨造船集团有限公司', '长滨造船', ['船体车间党支部', '设计研究所党支部', '机关党支部']],
    ['东沪船舶重工有限公司', '东沪重工', ['总装车间党支部', '技术中心党支部', '机关党支部']],
    ['振海港机装备有限公司', '振海港机', ['生产一部党支部', '生产二部党支部', '机关党支部']],
    ['远航海运集团长滨分公司', '远航海运长滨分公司', ['船队党支部', '机关党支部']],
  ] as const;
  const soes = soeDefs.map(([name, short, branches], i) =>
    c.unitWithOrgs(rng, { area: at(6 + i), name, short, type: 'soe', note: '驻岛央企' }, townOrg, branches),
  );
  const others = [
    c.unitWithOrgs(rng, { area: at(0), name: '长滨镇中心小学', type: 'school' }, townOrg, ['党支部']),
    c.unitWithOrgs(rng, { area: at(1), name: '长滨镇社区卫生服务中心', type: 'hospital' }, townOrg, [
      '党支部',
    ]),
  ];
  const firms = Array.from({ length: b.n(6, 2) }, (_, i) =>
    c.unitWithOrgs(
      rng,
      { area: at(i % places.length), name: c.firmName(rng, '长滨'), type: 'enterprise' },
      townOrg,
      ['党支部'],
    ),
  );

  const soeEmployers = soes.map((s, i) => employer(s.unit, s.branches, [5, 5, 3, 2][i] ?? 1));
  const localEmployers = [...others, ...firms].map((u) => employer(u.unit, u.branches, 0.6));
  // The 15 second secretaries (two batches: 8, then 7): secretary k lives in place k % 11 and
  // works for SOE k % 4. Secretary 0 is the demo `member` account's person.
  const secretaries = Array.from({ length: SECOND_SECRETARIES }, (_, k) => {
    const place = places[k % places.length];
    const soe = soes[k % soes.length];
    if (!place || !soe) throw new Error('changxing skeleton incomplete');
    return {
      key: k === 0 ? 'changxing-member' : `cx-ss-${k}`,
      unit: soe.unit,
      community: place.area,
      org: place.top,
    };
  });
  places.forEach((p, i) => {
    b.community({
      community: p.area,
      members: i < communities.length ? 75 : 60,
      residents: 25,
      mix: MIX_TOWN,
      employers: [...soeEmployers, ...localEmployers],
      branches: p.branches,
      retiredBranch: p.retired,
      forced:
        i === 0
          ? [
              {
                key: 'changxing-member',
                category: 'in_service',
                unit: soes[0]?.unit,
                skills: ['it', 'repair'],
                roles: ['volunteer_lead'],
                note: '央企职工，居住地报到',
              },
              ...secretaryForced(secretaries, p.area, 1),
            ]
          : secretaryForced(secretaries, p.area, 0),
    });
  });
  const soe = soes[0]?.unit;
  const community = places[0]?.area;
  if (soe === undefined || community === undefined) throw new Error('changxing skeleton incomplete');
  return { town, townOrg, soe, community, secretaries };
}

const LULIANG_COMMUNITIES = [
  ...[
    '朝晖社区',
    '吉庆社区',
    '文笔社区',
    '同乐社区',
    '南门社区',
    '北城社区',
    '东关社区',
    '西屏社区',
    '中枢社区',
  ],
  ...[
    '龙泉社区',
    '凤鸣社区',
    '金鼎社区',
    '玉溪社区',
    '锦绣社区',
    '翠湖社区',
    '华兴社区',
    '振兴社区',
    '新民社区',
  ],
  ...[
    '和平社区',
    '太平社区',
    '永安社区',
    '兴隆社区',
    '复兴社区',
    '育才社区',
    '桂香社区',
    '荷花社区',
    '福田社区',
  ],
];
const DEPARTMENTS = [
  ...['发展和改革局', '民政局', '卫生健康委员会', '文化和旅游局', '交通运输局', '水务局', '农业农村局'],
  ...['统计局', '审计局', '应急管理局', '城市管理局', '生态环境分局', '退役军人事务局', '医疗保障局'],
  ...['档案馆', '图书馆', '总工会', '妇女联合会', '科学技术协会', '残疾人联合会', '信访局'],
  ...[
    '规划和自然资源分局',
    '商务局',
    '科学技术局',
    '国有资产监督管理委员会',
    '人民防空办公室',
    '机关事务管理局',
  ],
  ...['融媒体中心', '疾病预防控制中心', '人民检察院', '政务服务中心', '供销合作社', '住房公积金管理中心'],
  ...['气象局', '消防救援大队', '不动产登记中心', '地方志办公室', '红十字会', '工商业联合会', '园林绿化中心'],
];

const GRIDS_CHAOHUI = 4;

/** 禄良街道 — Luliang: district agencies report to 27 communities; their members to where they live. */
function luliang(b: DemoBuilder, c: Cases, district: number, parentOrg: number, agencyOrg: number) {
  const rng = Rng.from('luliang');
  const street = b.area(district, 'street', 'll', '禄良街道', '机关单位和在职党员到社区“双报到、双服务”');
  const streetOrg = b.org(rng, {
    area: street,
    parent: parentOrg,
    type: 'street_working_committee',
    name: '中共禄良街道工作委员会',
  });
  const communities = LULIANG_COMMUNITIES.map((name, i) => {
    const area = b.area(street, 'community', `c${pad(i + 1)}`, name);
    if (i === 0) {
      c.compounds(area, [5, 4, 4, 4, 3, 3]);
      c.grids(area, GRIDS_CHAOHUI);
    } else if (i === 1) {
      // 吉庆: forty old compounds, most without property management.
      const names = Array.from({ length: 40 }, (_, k) => `${OLD_ROADS[k % OLD_ROADS.length]}${k + 1}号院`);
      c.compounds(area, new Array<number>(40).fill(0), names);
    } else {
      const tree = b.treeRng(area);
      const count = tree.int(2, 4);
      c.compounds(
        area,
        Array.from({ length: count }, () => tree.int(2, 5)),
      );
    }
    const orgs = c.communityOrgs(rng, area, streetOrg, {
      type: i < 9 ? 'committee' : 'general_branch',
      branches: i < 2 ? 3 : 2,
      retired: i < 9,
    });
    return { area, ...orgs };
  });
  const chaohui = communities[0];
  const jiqing = communities[1];
  if (!chaohui || !jiqing) throw new Error('luliang skeleton incomplete');

  // 功能型党支部 in compounds without property management.
  for (const k of [0, 7, 19]) {
    const compound = b.childrenOf(jiqing.area)[k];
    if (compound === undefined) continue;
    b.org(rng, {
      area: compound,
      parent: jiqing.top,
      type: 'functional_branch',
      name: `${b.areaAt(compound).name}功能型党支部`,
      founded: [2020, 2022],
      note: '无物业小区，动员居住在本小区的党员参与管理',
    });
  }

  // The six units reporting to 朝晖, then the generic agencies spread over the other 26 communities.
  const named = [
    '公安分局',
    '人力资源和社会保障局',
    '人民法院',
    '住房和城乡建设局',
    '市场监督管理局',
    '税务局',
  ];
  const agencies = named.map((d) =>
    c.unitWithOrgs(
      rng,
      { area: chaohui.area, name: `共建区${d}`, type: 'agency', note: '到朝晖社区报到' },
      agencyOrg,
      ['机关第一党支部', '机关第二党支部'],
      'general_branch',
    ),
  );
  const generic = b.n(40, 26);
  for (let i = 0; i < generic; i++) {
    const target = communities[1 + (i % (communities.length - 1))];
    if (!target) continue;
    const round = Math.floor(i / DEPARTMENTS.length);
    const name = `共建区${DEPARTMENTS[i % DEPARTMENTS.length]}${round ? `第${round + 1}直属单位` : ''}`;
    agencies.push(
      c.unitWithOrgs(
        rng,
        { area: target.area, name, type: 'agency', note: `到${b.areaAt(target.area).name}报到` },
        agencyOrg,
        ['机关党支部'],
      ),
    );
  }

  // 朝晖's 大党委: the reporting units' organisations take seats (在社区建立“大党委”工作机制).
  const big = b.org(rng, {
    area: chaohui.area,
    parent: streetOrg,
    type: 'joint_community_committee',
    name: '朝晖社区“大党委”',
    founded: [2020, 2020],
    note: '报到单位党组织负责人兼任社区“大党委”委员',
  });
  for (const a of agencies.slice(0, named.length)) {
    b.seat({
      org: big,
      area: chaohui.area,
      kind: 'member_unit',
      unit: a.unit,
      post: '成员单位',
      startOn: '2020-06-01',
    });
  }

  communities.forEach((com, i) => {
    const own = agencies.filter((a) => b.unitAt(a.unit).area === com.area);
    b.community({
      community: com.area,
      members: i === 0 ? 160 : i === 1 ? 40 : 32,
      residents: i === 0 ? 60 : 13,
      mix: i === 0 ? MIX_REPORTED : MIX_CITY,
      employers: agencies.map((a) => employer(a.unit, a.branches, own.includes(a) ? (i === 0 ? 12 : 4) : 1)),
      branches: com.branches,
      retiredBranch: com.retired,
      headChance: 0.35,
      forced:
        i === 0
          ? Array.from({ length: GRIDS_CHAOHUI }, () => ({
              category: 'community' as const,
              roles: ['grid_worker'],
            }))
          : [],
    });
  });
  const agency = agencies[0]?.unit;
  if (agency === undefined) throw new Error('luliang has no agency');
  return { street, chaohui: chaohui.area, agency };
}

/** 虹景街道 — Hongqiao: an office tower's firms, a building joint branch, a residential-area committee. */
function hongqiao(b: DemoBuilder, c: Cases, district: number, parentOrg: number) {
  const rng = Rng.from('hongqiao');
  const street = b.area(district, 'street', 'hq', '虹景街道', '居民区书记与楼宇党群工作者“交叉任职”');
  const streetOrg = b.org(rng, {
    area: street,
    parent: parentOrg,
    type: 'street_working_committee',
    name: '中共虹景街道工作委员会',
  });

  const residential = b.area(
    street,
    'community',
    'c01',
    '虹苑居民区',
    '1300余户、3000余居民，31支志愿者队伍',
  );
  const hyCompounds = c.compounds(residential, [5, 5, 5, 5]);
  const hyOrgs = c.communityOrgs(rng, residential, streetOrg, {
    type: 'committee',
    branches: 4,
    retired: true,
    shortName: '虹苑居民区',
  });
  // 党小组 per building (楼组): the 星级楼组 work happens there.
  hyCompounds.forEach((compound, i) => {
    const branch = hyOrgs.branches[i];
    if (branch === undefined) return;
    for (const building of b.childrenOf(compound)) {
      b.org(rng, {
        area: building,
        parent: branch,
        type: 'party_group',
        name: `${b.areaAt(compound).name}${b.areaAt(building).name}楼组党小组`,
      });
    }
  });

  const towerCommunity = b.area(street, 'community', 'c02', '东晟中心楼宇社区', '商务楼宇，两新组织集中');
  const towerCompound = b.area(towerCommunity, 'compound', 'p01', '东晟中心');
  const tower = b.area(towerCompound, 'building', 'b01', '东晟中心大厦', '写字楼，无住户');
  const towerOrg = b.org(rng, {
    area: tower,
    parent: streetOrg,
    type: 'general_branch',
    name: '中共东晟中心楼宇总支部委员会',
    founded: [2012, 2014],
  });
  const jointBranch = b.org(rng, {
    area: tower,
    parent: towerOrg,
    type: 'building_joint_branch',
    name: '东晟中心楼宇联合党支部',
    founded: [2015, 2015],
    note: '党员分属楼内多家企业；书记由虹苑居民区党委委员交叉任职',
  });
  const towerFirmNames = [
    '瀚德投资（中国）有限公司',
    '博纳管理咨询有限公司',
    '英策信息技术有限公司',
    '德信会计师事务所（特殊普通合伙）',
    '安泰律师事务所',
    '联拓物流有限公司',
    '明锐广告传媒有限公司',
  ];
  const towerFirms = towerFirmNames.map((name) =>
    c.unitWithOrgs(
      rng,
      {
        area: tower,
        name,
        type: name.includes('事务所') ? 'two_new_social' : 'two_new_firm',
        address: `东晟中心大厦${rng.int(3, 38)}层`,
      },
      towerOrg,
      ['党支部'],
    ),
  );
  const jointFirms = Array.from({ length: b.n(20, 6) }, () =>
    b.unit(rng, {
      area: tower,
      name: c.firmName(rng, ''),
      type: 'two_new_firm',
      address: `东晟中心大厦${rng.int(3, 38)}层`,
      note: '党员编入楼宇联合党支部',
    }),
  );

  const others = ['虹叶居民区', '锦苑居民区', '宁华居民区', '安顺居民区'].map((name, i) => {
    const area = b.area(street, 'community', `c${pad(i + 3)}`, name);
    c.compounds(area, [4, 4, 3]);
    return { area, ...c.communityOrgs(rng, area, streetOrg, { type: 'general_branch', branches: 2 }) };
  });
  const homes = [residential, ...others.map((o) => o.area)];

  // Two-new organisations elsewhere in the street, gathered in a street-level combined committee.
  const twoNewOrg = b.org(rng, {
    area: street,
    parent: streetOrg,
    type: 'committee',
    name: '中共虹景街道两新组织综合委员会',
    founded: [2010, 2012],
  });
  const twoNewBranches = [1, 2, 3].map((k) =>
    b.org(rng, {
      area: street,
      parent: twoNewOrg,
      type: 'branch',
      name: `虹景街道两新组织联合第${ORDINALS[k]}党支部`,
    }),
  );
  const streetFirms = Array.from({ length: b.n(50) }, () =>
    b.unit(rng, {
      area: rng.pick(homes),
      name: c.firmName(rng, ''),
      type: 'two_new_firm',
    }),
  );
  const socials = Array.from({ length: b.n(15, 3) }, () =>
    b.unit(rng, {
      area: rng.pick(homes),
      name: c.firmName(rng, '虹景', SOCIAL_KINDS, ''),
      type: 'two_new_social',
    }),
  );

  const employers = [
    ...towerFirms.map((f) => employer(f.unit, f.branches, 3)),
    ...jointFirms.map((u) => employer(u, [jointBranch], 1.5)),
    ...[...streetFirms, ...socials].map((u) => employer(u, twoNewBranches, 0.3)),
  ];
  b.community({
    community: residential,
    members: 140,
    residents: 120,
    mix: MIX_RESIDENTIAL,
    employers,
    branches: hyOrgs.branches,
    retiredBranch: hyOrgs.retired,
    headChance: 0.5,
    forced: [
      {
        key: 'hq-cross-0',
        category: 'community',
        org: hyOrgs.branches[0],
        note: '虹苑居民区党委书记，交叉任职楼宇联合党支部副书记',
      },
      {
        key: 'hq-cross-1',
        category: 'in_service',
        unit: jointFirms[0],
        org: jointBranch,
        note: '楼宇党群工作者，交叉任职居民区党委兼职委员',
      },
    ],
  });
  for (const o of others) {
    b.community({
      community: o.area,
      members: 70,
      residents: 25,
      mix: { ...MIX_RESIDENTIAL, in_service: 45 },
      employers,
      branches: o.branches,
    });
  }
  const firm = towerFirms[0]?.unit;
  if (firm === undefined) throw new Error('hongqiao has no tower firm');
  // 交叉任职: the residential secretary sits on the tower's joint branch, a tower worker on the
  // residential committee; each visits the two-new organisations under the organisation received.
  const crossAppointees = [
    { key: 'hq-cross-0', unit: null, org: jointBranch, post: '楼宇联合党支部副书记（交叉任职）' },
    {
      key: 'hq-cross-1',
      unit: jointFirms[0] ?? null,
      org: hyOrgs.top,
      post: '居民区党委兼职委员（交叉任职）',
    },
  ];
  return { street, residential, firm, crossAppointees };
}

const BUREAU_BRANCHES = [
  ...['局机关第一党支部', '局机关第二党支部', '教研室党支部', '招生考试院党支部', '电教馆党支部'],
  ...['教育督导室党支部', '学生资助中心党支部', '后勤服务中心党支部', '教师进修学校党支部'],
  ...['青少年活动中心党支部', '教育技术装备站党支部', '离退休干部党支部'],
];

/** 前溪街道 — Huangpi: 向荣社区 fully covered by the education bureau's 12 branches. */
function huangpi(b: DemoBuilder, c: Cases, district: number, parentOrg: number, agencyOrg: number) {
  const rng = Rng.from('huangpi');
  const street = b.area(district, 'street', 'hp', '前溪街道', '区直部门负责人任社区“第一书记”');
  const streetOrg = b.org(rng, {
    area: street,
    parent: parentOrg,
    type: 'street_working_committee',
    name: '中共前溪街道工作委员会',
  });

  // 向荣: 4 zones × 6 compounds; the first two compounds have 5 buildings, the rest 4 (= 98).
  const xiangrong = b.area(street, 'community', 'c01', '向荣社区', '村改居社区，3864户、11840人');
  const zoneNames = ['东片区', '西片区', '南片区', '北片区'];
  const names = b.treeRng(xiangrong).sample(COMPOUND_NAMES, 24);
  const zones = zoneNames.map((name, z) => {
    const zone = b.area(xiangrong, 'zone', `z${z + 1}`, name);
    c.compounds(
      zone,
      Array.from({ length: 6 }, (_, k) => (z * 6 + k < 2 ? 5 : 4)),
      names.slice(z * 6, z * 6 + 6),
    );
    return zone;
  });
  const grids = c.grids(xiangrong, 6);
  const xrTop = b.org(rng, {
    area: xiangrong,
    parent: streetOrg,
    type: 'committee',
    name: '中共向荣社区委员会',
  });
  const zoneBranches = new Map<number, number>();
  zones.forEach((zone, z) => {
    zoneBranches.set(
      zone,
      b.org(rng, { area: zone, parent: xrTop, type: 'branch', name: `向荣社区${zoneNames[z]}党支部` }),
    );
  });
  const xrRetired = b.org(rng, {
    area: xiangrong,
    parent: xrTop,
    type: 'branch',
    name: '向荣社区离退休党支部',
  });
  const xrBranches = [...zoneBranches.values()];
  grids.forEach((grid, g) => {
    b.org(rng, {
      area: grid,
      parent: xrBranches[g % xrBranches.length] ?? xrTop,
      type: 'party_group',
      name: `向荣社区第${g + 1}网格党小组`,
    });
  });

  // 康乐 with 人民道北片区; 葛林 served by the justice bureau; five ordinary communities.
  const kangle = b.area(street, 'community', 'c02', '康乐社区', '3536户、10562人');
  for (const [z, name] of ['人民道北片区', '人民道南片区', '新华片区'].entries()) {
    const zone = b.area(kangle, 'zone', `z${z + 1}`, name);
    c.compounds(zone, [3, 3]);
  }
  const gelin = b.area(street, 'community', 'c03', '葛林社区', '城乡结合部，外来人口多');
  c.compounds(gelin, [3, 2, 2]);
  const ordinary = ['青荷社区', '川溪社区', '滨湖社区', '桃源社区', '明珠社区'].map((name, i) => {
    const area = b.area(street, 'community', `c${pad(i + 4)}`, name);
    c.compounds(area, [3, 3, 2]);
    return area;
  });
  const klOrgs = c.communityOrgs(rng, kangle, streetOrg, { type: 'committee', branches: 3, retired: true });
  const glOrgs = c.communityOrgs(rng, gelin, streetOrg, { type: 'general_branch', branches: 2 });
  const ordOrgs = ordinary.map((area) =>
    c.communityOrgs(rng, area, streetOrg, { type: 'general_branch', branches: 2, retired: true }),
  );

  const bureau = c.unitWithOrgs(
    rng,
    {
      area: xiangrong,
      name: '共建区教育局',
      type: 'agency',
      note: '局长任向荣社区“第一书记”；12个支部包保4片区24小区98楼栋',
    },
    agencyOrg,
    BUREAU_BRANCHES,
  );
  // 9月4日: each of the 12 branches takes two of the 24 compounds with their buildings (98 in all),
  // which covers the 4 zones as a whole.
  const coverage: DemoCoverage[] = zones
    .flatMap((zone) => b.childrenOf(zone))
    .map((area, k) => {
      const org = bureau.branches[Math.floor(k / 2)];
      if (org === undefined) throw new Error('the bureau has fewer branches than compounds to cover');
      return { org, area, startOn: '2025-09-04', note: '支部包保小区及其楼栋' };
    });
  const finance = c.unitWithOrgs(
    rng,
    { area: kangle, name: '共建区财政局', type: 'agency', note: '下沉康乐社区' },
    agencyOrg,
    ['机关第一党支部', '机关第二党支部', '国库支付中心党支部'],
    'general_branch',
  );
  const justice = c.unitWithOrgs(
    rng,
    { area: gelin, name: '共建区司法局', type: 'agency', note: '对口下沉葛林社区，6项攻坚项目' },
    agencyOrg,
    ['机关党支部', '公共法律服务中心党支部'],
    'general_branch',
  );
  const school = c.unitWithOrgs(rng, { area: xiangrong, name: '共建区实验小学', type: 'school' }, parentOrg, [
    '党支部',
  ]);
  const hospital = c.unitWithOrgs(
    rng,
    { area: ordinary[1] ?? kangle, name: '共建区人民医院', type: 'hospital' },
    parentOrg,
    ['内科党支部', '外科党支部', '行政后勤党支部'],
  );
  const firms = Array.from({ length: b.n(5, 1) }, (_, i) =>
    c.unitWithOrgs(
      rng,
      { area: ordinary[i % ordinary.length] ?? kangle, name: c.firmName(rng, '前溪'), type: 'enterprise' },
      streetOrg,
      ['党支部'],
    ),
  );

  const base = [school, hospital, ...firms].map((u) => employer(u.unit, u.branches, 1));
  const pool = (boost: { unit: number; branches: number[] }) => [
    employer(bureau.unit, bureau.branches, boost === bureau ? 6 : 2),
    employer(finance.unit, finance.branches, boost === finance ? 6 : 1),
    employer(justice.unit, justice.branches, boost === justice ? 6 : 0.5),
    ...base,
  ];

  // One 楼栋长 per building of 向荣, then its grid workers; both exist at every scale.
  const buildings: number[] = [];
  for (const zone of zones)
    for (const compound of b.childrenOf(zone))
      for (const building of b.childrenOf(compound)) buildings.push(building);
  b.community({
    community: xiangrong,
    members: 120,
    residents: 150,
    mix: { ...MIX_CITY, in_service: 40 },
    employers: pool(bureau),
    branches: xrBranches,
    retiredBranch: xrRetired,
    zoneBranches,
    forced: [
      ...buildings.map((home) => ({ home, roles: ['building_head'] })),
      ...grids.map(() => ({ category: 'community' as const, roles: ['grid_worker'] })),
      {
        key: 'hp-fs-0',
        category: 'in_service',
        unit: bureau.unit,
        note: '区教育局局长，任向荣社区“第一书记”',
      },
    ],
  });
  b.community({
    community: kangle,
    members: 60,
    residents: 60,
    mix: MIX_CITY,
    employers: pool(finance),
    branches: klOrgs.branches,
    retiredBranch: klOrgs.retired,
    forced: [
      {
        key: 'hp-fs-1',
        category: 'in_service',
        unit: finance.unit,
        note: '区财政局局长，任康乐社区“第一书记”',
      },
    ],
  });
  b.community({
    community: gelin,
    members: 40,
    residents: 40,
    mix: { ...MIX_CITY, mobile: 12 },
    employers: pool(justice),
    branches: glOrgs.branches,
    forced: [
      {
        key: 'hp-fs-2',
        category: 'in_service',
        unit: justice.unit,
        note: '区司法局局长，任葛林社区“第一书记”',
      },
    ],
  });
  ordinary.forEach((area, i) => {
    b.community({
      community: area,
      members: 35,
      residents: 25,
      mix: MIX_CITY,
      employers: pool(bureau),
      branches: ordOrgs[i]?.branches ?? [],
      retiredBranch: ordOrgs[i]?.retired,
    });
  });
  const firstSecretaries = [
    { key: 'hp-fs-0', unit: bureau.unit, community: xiangrong, org: xrTop },
    { key: 'hp-fs-1', unit: finance.unit, community: kangle, org: klOrgs.top },
    { key: 'hp-fs-2', unit: justice.unit, community: gelin, org: glOrgs.top },
  ];
  return { street, xiangrong, bureau: bureau.unit, coverage, firstSecretaries };
}

/** 云峰街道 — Yungang: an enterprise community with a 大党委, the street's 大工委 of member units. */
function yungang(b: DemoBuilder, c: Cases, district: number, parentOrg: number) {
  const rng = Rng.from('yungang');
  const street = b.area(district, 'street', 'yg', '云峰街道', '企地共建，街道“大工委”、社区“大党委”');
  const streetOrg = b.org(rng, {
    area: street,
    parent: parentOrg,
    type: 'street_working_committee',
    name: '中共云峰街道工作委员会',
  });

  const kuangyuan = b.area(
    street,
    'community',
    'c01',
    '矿苑社区',
    '企业社区，驻地国企职工和退休职工集中居住',
  );
  const kyCompounds = c.compounds(
    kuangyuan,
    [6, 6, 5, 4, 4],
    ['矿工新村一区', '矿工新村二区', '矿工新村三区', '机车生活区', '电厂生活区'],
  );
  const grids = c.grids(kuangyuan, 6);
  const kyOrgs = c.communityOrgs(rng, kuangyuan, streetOrg, {
    type: 'committee',
    branches: 5,
    retired: true,
  });
  grids.forEach((grid, g) => {
    b.org(rng, {
      area: grid,
      parent: kyOrgs.branches[g % kyOrgs.branches.length] ?? kyOrgs.top,
      type: 'party_group',
      name: `矿苑社区第${g + 1}网格党小组`,
      note: '企业负责人与社区“两委”成员在网格党小组内双向任职',
    });
  });
  const others = ['新胜社区', '永昌社区', '和瑞社区', '福泰社区', '锦华社区', '瑞丰社区', '兴华社区'].map(
    (name, i) => {
      const area = b.area(street, 'community', `c${pad(i + 2)}`, name);
      c.compounds(area, [4, 3, 3]);
      if (i < 2) c.grids(area, 3);
      return {
        area,
        ...c.communityOrgs(rng, area, streetOrg, { type: 'general_branch', branches: 2, retired: true }),
      };
    },
  );
  const at = (i: number) => others[i]?.area ?? kuangyuan;

  const soeDefs = [
    [
      '云峰煤业集团有限责任公司',
      '云峰煤业',
      ['综采一队党支部', '洗煤厂党支部', '机关党支部'],
      kyCompounds[0],
    ],
    ['云峰热电有限责任公司', '云峰热电', ['运行部党支部', '检修部党支部'], kyCompounds[4]],
    ['云峰机车车辆有限公司', '云峰机车', ['总装车间党支部', '机关党支部'], kyCompounds[3]],
    ['云峰铁路运输有限公司', '云峰铁运', ['运输车间党支部', '机关党支部'], at(0)],
  ] as const;
  const soes = soeDefs.map(([name, short, branches, area]) =>
    c.unitWithOrgs(
      rng,
      { area: area ?? kuangyuan, name, short, type: 'soe', note: '驻地国有企业' },
      parentOrg,
      branches,
    ),
  );
  const hospital = c.unitWithOrgs(
    rng,
    { area: kuangyuan, name: '云峰矿区总医院', type: 'hospital' },
    streetOrg,
    ['党支部'],
  );
  const school = c.unitWithOrgs(
    rng,
    { area: kuangyuan, name: '云峰矿区第一中学', type: 'school' },
    streetOrg,
    ['党支部'],
  );
  const firms = Array.from({ length: b.n(8, 2) }, (_, i) =>
    c.unitWithOrgs(rng, { area: at(i % 7), name: c.firmName(rng, '云峰'), type: 'enterprise' }, streetOrg, [
      '党支部',
    ]),
  );

  // 大工委: every resident unit of the street holds a member-unit seat.
  const bigStreet = b.org(rng, {
    area: street,
    parent: streetOrg,
    type: 'joint_street_committee',
    name: '云峰街道“大工委”',
    founded: [2021, 2021],
    note: '每季度召开党建联席会，街道和社区提供需求清单，共建单位认领',
  });
  for (const u of [...soes, hospital, school, ...firms]) {
    b.seat({
      org: bigStreet,
      area: street,
      kind: 'member_unit',
      unit: u.unit,
      post: '成员单位',
      startOn: '2021-07-01',
    });
  }

  const big = b.org(rng, {
    area: kuangyuan,
    parent: streetOrg,
    type: 'joint_community_committee',
    name: '矿苑社区“大党委”',
    founded: [2021, 2021],
    note: '驻地企业党组织负责人任兼职委员',
  });
  const memberUnits = [soes[0], soes[1], hospital, school];
  const soeEmployers = soes.map((s, i) => employer(s.unit, s.branches, [6, 4, 3, 2][i] ?? 1));
  const local = [hospital, school, ...firms].map((u) => employer(u.unit, u.branches, 1));
  b.community({
    community: kuangyuan,
    members: 150,
    residents: 110,
    mix: MIX_ENTERPRISE,
    employers: [...soeEmployers, ...local],
    branches: kyOrgs.branches,
    retiredBranch: kyOrgs.retired,
    retiredFrom: soeDefs.map(([name]) => name),
    forced: [
      ...memberUnits.map((u, i) => ({
        key: `yungang-concurrent-${i}`,
        category: 'in_service' as const,
        unit: u?.unit,
      })),
      ...grids.map(() => ({ category: 'community' as const, roles: ['grid_worker'] })),
    ],
  });
  b.afterPopulation(() => {
    memberUnits.forEach((u, i) => {
      if (!u) return;
      b.seat({
        org: big,
        area: kuangyuan,
        kind: 'member_unit',
        unit: u.unit,
        post: '成员单位',
        startOn: '2021-07-01',
      });
      b.seat({
        org: big,
        area: kuangyuan,
        kind: 'concurrent_member',
        member: b.member(`yungang-concurrent-${i}`),
        post: `兼职委员（${b.unitAt(u.unit).name}党组织负责人）`,
        startOn: '2021-07-01',
        endOn: '2026-06-30',
      });
    });
    // Outside heads who are not registered here sit by name only.
    for (const post of ['兼职委员（云峰派出所所长）', '兼职委员（物业公司负责人）']) {
      b.seat({
        org: big,
        area: kuangyuan,
        kind: 'concurrent_member',
        personName: b.identities.person(rng, { minAge: 35, maxAge: 55 }).name,
        post,
        startOn: '2021-07-01',
        endOn: '2026-06-30',
      });
    }
  });
  others.forEach((o, i) => {
    b.community({
      community: o.area,
      members: 25,
      residents: 17,
      mix: { ...MIX_CITY, retired: 25, in_service: 25 },
      employers: [...soeEmployers, ...local],
      branches: o.branches,
      retiredBranch: o.retired,
      retiredFrom: soeDefs.map(([name]) => name),
      forced: i < 2 ? [1, 2, 3].map(() => ({ category: 'community' as const, roles: ['grid_worker'] })) : [],
    });
  });
  const soe = soes[0]?.unit;
  if (soe === undefined) throw new Error('yungang has no SOE');
  return { street, enterpriseCommunity: kuangyuan, soe };
}
