import {
  ACTIVITY_TYPE_LABELS,
  AREA_LEVEL_LABELS,
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  type DictType,
  EXEMPTION_REASON_KIND_LABELS,
  localDate,
  ORG_TYPE_LABELS,
  periodText,
  ROLE_LABELS,
} from '@gongjian/common';
import { and, eq } from 'drizzle-orm';
import {
  accounts,
  appointmentKinds,
  appointments,
  areas,
  members,
  partyOrgs,
  selectionBatches,
  units,
  workProgrammes,
} from '#server/db/schema/index.ts';
import { type Ctx, nowOf } from '#server/http/context.ts';
import { FOOTER_MARKS } from '#server/io/excel/writer.ts';
import { DictLabels, words } from './format.ts';
import type { Bilingual } from './run.ts';

/**
 * An export is a ledger (台账) an official signs and files, not a data dump: a title row naming
 * the area and the period, a line saying which filter made it, the table, and 制表人/审核人/制表日期
 * under it; the file is named after the area, the ledger and its period. This file builds those
 * texts; `writer.ts` lays them out.
 */

/** What a ledger's title and file name say about its period (none for a registry as it stands). */
export interface LedgerPeriod {
  text: Bilingual;
  /** The period in ASCII for the plain file name (`2026-11`, `2026-11-01_2026-11-30`). */
  key: string;
}

/** The texts of one ledger in the caller's language. */
export interface Ledger {
  /** Row 1: "长兴镇 2026年11月 履职台账". */
  title: string;
  /** Row 2: "筛选条件：关键词“张”；类型：联系村居" or "筛选条件：全部". */
  filter: string;
  /** Under the table: "制表人：张三　　审核人：________　　制表日期：2026-12-02". */
  footer: string;
  /** The download's name, without `.xlsx`: "长兴镇-履职台账-2026年11月". */
  fileName: string;
  /** The same in ASCII, for clients that ignore `filename*`. */
  asciiName: string;
}

/**
 * How one query parameter reads in the filter line: its label and its value in words. `value`
 * may look the value up (an area's name, a dictionary label); the list already accepted it, so
 * the id names a record the caller may see.
 */
export interface FilterWord {
  label: Bilingual;
  /** The value in words; null leaves the filter out (a default that selects nothing). */
  value(v: string, ctx: Ctx): Promise<Bilingual | string | null> | Bilingual | string | null;
}

/** Filters that are not filters (paging, the reveal switch) or that the title already says. */
export type FilterWords = Record<string, FilterWord | null>;

const TEXT = {
  filters: words('筛选条件：', 'Filters: '),
  all: words('全部', 'all'),
  reviewedBy: words('审核人：', 'Reviewed by: '),
  madeOn: words('制表日期：', 'Date: '),
  platform: words('全平台', 'All districts'),
  yes: words('是', 'yes'),
  through: words('至', 'to'),
};

/** A value from a `{ code: labels }` table, or the code itself. */
const labelled =
  (labels: Record<string, Bilingual>) =>
  (v: string): Bilingual | string =>
    labels[v] ?? v;

/** An id's name from one table, or `#id` when it is gone. */
const named =
  (lookup: (ctx: Ctx, id: number) => Promise<Bilingual | string | undefined>) =>
  async (v: string, ctx: Ctx) =>
    (await lookup(ctx, Number(v))) ?? `#${v}`;

export const areaName = async (ctx: Ctx, id: number) =>
  (await ctx.db.select({ name: areas.name }).from(areas).where(eq(areas.id, id)))[0]?.name;
const unitName = async (ctx: Ctx, id: number) =>
  (await ctx.db.select({ name: units.name }).from(units).where(eq(units.id, id)))[0]?.name;
const orgName = async (ctx: Ctx, id: number) =>
  (await ctx.db.select({ name: partyOrgs.name }).from(partyOrgs).where(eq(partyOrgs.id, id)))[0]?.name;
const memberName = async (ctx: Ctx, id: number) =>
  (await ctx.db.select({ name: members.name }).from(members).where(eq(members.id, id)))[0]?.name;
