/**
 * Closed vocabularies whose values the code branches on. Category lists users may extend
 * (skills, demand categories, unit types…) live in the dictionary registry instead; the
 * built-in items of those lists are seeded from `SYSTEM_DICTIONARIES` below.
 */
export const AREA_LEVELS = [
  'district',
  'street',
  'community',
  'zone',
  'compound',
  'building',
  'grid',
] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Which levels may sit directly under which: compounds may hang off a community without zones. */
export const AREA_CHILD_LEVELS: Record<AreaLevel, readonly AreaLevel[]> = {
  district: ['street'],
  street: ['community'],
  community: ['zone', 'compound', 'grid'],
  zone: ['compound'],
  compound: ['building'],
  building: [],
  grid: [],
};

export const AREA_LEVEL_LABELS: Record<AreaLevel, { 'zh-CN': string; en: string }> = {
  district: { 'zh-CN': '区/县', en: 'District/County' },
  street: { 'zh-CN': '街道/镇', en: 'Street/Town' },
  community: { 'zh-CN': '社区/村', en: 'Community/Village' },
  zone: { 'zh-CN': '片区', en: 'Zone' },
  compound: { 'zh-CN': '小区', en: 'Compound' },
  building: { 'zh-CN': '楼栋', en: 'Building' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
};

export const ORG_TYPES = [
  'committee',
  'street_working_committee',
  'general_branch',
  'branch',
  'party_group',
  'joint_street_committee',
  'joint_community_committee',
  'building_joint_branch',
  'functional_branch',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Joint bodies have member units and concurrent members (兼职委员) rather than only own members. */
export const JOINT_ORG_TYPES: readonly OrgType[] = ['joint_street_committee', 'joint_community_committee'];

export const ORG_TYPE_LABELS: Record<OrgType, { 'zh-CN': string; en: string }> = {
  committee: { 'zh-CN': '党委', en: 'Party committee' },
  street_working_committee: { 'zh-CN': '街道党工委', en: 'Street working committee' },
  general_branch: { 'zh-CN': '党总支', en: 'General branch' },
  branch: { 'zh-CN': '党支部', en: 'Branch' },
  party_group: { 'zh-CN': '党小组', en: 'Party group' },
  joint_street_committee: { 'zh-CN': '大工委', en: 'Street joint committee' },
  joint_community_committee: { 'zh-CN': '大党委', en: 'Community joint committee' },
  building_joint_branch: { 'zh-CN': '楼宇联合支部', en: 'Building joint branch' },
  functional_branch: { 'zh-CN': '功能型党支部', en: 'Functional branch' },
};

export const JOINT_MEMBER_KINDS = ['member_unit', 'concurrent_member'] as const;
export type JointMemberKind = (typeof JOINT_MEMBER_KINDS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const ROLES = [
  'platform_admin',
  'district_admin',
  'street_admin',
  'community_admin',
  'unit_admin',
  'member',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  platform_admin: { 'zh-CN': '平台管理员', en: 'Platform admin' },
  district_admin: { 'zh-CN': '区管理员', en: 'District admin' },
  street_admin: { 'zh-CN': '街道管理员', en: 'Street admin' },
  community_admin: { 'zh-CN': '社区书记', en: 'Community secretary' },
  unit_admin: { 'zh-CN': '单位管理员', en: 'Unit admin' },
  member: { 'zh-CN': '党员', en: 'Party member' },
  resident: { 'zh-CN': '居民', en: 'Resident' },
};

/** The actor of the scheduled jobs, as the audit trail names it (no account has this role). */
export const SYSTEM_ROLE = 'system';
export const SYSTEM_ROLE_LABEL = { 'zh-CN': '系统（定时任务）', en: 'System (scheduled job)' };

/** Roles that administer a subtree of the administrative tree. */
export const AREA_ADMIN_ROLES: readonly Role[] = ['district_admin', 'street_admin', 'community_admin'];

/** The tree level an area admin must be bound to. */
export const ROLE_AREA_LEVEL: Partial<Record<Role, AreaLevel>> = {
  district_admin: 'district',
  street_admin: 'street',
  community_admin: 'community',
};

/**
 * Dictionary types. `system` items ship with every district: their codes are referenced by code
 * and cannot be deleted, but their labels can be edited. `extensible` types accept new items.
 */
export const DICT_TYPES = [
  'unit_type',
  'member_category',
  'skill',
  'member_role',
  'demand_category',
  'resource_category',
] as const;
export type DictType = (typeof DICT_TYPES)[number];

type SeedItem = readonly [code: string, zh: string, en: string];
export const SYSTEM_DICTIONARIES: Record<DictType, { extensible: boolean; items: readonly SeedItem[] }> = {
  unit_type: {
    extensible: true,
    items: [
      ['agency', '机关', 'Government agency'],
      ['soe', '国有企业', 'State-owned enterprise'],
      ['enterprise', '企业', 'Enterprise'],
      ['two_new_firm', '非公企业', 'Non-public enterprise'],
      ['two_new_social', '社会组织', 'Social organisation'],
      ['school', '学校', 'School'],
      ['hospital', '医院', 'Hospital'],
      ['other', '其他', 'Other'],
    ],
  },
  member_category: {
    extensible: false,
    items: [
      ['in_service', '在职党员（特长式）', 'In-service'],
      ['mobile', '流动党员（跟踪式）', 'Mobile'],
      ['elderly', '老弱病残党员（送学式）', 'Elderly or frail'],
      ['retired', '离退休党员（特定式）', 'Retired'],
      ['hardship', '困难党员（关爱式）', 'In hardship'],
      ['veteran', '退役军人党员（服务式）', 'Veteran'],
      ['community', '社区在册党员（日常式）', 'Community-registered'],
    ],
  },
  skill: {
    extensible: true,
    items: [
      ['medical', '医疗保健', 'Medical care'],
      ['legal', '法律咨询', 'Legal advice'],
      ['education', '教育辅导', 'Tutoring'],
      ['repair', '家电维修', 'Repairs'],
      ['culture', '文艺体育', 'Culture and sports'],
      ['it', '信息技术', 'IT'],
      ['psychology', '心理疏导', 'Counselling'],
      ['finance', '财务会计', 'Finance'],
    ],
  },
  member_role: {
    extensible: true,
    items: [
      ['building_head', '楼栋长', 'Building head'],
      ['grid_worker', '网格员', 'Grid worker'],
      ['unit_head', '单元长', 'Stairwell head'],
      ['volunteer_lead', '志愿服务队长', 'Volunteer team lead'],
    ],
  },
  demand_category: {
    extensible: true,
    items: [
      ['consulting', '咨询', 'Consulting'],
      ['charity', '公益', 'Charity'],
      ['culture_sports', '文体', 'Culture and sports'],
      ['venue', '场地租赁', 'Venue rental'],
      ['training', '培训', 'Training'],
      ['medical', '医疗', 'Medical'],
      ['social', '白领联谊', 'Social events'],
      ['recruitment', '招聘', 'Recruitment'],
    ],
  },
  resource_category: {
    extensible: true,
    items: [
      ['venue', '场地', 'Venue'],
      ['funds', '资金', 'Funds'],
      ['equipment', '设备', 'Equipment'],
      ['expertise', '专业人才', 'Expertise'],
    ],
  },
};
