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
  'v.unknownField': {
    'zh-CN': '不认识的字段（接口不接受此参数）',
    en: 'Unknown field (this endpoint does not accept it)',
  },
  'v.badEncoding': {
    'zh-CN': '编码无效（不是 UTF-8 文本）',
    en: 'Invalid encoding (not UTF-8 text)',
  },
  'v.badCharacters': {
    'zh-CN': '含有无法保存的字符（空字符或不成对的代理项）',
    en: 'Contains characters that cannot be stored (NUL or an unpaired surrogate)',
  },
  'v.exemptionReason': { 'zh-CN': '选择“其他”时请说明原因', en: 'Say why when choosing “Other”' },
  'v.dateOrder': { 'zh-CN': '结束日期不能早于开始日期', en: 'End date cannot be before start date' },
  'v.passwordLength': {
    'zh-CN': '密码至少 10 位',
    en: 'Password must be at least 10 characters',
  },
  'v.passwordVariety': {
    'zh-CN': '密码中不同的字符太少（不计空格，至少 5 种）',
    en: 'Password has too few different characters (at least 5, spaces not counted)',
  },
  'v.passwordLettersDigits': {
    'zh-CN': '密码须同时包含字母和数字',
    en: 'Password must contain both letters and digits',
  },
  'v.passwordCommon': {
    'zh-CN': '这是常用密码，很容易被猜中，请换一个',
    en: 'This is a commonly used password and easy to guess; choose another',
  },
  'v.passwordUsername': {
    'zh-CN': '密码不能包含用户名（含倒写），也不能是用户名的一部分',
    en: 'Password must not contain the username (or it reversed), nor be part of it',
  },
  'v.cursor': {
    'zh-CN': '翻页标记无效，请从第一页重新开始',
    en: 'Not a page cursor of this list; start again from the first page',
  },
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
  'v.duplicateIds': { 'zh-CN': '同一条记录不能选两次', en: 'The same record is listed twice' },
  'v.visitTargetType': {
    'zh-CN': '所选单位与走访对象类型不符（两新组织/驻区单位）',
    en: 'The unit chosen does not match the kind of visit (two-new organisation or unit)',
  },
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
  'e.badUrl': { 'zh-CN': '请求地址无效', en: 'The request URL is not valid' },
  'e.badJson': { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  'e.badEncoding': {
    'zh-CN': '请求体不是有效的 UTF-8 文本',
    en: 'The request body is not valid UTF-8 text',
  },
  'e.mediaType': {
    'zh-CN': '不支持该请求体类型（Content-Type）',
    en: 'This request body type (Content-Type) is not supported',
  },
  'e.bodyTooLarge': { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  'e.badContentLength': {
    'zh-CN': '请求体长度与 Content-Length 不符',
    en: 'The request body does not match its Content-Length',
  },
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
  'e.throttledPassword': {
    'zh-CN': '当前密码输错次数过多，请稍后再试',
    en: 'The current password was wrong too many times; try again later',
  },
  'e.tokenNeedsSession': {
    'zh-CN': '接口令牌只能在登录后的页面中创建，不能用令牌再创建令牌',
    en: 'API tokens can only be issued from a signed-in session, not with another token',
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
  'x.noFile': { 'zh-CN': '请上传一个 .xlsx 文件', en: 'Upload one .xlsx file' },
  'x.notXlsx': {
    'zh-CN': '文件不是有效的 Excel 工作簿（.xlsx）；.xls 或 CSV 文件请先另存为 .xlsx',
    en: 'The file is not a valid Excel workbook (.xlsx); save .xls or CSV files as .xlsx first',
  },
  'x.tooLarge': { 'zh-CN': '文件不能超过 50 MB', en: 'The file may not exceed 50 MB' },
  'x.tooManyRows': {
    'zh-CN': '一次最多导入 200,000 行，请拆分文件',
    en: 'At most 200,000 rows per import; split the file',
  },
  'x.noHeader': {
    'zh-CN': '未找到表头行，请使用下载的导入模板',
    en: 'No header row found; use the downloaded import template',
  },
  'x.columnMissing': { 'zh-CN': '缺少必填列“{column}”', en: 'Required column “{column}” is missing' },
  'x.noRows': { 'zh-CN': '工作簿中没有数据行', en: 'The workbook has no data rows' },
  'x.numberAsText': {
    'zh-CN': '该单元格被 Excel 存成了数字，末几位已丢失；请把该列设为文本格式后重新填写',
    en: 'Excel stored this cell as a number and lost its last digits; format the column as text and re-enter it',
  },
  'x.date': { 'zh-CN': '日期格式不正确（应为 YYYY-MM-DD）', en: 'Invalid date (YYYY-MM-DD expected)' },
  'x.integer': { 'zh-CN': '应为不小于 0 的整数', en: 'A whole number of 0 or more is expected' },
  'x.gender': { 'zh-CN': '性别应为“男”或“女”', en: 'Gender must be male or female' },
  'x.dictionary': {
    'zh-CN': '“{value}”不是有效的选项（可填选项名称或编码）',
    en: '“{value}” is not a valid option (give its label or code)',
  },
  'x.ambiguous': {
    'zh-CN': '“{value}”匹配到多条记录，请改填编码或统一社会信用代码',
    en: '“{value}” matches several records; give the code or credit code instead',
  },
  'x.areaUnknown': {
    'zh-CN': '没有编码或名称为“{segment}”的区域（可填区域编码，或从上到下的区域名称，用 / 分隔）',
    en: 'No area with the code or name “{segment}” (give the area code, or the area names top down separated by /)',
  },
  'x.areaUnknownUnder': {
    'zh-CN': '“{under}”下没有名为“{segment}”的区域',
    en: 'No area named “{segment}” under “{under}”',
  },
  'x.areaAmbiguous': {
    'zh-CN': '“{value}”对应您管辖范围内的 {count} 个区域，请写出上级区域名称或改填区域编码',
    en: '“{value}” names {count} areas in your scope; add the names of the areas above it or give the area code',
  },
  'x.areaOutOfScope': {
    'zh-CN': '区域“{value}”不在您的管辖范围内',
    en: 'The area “{value}” is outside your scope',
  },
  'x.duplicateInFile': {
    'zh-CN': '与第 {row} 行是同一条记录，同一记录在文件中只能出现一次',
    en: 'Same record as row {row}; a record may appear only once in the file',
  },
  'x.outOfScope': {
    'zh-CN': '该记录已存在，但不在您的管辖范围内，不能修改',
    en: 'This record exists outside your scope and cannot be changed',
  },
  'x.cannotCreate': {
    'zh-CN': '您没有新增此类记录的权限，只能更新已有记录',
    en: 'You may not add records of this kind, only update existing ones',
  },
  'x.identityLocked': {
    'zh-CN': '单位所在区域和统一社会信用代码只能由区域管理员修改',
    en: 'Only area admins may change where a unit sits or its credit code',
  },
  'x.masked': {
    'zh-CN': '脱敏的号码只能原样用于已有记录；新增或修改请填写完整号码',
    en: 'A masked number can only stand for the stored one; give the full number to add or change it',
  },
  'x.reason': { 'zh-CN': '错误原因', en: 'Reason' },
  'e.noImportRights': {
    'zh-CN': '您没有导入或导出此类记录的权限',
    en: 'You may not import or export records of this kind',
  },
  'e.importHasErrors': {
    'zh-CN': '文件中有错误行，未导入任何数据；请修正后重新上传，或选择“仅导入正确的行”',
    en: 'Some rows have errors and nothing was imported; fix and re-upload, or import the valid rows only',
  },
  'e.importCommitted': {
    'zh-CN': '该导入已提交，不能重复提交',
    en: 'This import has already been committed',
  },
  'e.importExpired': {
    'zh-CN': '该导入已过期，请重新上传文件',
    en: 'This import has expired; upload the file again',
  },
  'e.importStale': {
    'zh-CN': '预览之后相关记录已被修改或删除，请重新上传文件',
    en: 'Records changed or were deleted since the preview; upload the file again',
  },
  'v.replaceStart': {
    'zh-CN': '接任者的任期不能早于原任职的最后一天',
    en: 'The successor cannot start before the predecessor’s last day',
  },
  'v.sendingUnitRequired': {
    'zh-CN': '该任职类型须指定派出单位',
    en: 'This kind of appointment needs a sending unit',
  },
  'v.kindDisabled': { 'zh-CN': '该任职类型已停用', en: 'This kind of appointment is disabled' },
  'v.endedBeforeStart': {
    'zh-CN': '结束日期不能早于任期开始日期',
    en: 'The end date cannot be before the start of the term',
  },
  'v.termStartBeforeNoticeEnd': {
    'zh-CN': '任期须在公示期结束之后开始',
    en: 'The term must start after the public notice period',
  },
  'v.occurredInFuture': { 'zh-CN': '发生时间不能晚于当前时间', en: 'It cannot have happened in the future' },
  'v.occurredOutsideTerm': {
    'zh-CN': '发生时间须在任期之内',
    en: 'It must have happened during the term',
  },
  'v.notSendingUnitEmployee': {
    'zh-CN': '须为派出单位居住在本村居的职工党员',
    en: 'Must be an employee of the sending unit living in the receiving community',
  },
  'v.noSendingUnit': {
    'zh-CN': '该任职没有派出单位，不能记录联系职工',
    en: 'This appointment has no sending unit whose employees could be contacted',
  },
  'v.fileType': {
    'zh-CN': '只接受 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容判断）',
    en: 'Only JPEG, PNG or WebP images and PDF files are accepted (judged by their content)',
  },
  'v.fileTooLarge': { 'zh-CN': '单个文件不能超过 10 MB', en: 'A file may not exceed 10 MB' },
  'v.fileMissing': { 'zh-CN': '请选择要上传的文件', en: 'Choose a file to upload' },
  'e.uploadMalformed': {
    'zh-CN': '上传内容不完整或格式有误（应为带 boundary 并以结束边界收尾的 multipart/form-data），请重新上传',
    en: 'The upload is incomplete or malformed (multipart/form-data with a boundary and its closing delimiter expected); upload it again',
  },
  'e.bodyTimeout': {
    'zh-CN': '上传超时：请求内容未在规定时间内送达，请检查网络后重试',
    en: 'The upload timed out: the request body did not arrive in time; check the connection and try again',
  },
  'e.shuttingDown': {
    'zh-CN': '服务正在重启，请稍后重试',
    en: 'The server is restarting; try again shortly',
  },
  'v.tooManyFiles': {
    'zh-CN': '文件数量超过上限（每次 5 个，每条纪实 20 个）',
    en: 'Too many files (5 per upload, 20 per log)',
  },
  'e.nothingToRemind': {
    'zh-CN': '该职责当前未处于即将到期或未完成状态，无需提醒',
    en: 'This duty is neither at risk nor missed: there is nothing to remind of',
  },
  'e.alreadyReminded': {
    'zh-CN': '今天已就该职责本期提醒过此人',
    en: 'This appointee was already reminded of this duty for this period today',
  },
  'e.mayNotRemind': {
    'zh-CN': '只有区、街道、社区管理员可以发送提醒',
    en: 'Only district, street and community admins may send reminders',
  },
  'e.illegalTransition': {
    'zh-CN': '当前状态下不能执行此操作',
    en: 'This cannot be done in the current state',
  },
  'e.batchNoCandidates': { 'zh-CN': '批次中还没有人选', en: 'The batch has no candidates yet' },
  'e.batchNoQualified': {
    'zh-CN': '没有通过资格审查的人选',
    en: 'No candidate passed the qualification check',
  },
  'e.batchUndecided': {
    'zh-CN': '还有人选未作出审核决定',
    en: 'Some candidates have not been decided on yet',
  },
  'e.batchNoneApproved': { 'zh-CN': '没有审核通过的人选', en: 'No candidate was approved' },
  'e.noticeNotEnded': {
    'zh-CN': '公示期尚未结束，不能任命',
    en: 'The public notice period has not ended yet',
  },
  'e.candidateNotQualified': {
    'zh-CN': '未通过资格审查的人选不能进入审核',
    en: 'A candidate who failed the qualification check cannot be reviewed',
  },
  'e.appointmentHasHistory': {
    'zh-CN': '该任职已有工作纪实、替换记录或来自选派批次，不能删除，请改为结束或召回',
    en: 'This appointment has work logs, replacements or comes from a batch; end or recall it instead',
  },
  'e.appointmentInactive': {
    'zh-CN': '该任职已不在任',
    en: 'This appointment is no longer active',
  },
  'e.builtinKind': {
    'zh-CN': '系统内置任职类型不能删除',
    en: 'Built-in kinds of appointment cannot be deleted',
  },
  'e.kindInUse': {
    'zh-CN': '该任职类型已被任职或工作方案使用，不能删除',
    en: 'This kind is used by appointments or work programmes',
  },
  'v.coverageLevel': {
    'zh-CN': '包保对象只能是片区、小区或楼栋',
    en: 'Only a zone, compound or building can be covered',
  },
  'v.coverageOrg': {
    'zh-CN': '大工委、大党委等联合体不能承担包保，请选择具体党组织',
    en: 'A joint body cannot take on coverage; choose a party organisation',
  },
  'v.coverageStatusLevel': {
    'zh-CN': '请选择社区或街道',
    en: 'Choose a community or a street',
  },
  'e.coverageOverlap': {
    'zh-CN': '该党组织在此期间已包保该对象',
    en: 'This organisation already covers this node in an overlapping period',
  },
  'v.versionDate': {
    'zh-CN': '新版本的生效日期须晚于已有各版本的生效日期',
    en: 'A new version must take effect after every existing version',
  },
  'v.retireBeforeVersion': {
    'zh-CN': '停用日期不能早于最新版本的生效日期',
    en: 'A rule cannot be retired before its latest version takes effect',
  },
  'v.ruleCodeMismatch': {
    'zh-CN': '规则编码须与所编辑的规则一致',
    en: 'The rule code must be the rule’s own',
  },
  'v.unknownRule': {
    'zh-CN': '该任职的职责规则中没有此规则',
    en: 'No such rule among the duties of this appointment',
  },
  'v.prorateRequirement': {
    'zh-CN': '只有次数或累计数量类的要求可以按在任天数折算',
    en: 'Only a count or a sum can be pro-rated to the days served',
  },
  'v.termDaysPeriod': {
    'zh-CN': '只有按任期考核的规则才能设定任期天数（termDays）',
    en: 'termDays applies to rules judged over the term only',
  },
  'v.boardPeriod': {
    'zh-CN':
      '看板只能按周、月、季度或年查看（week、month、quarter、year）；任期类职责在每种视图中按各人任期整体考核',
    en: 'The board is viewed by week, month, quarter or year; term duties show on every view, judged over each term',
  },
  'v.periodKey': {
    'zh-CN': '不是有效的期间（如 2026-W07、2026-03、2026-Q1、2026）',
    en: 'Not a period (e.g. 2026-W07, 2026-03, 2026-Q1, 2026)',
  },
  'v.periodKeyRule': {
    'zh-CN': '期间与规则的考核周期不符，或不在任期之内',
    en: 'The period does not match the rule’s period or lies outside the term',
  },
  'v.periodKeyMalformed': {
    'zh-CN':
      '期间格式不正确：周如 2026-W07，月如 2026-03，季度如 2026-Q1，年如 2026，任期如 2026-03-15/2028-03-14',
    en: 'Not a period: a week reads 2026-W07, a month 2026-03, a quarter 2026-Q1, a year 2026, a term 2026-03-15/2028-03-14',
  },
  'v.periodKind': {
    'zh-CN': '该职责不按这种期间考核：期间须是规则的考核周期（见 details 中的 expected）',
    en: 'This duty is not judged by this kind of period: it must be the rule’s own (see expected in details)',
  },
  'v.periodNotOffered': {
    'zh-CN': '只能对近期及即将到来的期间申请免责（可选期间见 /api/duty-exemptions/choices）',
    en: 'An exemption can be asked only for the recent and coming periods on offer (see /api/duty-exemptions/choices)',
  },
  'e.unknownRule': {
    'zh-CN': '该任职的职责中没有此规则编码',
    en: 'No duty rule with this code applies to this appointment',
  },
  'e.periodOutsideTerm': {
    'zh-CN': '该期间不在任期之内，没有考核结论',
    en: 'This period lies outside the term: there is no verdict for it',
  },
  'e.periodNotJudged': {
    'zh-CN': '该期间开始时此规则尚未生效或已停用，不考核',
    en: 'The rule was not in force when this period began: it is not judged',
  },
  'e.ruleRetired': { 'zh-CN': '该规则已停用', en: 'This rule is already retired' },
  'e.reviewCommentNeeded': {
    'zh-CN': '述职报告须填写审核意见，请单独确认',
    en: 'An annual report is confirmed with a comment of its own: confirm it on its own',
  },
  'e.exemptionDecided': {
    'zh-CN': '该免除申请已处理，不能再次审核',
    en: 'This exemption request has already been decided',
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