const accountName = async (ctx: Ctx, id: number) =>
  (await ctx.db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, id)))[0]?.name;
const kindName = async (ctx: Ctx, id: number) => {
  const [k] = await ctx.db
    .select({ zh: appointmentKinds.nameZh, en: appointmentKinds.nameEn })
    .from(appointmentKinds)
    .where(eq(appointmentKinds.id, id));
  return k ? words(k.zh, k.en) : undefined;
};
const programmeName = async (ctx: Ctx, id: number) =>
  (
    await ctx.db.select({ name: workProgrammes.title }).from(workProgrammes).where(eq(workProgrammes.id, id))
  )[0]?.name;
const batchName = async (ctx: Ctx, id: number) =>
  (
    await ctx.db
      .select({ name: selectionBatches.title })
      .from(selectionBatches)
      .where(eq(selectionBatches.id, id))
  )[0]?.name;
/** An appointment by its appointee and kind: "张三（楼栋长）". */
const appointmentName = async (ctx: Ctx, id: number) => {
  const [r] = await ctx.db
    .select({ member: members.name, zh: appointmentKinds.nameZh, en: appointmentKinds.nameEn })
    .from(appointments)
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, appointments.kindId))
    .where(eq(appointments.id, id));
  return r ? words(`${r.member}（${r.zh}）`, `${r.member} (${r.en})`) : undefined;
};

/** An appointment kind named by its code in the caller's district (the board's `kind`). */
export const kindByCode = async (v: string, ctx: Ctx): Promise<Bilingual | string> => {
  const where = ctx.actor.districtId
    ? and(eq(appointmentKinds.code, v), eq(appointmentKinds.areaId, ctx.actor.districtId))
    : eq(appointmentKinds.code, v);
  const rows = await ctx.db
    .select({ zh: appointmentKinds.nameZh, en: appointmentKinds.nameEn })
    .from(appointmentKinds)
    .where(where);
  const names = [...new Set(rows.map((r) => `${r.zh}|${r.en}`))];
  const [only] = names;
  if (names.length !== 1 || !only) return v;
  const [zh = v, en = v] = only.split('|');
  return words(zh, en);
};

/** A dictionary code by its label in the caller's district (the platform admin: the code). */
const dict =
  (type: DictType) =>
  async (v: string, ctx: Ctx): Promise<Bilingual | string> => {
    const district = ctx.actor.districtId;
    if (!district) return v;
    const labels = new DictLabels(ctx.db);
    // The district's own path: its dictionaries are every record's of the district.
    const path = `/${district}/`;
    await labels.load([path]);
    return words(labels.label(path, type, v, 'zh-CN'), labels.label(path, type, v, 'en'));
  };

const quoted = (v: string) => words(`“${v}”`, `“${v}”`);
const yesOnly = (v: string) => (v === 'true' ? TEXT.yes : words('否', 'no'));

/**
 * The filters the lists share, by query parameter. An export whose parameter means something
 * else (`kind`, `status`, `type`) says so in its own `filterWords`.
 */
