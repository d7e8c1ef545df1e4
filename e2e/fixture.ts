import { idNumberWithCheck } from '@gongjian/common';

/** Password of every account the browser tests sign in with. */
export const E2E_PASSWORD = 'E2eDesk2026';

/** The accounts the tests use, one per role, with what the header must show for each. */
export const ACCOUNTS = {
  platform_admin: { username: 'e2e-platform', scope: '全平台 · 平台管理员' },
  district_admin: { username: 'e2e-district', scope: '崇明区 · 区管理员' },
  street_admin: { username: 'e2e-street', scope: '长兴镇 · 街道管理员' },
  community_admin: { username: 'e2e-community', scope: '潘园社区 · 社区书记' },
  unit_admin: { username: 'e2e-unit', scope: '上海振华重工长兴基地 · 单位管理员' },
  member: { username: 'e2e-member', scope: '潘园一村 · 党员' },
  resident: { username: 'e2e-resident', scope: '1号楼 · 居民' },
} as const;
export type E2eRole = keyof typeof ACCOUNTS;

/** A browser-like API client for building the fixture: session cookie and CSRF header. */
export class ApiClient {
  private cookie = '';
  private csrf = '';
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('gj_session=')) this.cookie = pair;
    }
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }

  async login(username: string, password: string) {
    const me = await this.call<{ csrfToken: string }>('POST', '/auth/login', { username, password });
    this.csrf = me.csrfToken;
  }
}

let serial = 0;
/** A valid ID number (GB 11643 check character), unique within the run. */
/** The id of the first record a list answers (`/units?q=振华重工`), for a test's own setup. */
export async function firstId(api: ApiClient, path: string): Promise<number> {
  const r = await api.call<{ data: { id: number }[] }>('GET', path);
  if (!r.data[0]) throw new Error(`nothing at ${path}`);
  return r.data[0].id;
}

export function idNumber(birth = '19850312'): string {
  serial += 1;
  return idNumberWithCheck(`310230${birth}${String(100 + serial).slice(-3)}`);
}

interface Created {
  id: number;
}

/**
 * A small but realistic slice of Chongming district, built through the API as the platform
 * admin: two towns, three communities, a compound and a building, units of several types,
 * organisations including the town's 大工委 with a member unit, members in all seven
 * categories, residents, and one account per role.
 */
export async function buildFixture(api: ApiClient) {
  const area = (parentId: number | null, level: string, code: string, name: string) =>
    api.call<Created>('POST', '/areas', { parentId, level, code, name });
  const district = await area(null, 'district', 'cm', '崇明区');
  const changxing = await area(district.id, 'street', 'cm-cx', '长兴镇');
  const hengsha = await area(district.id, 'street', 'cm-hs', '横沙乡');
  const panyuan = await area(changxing.id, 'community', 'cm-cx-py', '潘园社区');
  const fenghuang = await area(changxing.id, 'community', 'cm-cx-fh', '凤凰社区');
  await area(hengsha.id, 'community', 'cm-hs-fl', '丰乐村');
  const compound = await area(panyuan.id, 'compound', 'cm-cx-py-1', '潘园一村');
  const building = await area(compound.id, 'building', 'cm-cx-py-1-b1', '1号楼');
  await area(panyuan.id, 'grid', 'cm-cx-py-g1', '潘园第一网格');

  const unit = (areaId: number, name: string, type: string, contactName: string, memberCount: number) =>
    api.call<Created>('POST', '/units', {
      areaId,
      name,
      type,
      contactName,
      contactPhone: '13916001234',
      memberCount,
    });
  const zpmc = await unit(panyuan.id, '上海振华重工长兴基地', 'soe', '王建国', 126);
  const school = await unit(panyuan.id, '长兴镇中心小学', 'school', '李红梅', 18);
  await unit(fenghuang.id, '长兴镇社区卫生服务中心', 'hospital', '陈静', 22);
  await unit(fenghuang.id, '长兴镇人民政府', 'agency', '周强', 40);
  await unit(panyuan.id, '绿洲志愿者协会', 'two_new_social', '赵敏', 5);

  const org = (body: Record<string, unknown>) => api.call<Created>('POST', '/orgs', body);
  const townCommittee = await org({
    areaId: changxing.id,
    type: 'street_working_committee',
    name: '中共长兴镇委员会',
  });
  const joint = await org({
    areaId: changxing.id,
    type: 'joint_street_committee',
    name: '长兴镇区域化党建大工委',
  });
  await api.call('POST', `/orgs/${joint.id}/seats`, {
    kind: 'member_unit',
    unitId: zpmc.id,
    post: '成员单位',
  });
  const panyuanBranch = await org({
    areaId: panyuan.id,
    parentId: townCommittee.id,
    type: 'general_branch',
    name: '潘园社区党总支',
    secretaryName: '张海燕',
  });
  const zpmcBranch = await org({
    areaId: panyuan.id,
    unitId: zpmc.id,
    type: 'branch',
    name: '振华重工长兴基地第一党支部',
  });

  const categories = ['in_service', 'mobile', 'elderly', 'retired', 'hardship', 'veteran', 'community'];
  const names = [
    '刘建华',
    '孙丽',
    '黄志强',
    '吴秀英',
    '郑国平',
    '何晓燕',
    '高伟',
    '林芳',
    '罗斌',
    '谢婷',
    '宋涛',
  ];
  let me: Created | null = null;
  for (const [i, name] of names.entries()) {
    const m = await api.call<Created>('POST', '/members', {
      areaId: i % 3 === 0 ? compound.id : panyuan.id,
      name,
      gender: i % 2 ? 'female' : 'male',
      idNumber: idNumber(`19${60 + i}0${(i % 9) + 1}15`),
      phone: `139${String(16000000 + i * 7919).padStart(8, '0')}`,
      category: categories[i % categories.length],
      unitId: i < 4 ? zpmc.id : i < 6 ? school.id : null,
      orgId: i < 4 ? zpmcBranch.id : panyuanBranch.id,
      skills: i % 2 ? ['medical'] : ['legal', 'it'],
    });
    me ??= m;
  }
  const resident = await api.call<Created>('POST', '/residents', {
    areaId: building.id,
    name: '钱美玲',
    gender: 'female',
    phone: '13817005566',
    idNumber: idNumber('19790521'),
    address: '潘园一村1号楼302室',
  });
  await api.call('POST', '/residents', {
    areaId: panyuan.id,
    name: '冯志明',
    gender: 'male',
    phone: '13817005577',
  });

  const account = (username: string, displayName: string, role: string, binding: Record<string, number>) =>
    api.call('POST', '/accounts', { username, displayName, role, password: E2E_PASSWORD, ...binding });
  await account(ACCOUNTS.district_admin.username, '崇明区委组织部', 'district_admin', {
    areaId: district.id,
  });
  await account(ACCOUNTS.street_admin.username, '长兴镇党建办', 'street_admin', { areaId: changxing.id });
  await account(ACCOUNTS.community_admin.username, '张海燕', 'community_admin', { areaId: panyuan.id });
  await account(ACCOUNTS.unit_admin.username, '王建国', 'unit_admin', { unitId: zpmc.id });
  await account(ACCOUNTS.member.username, '刘建华', 'member', { memberId: me?.id ?? 0 });
  await account(ACCOUNTS.resident.username, '钱美玲', 'resident', { residentId: resident.id });
  return { districtId: district.id, changxingId: changxing.id, panyuanId: panyuan.id };
}
