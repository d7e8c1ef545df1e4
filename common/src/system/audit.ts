import { z } from 'zod';
import { endpoint } from '../contract.ts';
import type { Locale } from '../i18n.ts';
import { actionsSchema, listQuery, listResponse, optionalId } from '../list.ts';

/** A point in time for a filter: an ISO date (a whole day, China time) or a full ISO timestamp. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional();

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The half-open time range `[from, before)` a filter means. A bare date is a calendar day in
 * China Standard Time (UTC+8, no daylight saving), where every administration using this works.
 */
export function auditRange(from?: string, to?: string): { from?: Date; before?: Date } {
  const start = (v: string) => new Date(DATE_ONLY.test(v) ? `${v}T00:00:00+08:00` : v);
  const range: { from?: Date; before?: Date } = {};
  if (from) range.from = start(from);
  // A timestamp bound includes its whole millisecond: `at` is shown to the millisecond, so an
  // event's own `at` used as `to` still finds that event although the database keeps microseconds.
  if (to)
    range.before = DATE_ONLY.test(to) ? new Date(start(to).getTime() + DAY_MS) : new Date(Date.parse(to) + 1);
  return range;
}

/** Filters of `GET /api/audit`. */
export const auditListQuery = listQuery
  .extend({
    actorId: optionalId,
    entityType: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(64).optional(),
    action: z.string().trim().min(1).max(64).optional(),
    /** Inclusive lower bound on the event time. */
    from: instant,
    /** Inclusive upper bound; a bare date includes that whole day. */
    to: instant,
  })
  .refine(
    (q) => {
      const r = auditRange(q.from, q.to);
      return !r.from || !r.before || r.from < r.before;
    },
    {
      error: 'v.dateOrder',
      path: ['to'],
    },
  );
export type AuditListQuery = z.infer<typeof auditListQuery>;

/**
 * Path of `GET /api/audit/:id`. The trail's ids are the one `bigint` key, so they are not held to
 * `integer` like every other id: the explicit bound says so to the request validator.
 */
export const auditEventParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** One event of the append-only trail. */
export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  areaId: z.number().nullable(),
  /** Null when the node has since been deleted. */
  areaName: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  /** The trail is append-only, so there is never anything to do with an event. */
  actions: actionsSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Words for the trail's action codes (the desk, the home page and the export share them); a code not listed is shown as it is. */
export const AUDIT_ACTION_LABELS: Record<string, Record<Locale, string>> = {
  create: { 'zh-CN': '新建', en: 'created' },
  update: { 'zh-CN': '修改', en: 'updated' },
  delete: { 'zh-CN': '删除', en: 'deleted' },
  move: { 'zh-CN': '移动', en: 'moved' },
  reveal: { 'zh-CN': '查看明文', en: 'revealed' },
  login: { 'zh-CN': '登录', en: 'signed in' },
  logout: { 'zh-CN': '退出', en: 'signed out' },
  login_failed: { 'zh-CN': '登录失败', en: 'failed sign-in' },
  login_throttled: { 'zh-CN': '登录被限制（尝试过多）', en: 'sign-in refused (too many attempts)' },
  password_change_failed: {
    'zh-CN': '改密失败（当前密码错误）',
    en: 'password change failed (wrong current password)',
  },
  password_change_throttled: {
    'zh-CN': '改密被限制（尝试过多）',
    en: 'password change refused (too many attempts)',
  },
  import: { 'zh-CN': '导入', en: 'imported' },
  purge: { 'zh-CN': '到期清除', en: 'purged (expired)' },
  remind: { 'zh-CN': '提醒', en: 'reminded' },
  end: { 'zh-CN': '任期届满', en: 'term ended' },
  recall: { 'zh-CN': '提前召回', en: 'recalled' },
  replace: { 'zh-CN': '调整替换', en: 'replaced' },
  confirm: { 'zh-CN': '确认', en: 'confirmed' },
  reject: { 'zh-CN': '退回', en: 'rejected' },
  approve: { 'zh-CN': '批准', en: 'approved' },
  review: { 'zh-CN': '审核', en: 'reviewed' },
  check: { 'zh-CN': '资格审查', en: 'checked' },
  reopen: { 'zh-CN': '退回推荐', en: 'reopened' },
  start_review: { 'zh-CN': '提交审核', en: 'sent to review' },
  notice: { 'zh-CN': '发布公示', en: 'notice published' },
  appoint: { 'zh-CN': '任命', en: 'appointed' },
  cancel: { 'zh-CN': '撤销', en: 'cancelled' },
  new_version: { 'zh-CN': '发布新版本', en: 'new version' },
  retire: { 'zh-CN': '停用', en: 'retired' },
};

/** Words for the record types events are about; a type not listed is written as it is. */
export const AUDIT_ENTITY_LABELS: Record<string, Record<Locale, string>> = {
  account: { 'zh-CN': '账号', en: 'account' },
  api_token: { 'zh-CN': '接口令牌', en: 'API token' },
  area: { 'zh-CN': '区划节点', en: 'tree node' },
  unit: { 'zh-CN': '单位', en: 'unit' },
  member: { 'zh-CN': '党员', en: 'party member' },
  resident: { 'zh-CN': '居民', en: 'resident' },
  party_org: { 'zh-CN': '党组织', en: 'party organisation' },
  party_org_seat: { 'zh-CN': '大工委/大党委席位', en: 'joint-body seat' },
  dict_item: { 'zh-CN': '字典项', en: 'dictionary item' },
  demo_district: { 'zh-CN': '演示数据', en: 'demo data' },
  appointment_kind: { 'zh-CN': '任职类型', en: 'appointment kind' },
  appointment: { 'zh-CN': '任职', en: 'appointment' },
  work_programme: { 'zh-CN': '工作方案', en: 'work programme' },
  selection_batch: { 'zh-CN': '选派批次', en: 'selection batch' },
  batch_candidate: { 'zh-CN': '批次人选', en: 'batch candidate' },
  work_log: { 'zh-CN': '工作纪实', en: 'work log' },
  work_log_file: { 'zh-CN': '佐证材料', en: 'evidence file' },
  duty_rule: { 'zh-CN': '履职规则', en: 'duty rule' },
  duty_exemption: { 'zh-CN': '请假免责', en: 'duty exemption' },
  coverage_assignment: { 'zh-CN': '包保关系', en: 'coverage assignment' },
  audit_event: { 'zh-CN': '审计日志', en: 'audit log' },
  staged_import: { 'zh-CN': '暂存的导入', en: 'staged import' },
  duty_reminder: { 'zh-CN': '履职提醒', en: 'duty reminder' },
};

const tags = ['audit'];

/** `/api/audit`: read-only; the trail is written by the services, inside each mutation's transaction. */
export const auditApi = {
  list: endpoint('GET', '/audit', {
    tags,
    summary: 'Audit events in scope, newest first',
    query: auditListQuery,
    response: listResponse(auditEventSchema),
  }),
  get: endpoint('GET', '/audit/:id', {
    tags,
    summary: 'One audit event',
    params: auditEventParams,
    response: auditEventSchema,
  }),
};