const COMMON: Record<string, FilterWord> = {
  q: { label: words('关键词', 'Keyword'), value: quoted },
  within: { label: words('范围', 'Within'), value: named(areaName) },
  areaId: { label: words('区域', 'Area'), value: named(areaName) },
  parentId: { label: words('上级', 'Parent'), value: named(areaName) },
  districtId: { label: words('所属区', 'District'), value: named(areaName) },
  targetWithin: { label: words('走访对象所在区域', 'Visited within'), value: named(areaName) },
  unitId: { label: words('单位', 'Unit'), value: named(unitName) },
  sendingUnitId: { label: words('派出单位', 'Sending unit'), value: named(unitName) },
  targetUnitId: { label: words('走访单位', 'Visited unit'), value: named(unitName) },
  orgId: { label: words('党组织', 'Party organisation'), value: named(orgName) },
  receivingOrgId: { label: words('接收组织', 'Receiving organisation'), value: named(orgName) },
  memberId: { label: words('党员', 'Member'), value: named(memberName) },
  actorId: { label: words('操作人', 'By'), value: named(accountName) },
  kindId: { label: words('任职类型', 'Appointment kind'), value: named(kindName) },
  programmeId: { label: words('工作方案', 'Programme'), value: named(programmeName) },
  batchId: { label: words('选派批次', 'Batch'), value: named(batchName) },
  appointmentId: { label: words('任职', 'Appointment'), value: named(appointmentName) },
  category: { label: words('党员分类', 'Category'), value: dict('member_category') },
  skill: { label: words('特长', 'Skill'), value: dict('skill') },
  role: { label: words('岗位', 'Role'), value: dict('member_role') },
  demandCategory: { label: words('需求类别', 'Demand category'), value: dict('demand_category') },
  gender: {
    label: words('性别', 'Gender'),
    value: labelled({ male: words('男', 'male'), female: words('女', 'female') }),
  },
  level: { label: words('层级', 'Level'), value: labelled(AREA_LEVEL_LABELS) },
  activityType: { label: words('活动类型', 'Activity type'), value: labelled(ACTIVITY_TYPE_LABELS) },
  reasonKind: { label: words('原因', 'Reason'), value: labelled(EXEMPTION_REASON_KIND_LABELS) },
  entityType: { label: words('对象类型', 'Record type'), value: labelled(AUDIT_ENTITY_LABELS) },
  entityId: { label: words('对象编号', 'Record id'), value: (v) => v },
  action: { label: words('操作', 'Action'), value: labelled(AUDIT_ACTION_LABELS) },
  from: { label: words('起始', 'From'), value: (v) => v },
  to: { label: words('截止', 'To'), value: (v) => v },
  on: { label: words('日期', 'On'), value: (v) => v },
  at: { label: words('截至', 'As at'), value: (v) => v },
  activeOn: { label: words('在岗日期', 'Active on'), value: (v) => v },
  period: { label: words('期间', 'Period'), value: (v) => periodText(v) },
  year: { label: words('年度', 'Year'), value: (v) => v },
  withDemands: { label: words('有需求的走访', 'With demands'), value: yesOnly },
  counted: { label: words('仅计入统计的', 'Counted only'), value: yesOnly },
  includeDisabled: { label: words('含停用', 'Disabled included'), value: yesOnly },
  disabled: { label: words('已停用', 'Disabled'), value: yesOnly },
  replay: { label: words('按当时记录', 'As recorded then'), value: yesOnly },
  // Unit types are a dictionary; organisation types (`orgs`) and account roles say so below.
  type: { label: words('单位类型', 'Unit type'), value: dict('unit_type') },
};

/** Overrides for the lists whose `type`/`role` are not the registries'. */
export const ORG_TYPE_WORD: FilterWord = {
  label: words('组织类型', 'Type'),
  value: labelled(ORG_TYPE_LABELS),
};
export const ACCOUNT_ROLE_WORD: FilterWord = { label: words('角色', 'Role'), value: labelled(ROLE_LABELS) };

/** A status filter read with the list's own status labels. */
export const statusWord = (labels: Record<string, Bilingual>): FilterWord => ({
  label: words('状态', 'Status'),
  value: labelled(labels),
});

/** Never part of the filter line: paging, the reveal switch (said on its own), cursors. */
const NOT_FILTERS = new Set(['page', 'pageSize', 'after', 'reveal']);

/** The filter line: each set filter as "label：value", in the query's order, or 全部. */
async function filterLine(ctx: Ctx, q: object, own: FilterWords = {}): Promise<string> {
  const L = ctx.locale;
  const parts: string[] = [];
  for (const [k, raw] of Object.entries(q)) {
    if (NOT_FILTERS.has(k) || raw === undefined || raw === null || raw === '' || raw === false) continue;
    const word = k in own ? own[k] : COMMON[k];
    if (word === null) continue;
    const v = String(raw);
    const value = word ? await word.value(v, ctx) : v;
    if (value === null) continue;
    const label = word ? word.label[L] : k;
    parts.push(`${label}${L === 'en' ? ': ' : '：'}${typeof value === 'string' ? value : value[L]}`);
  }
  if ('reveal' in q && q.reveal === true) parts.push(L === 'en' ? 'numbers in clear' : '号码未脱敏');
  return `${TEXT.filters[L]}${parts.length ? parts.join(L === 'en' ? '; ' : '；') : TEXT.all[L]}`;
}

