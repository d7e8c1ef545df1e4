import type { Locale } from '@gongjian/common';

type Pair = Record<Locale, string>;

/** Words for the audit trail's action codes; unknown codes are shown as they are. */
const ACTIONS: Record<string, Pair> = {
  create: { 'zh-CN': '新建', en: 'created' },
  update: { 'zh-CN': '修改', en: 'updated' },
  delete: { 'zh-CN': '删除', en: 'deleted' },
  move: { 'zh-CN': '移动', en: 'moved' },
  reveal: { 'zh-CN': '查看明文', en: 'revealed' },
  login: { 'zh-CN': '登录', en: 'signed in' },
  logout: { 'zh-CN': '退出', en: 'signed out' },
  login_failed: { 'zh-CN': '登录失败', en: 'failed sign-in' },
  import: { 'zh-CN': '导入', en: 'imported' },
};

/** Words for the record types audit events are about. */
const ENTITIES: Record<string, Pair> = {
  account: { 'zh-CN': '账号', en: 'account' },
  area: { 'zh-CN': '区划节点', en: 'tree node' },
  unit: { 'zh-CN': '单位', en: 'unit' },
  member: { 'zh-CN': '党员', en: 'party member' },
  resident: { 'zh-CN': '居民', en: 'resident' },
  party_org: { 'zh-CN': '党组织', en: 'party organisation' },
  party_org_seat: { 'zh-CN': '大工委/大党委席位', en: 'joint-body seat' },
  dict_item: { 'zh-CN': '字典项', en: 'dictionary item' },
  api_token: { 'zh-CN': '接口令牌', en: 'API token' },
  demo_district: { 'zh-CN': '演示数据', en: 'demo data' },
};

export const actionLabel = (code: string, locale: Locale) => ACTIONS[code]?.[locale] ?? code;
export const entityLabel = (code: string, locale: Locale) => ENTITIES[code]?.[locale] ?? code;

/** Filter options for the audit page. */
export const actionOptions = (locale: Locale) =>
  Object.entries(ACTIONS).map(([value, p]) => ({ value, label: p[locale] }));
export const entityOptions = (locale: Locale) =>
  Object.entries(ENTITIES).map(([value, p]) => ({ value, label: p[locale] }));
