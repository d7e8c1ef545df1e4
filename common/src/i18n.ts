/**
 * Bilingual message catalogue shared by server and web. Schemas carry message *keys* (e.g.
 * `v.phone`) instead of prose so the server can answer in the caller's language and the web
 * form shows the same words the server would have sent.
 */
export type Locale = 'zh-CN' | 'en';

export const messages = {
  'v.phone': {
    'zh-CN': '手机号格式不正确（应为 11 位手机号）',
    en: 'Invalid mobile number (11 digits expected)',
  },
  'v.idNumber': {
    'zh-CN': '身份证号码不正确（18 位，校验位需正确）',
    en: 'Invalid ID number (18 characters with a valid check digit)',
  },
  'v.creditCode': {
    'zh-CN': '统一社会信用代码不正确（18 位，校验位需正确）',
    en: 'Invalid unified social credit code (18 characters with a valid check digit)',
  },
  'v.code': {
    'zh-CN': '编码只能包含字母、数字、下划线和短横线',
    en: 'Codes may contain only letters, digits, underscores and dashes',
  },
  'v.required': { 'zh-CN': '必填', en: 'Required' },
  'v.dateOrder': { 'zh-CN': '结束日期不能早于开始日期', en: 'End date cannot be before start date' },
  'v.password': {
    'zh-CN': '密码至少 8 位，且需同时包含字母和数字',
    en: 'Password must be at least 8 characters and contain letters and digits',
  },
  'v.dictionary': { 'zh-CN': '不是有效的字典值', en: 'Not a valid dictionary value' },
  'v.notFoundRef': {
    'zh-CN': '引用的记录不存在或不在您的管辖范围内',
    en: 'Referenced record not found or out of your scope',
  },
  'v.levelParent': {
    'zh-CN': '该层级不能建在所选上级之下',
    en: 'This level cannot be placed under the chosen parent',
  },
  'v.duplicate': { 'zh-CN': '该值已被使用', en: 'This value is already in use' },
  'v.birthBeforeJoin': { 'zh-CN': '入党日期须在出生日期之后', en: 'Join date must be after birth date' },
  'v.memberArea': {
    'zh-CN': '居住地须为社区、小区或楼栋',
    en: 'Residence must be a community, compound or building',
  },
  'v.residentArea': {
    'zh-CN': '所属区域须为社区或其下级',
    en: 'Area must be a community or a node below it',
  },
  'v.birthDateId': {
    'zh-CN': '出生日期与身份证号码不一致',
    en: 'Birth date does not match the ID number',
  },
  'v.memberOrPerson': {
    'zh-CN': '请选择单位或党员，或填写人员姓名',
    en: 'Choose a unit or a member, or give the person’s name',
  },
  'v.orgCycle': {
    'zh-CN': '上级组织不能是该组织自身或其下级组织',
    en: 'The parent cannot be the organisation itself or one of its descendants',
  },
  'v.notJointOrg': {
    'zh-CN': '只有大工委、大党委可以设置成员单位和兼职委员',
    en: 'Only joint committees (大工委/大党委) have member units and concurrent members',
  },
  'v.orgHasSeats': {
    'zh-CN': '该组织还有成员单位或兼职委员，不能改为其他类型',
    en: 'This organisation still has seats and cannot become a non-joint type',
  },
  'e.validation': { 'zh-CN': '输入有误，请检查标出的字段', en: 'Invalid input; check the fields marked' },
  'e.unauthenticated': { 'zh-CN': '请先登录', en: 'Please sign in' },
  'e.forbidden': { 'zh-CN': '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  'e.notFound': { 'zh-CN': '记录不存在', en: 'Not found' },
  'e.conflict': { 'zh-CN': '操作与现有数据冲突', en: 'The request conflicts with existing data' },
  'e.csrf': {
    'zh-CN': '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and retry',
  },
  'e.badCredentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'e.throttled': {
    'zh-CN': '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins; try again later',
  },
  'e.internal': { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  'e.hasChildren': { 'zh-CN': '该节点下还有下级节点，不能删除', en: 'This node still has child nodes' },
  'e.hasRecords': {
    'zh-CN': '该记录仍被其他数据引用，不能删除',
    en: 'Other records still refer to this one',
  },
  'e.moveIntoSelf': {
    'zh-CN': '不能移动到自身或其下级之下',
    en: 'Cannot move a node under itself or its descendants',
  },
  'e.systemItem': {
    'zh-CN': '系统内置字典项不能删除或修改编码',
    en: 'Built-in dictionary items cannot be deleted or recoded',
  },
  'e.dictInUse': {
    'zh-CN': '该字典项仍被使用，不能删除或修改编码',
    en: 'This dictionary item is still in use and cannot be deleted or recoded',
  },
  'v.dictNotExtensible': {
    'zh-CN': '该字典类型为系统固定项，不能新增',
    en: 'This dictionary type is fixed and does not accept new items',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof messages;

/** Translate a key; unknown keys are returned unchanged (they are already prose). */
export function t(key: string, locale: Locale): string {
  const entry = (messages as Record<string, Record<Locale, string>>)[key];
  return entry ? entry[locale] : key;
}

/** Pick the locale from an Accept-Language header: Chinese unless English is preferred first. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