/**
 * The area a ledger covers, by name: the node its filter names (`within`, `areaId`,
 * `districtId`), else the caller's own (a unit admin's unit), else all districts.
 */
async function areaOf(ctx: Ctx, q: object): Promise<string> {
  const f = q as { within?: number; areaId?: number; districtId?: number };
  const id = f.within ?? f.areaId ?? f.districtId;
  if (id !== undefined) return (await areaName(ctx, id)) ?? TEXT.platform[ctx.locale];
  const a = ctx.actor;
  if (a.role === 'unit_admin' && a.unitId !== null) return (await unitName(ctx, a.unitId)) ?? '';
  if (a.areaId !== null) return (await areaName(ctx, a.areaId)) ?? '';
  return TEXT.platform[ctx.locale];
}

const lastDayOf = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * A range of days as a ledger's period: a whole month, quarter or year reads as one
 * ("2026年11月"), any other range as its two days. Open ends read "起"/"止".
 */
export function rangePeriod(from: string | undefined, to: string | undefined): LedgerPeriod | null {
  if (!from && !to) return null;
  if (from && to) {
    const ym = from.slice(0, 7);
    if (from.endsWith('-01') && to === lastDayOf(ym)) return { text: periodText(ym), key: ym };
    const q = (Number(from.slice(5, 7)) - 1) / 3;
    const qEnd = `${from.slice(0, 4)}-${String(Number(from.slice(5, 7)) + 2).padStart(2, '0')}`;
    if (from.endsWith('-01') && Number.isInteger(q) && to === lastDayOf(qEnd)) {
      const key = `${from.slice(0, 4)}-Q${q + 1}`;
      return { text: periodText(key), key };
    }
    if (from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`)
      return { text: periodText(from.slice(0, 4)), key: from.slice(0, 4) };
    return {
      text: words(`${from}至${to}`, `${from} to ${to}`),
      key: `${from}_${to}`,
    };
  }
  if (from) return { text: words(`${from}起`, `from ${from}`), key: `from_${from}` };
  return { text: words(`截至${to}`, `to ${to}`), key: `to_${to}` };
}

/** A period key the duty board and work logs use ("2026-11", "2026-W45"), as a ledger's period. */
export const keyPeriod = (key: string): LedgerPeriod => ({ text: periodText(key), key });

/** Characters a file name may not hold on Windows or macOS. */
const unsafe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_').trim();

/**
 * The ledger texts of an export: `name` is the ledger's ("党员台账"), `ascii` the plain stem
 * ("members"); `area` and `period` when the export knows them better than its query.
 */
export async function ledgerOf(
  ctx: Ctx,
  x: { ledger: Bilingual; ascii: string; filterWords?: FilterWords },
  q: object,
  known: { area?: string; period?: LedgerPeriod | null } = {},
): Promise<Ledger> {
  const L = ctx.locale;
  const area = known.area ?? (await areaOf(ctx, q));
  const period = known.period ?? null;
  const name = x.ledger[L];
  const today = localDate(nowOf(ctx));
  const title =
    L === 'en'
      ? [name, [area, period?.text.en].filter(Boolean).join(', ')].filter(Boolean).join(' — ')
      : [area, period?.text['zh-CN'], name].filter(Boolean).join(' ');
  const gap = L === 'en' ? '    ' : '　　';
  const footer = [
    `${FOOTER_MARKS[L]}${ctx.actor.displayName}`,
    `${TEXT.reviewedBy[L]}________`,
    `${TEXT.madeOn[L]}${today}`,
  ].join(gap);
  const tail = period ? period.text[L] : today;
  return {
    title,
    filter: await filterLine(ctx, q, x.filterWords),
    footer,
    fileName: unsafe([area, name, tail].filter(Boolean).join('-')),
    asciiName: `${x.ascii}-${period ? period.key : today}`
      .replace(/[^\x21-\x7e]/g, '_')
      .replace(/["\\]/g, '_'),
  };
}
