import { z } from 'zod';
import { endpoint } from '../contract.ts';
import type { Locale } from '../i18n.ts';
import { actionsSchema, idParams, listQuery, listResponse, okBody, optionalId } from '../list.ts';
import { dateSchema, idSchema } from '../validators.ts';

/** The levels a branch can take responsibility for (包保): zones, compounds and buildings. */
export const COVERED_LEVELS = ['zone', 'compound', 'building'] as const;
export type CoveredLevel = (typeof COVERED_LEVELS)[number];
export const coveredLevel = z.enum(COVERED_LEVELS);

/** Unit types (codes of the `unit_type` dictionary) that count as two-new organisations (两新组织). */
export const TWO_NEW_UNIT_TYPES = ['two_new_firm', 'two_new_social'] as const;

// ── Assignments ────────────────────────────────────────────────────────────────────────────

/** A coverage assignment (包保) as the API returns it. */
export const coverageAssignmentSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  /** The unit the organisation belongs to (e.g. the district bureau), when it has one. */
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  areaId: z.number(),
  areaName: z.string(),
  areaLevel: coveredLevel,
  /** Names from below the community down to the node: "东片区 / 丽景苑 / 2栋". */
  areaLabel: z.string(),
  /** The community the covered node belongs to. */
  communityId: z.number().nullable(),
  communityName: z.string().nullable(),
  startOn: z.string(),
  endOn: z.string().nullable(),
  note: z.string().nullable(),
  /** Whether the assignment runs today (in the district's time zone). */
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: actionsSchema,
});
export type CoverageAssignment = z.infer<typeof coverageAssignmentSchema>;

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const coverageListQuery = listQuery.extend({
  /** Covered nodes inside this node's subtree (itself included). */
  within: optionalId,
  orgId: optionalId,
  unitId: optionalId,
  /** Only assignments running on this day. */
  activeOn: z.preprocess(emptyToUndefined, dateSchema.optional()),
});
export type CoverageListQuery = z.infer<typeof coverageListQuery>;

const note = z.string().trim().max(500).nullish();

/** Body of `POST /api/coverage/assignments`. */
export const coverageCreate = z
  .object({
    orgId: z.number().int().positive(),
    /** A zone, compound or building. */
    areaId: z.number().int().positive(),
    startOn: dateSchema,
    endOn: dateSchema.nullish(),
    note,
  })
  .superRefine((v, ctx) => {
    if (v.endOn && v.endOn < v.startOn)
      ctx.addIssue({ code: 'custom', path: ['endOn'], message: 'v.dateOrder' });
  });
export type CoverageCreate = z.infer<typeof coverageCreate>;

/**
 * Body of `PATCH /api/coverage/assignments/:id`. The organisation and the node are what an
 * assignment is; to hand a node to another branch, end this assignment and create another.
 */
export const coverageUpdate = z.object({
  startOn: dateSchema.optional(),
  endOn: dateSchema.nullish(),
  note,
});
export type CoverageUpdate = z.infer<typeof coverageUpdate>;

/**
 * Filters of `GET /api/coverage/orgs`: the party organisations that may take coverage on (any
 * organisation of the district but the joint bodies), for the assignment form's picker.
 */
export const coverageOrgQuery = listQuery.extend({
  /** The node to be covered: organisations of its district (the platform admin has none). */
  areaId: optionalId,
});
export type CoverageOrgQuery = z.infer<typeof coverageOrgQuery>;

/** An organisation that may take coverage on, as the picker shows it. */
export const coverageOrgOptionSchema = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  areaId: z.number(),
  areaName: z.string(),
  actions: actionsSchema,
});
export type CoverageOrgOption = z.infer<typeof coverageOrgOptionSchema>;

// ── Status ─────────────────────────────────────────────────────────────────────────────────

export const coverageStatusQuery = z.object({
  /** A community, or a street (one status per community of it). */
  areaId: idSchema,
  /** The day coverage is judged on; today when omitted. */
  on: z.preprocess(emptyToUndefined, dateSchema.optional()),
});
export type CoverageStatusQuery = z.infer<typeof coverageStatusQuery>;

const orgRefSchema = z.object({ orgId: z.number(), orgName: z.string() });

/** A zone, compound or building of the community. */
export const coverageNodeSchema = z.object({
  id: z.number(),
  level: coveredLevel,
  name: z.string(),
  parentId: z.number().nullable(),
  /** Names from below the community down to the node: "东片区 / 丽景苑 / 3栋". */
  label: z.string(),
});
export type CoverageNode = z.infer<typeof coverageNodeSchema>;

const levelCount = z.object({ total: z.number(), covered: z.number() });

/** One community's coverage on a day. */
export const communityCoverageSchema = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  counts: z.object({ zones: levelCount, compounds: levelCount, buildings: levelCount }),
  /** Every zone, compound and building covered (and there is at least one of them). */
  complete: z.boolean(),
  /**
   * The community has no zone, compound or building: nothing to cover (无需包保), which is not a
   * gap — `complete` stays false (nothing was covered) and nothing is `uncovered`.
   */
  nothingToCover: z.boolean(),
  /** "4 zones, 24 compounds, 98 buildings all covered", in the caller's language. */
  summary: z.string(),
  /**
   * Nodes not covered: no active assignment on them or a node above, and (zones, compounds) not
   * every child covered either.
   */
  uncovered: z.array(coverageNodeSchema),
  /** Nodes assigned directly to more than one organisation. */
  doublyCovered: z.array(coverageNodeSchema.extend({ orgs: z.array(orgRefSchema) })),
  /** Per organisation: nodes assigned directly, and buildings covered in all (inherited included). */
  orgs: z.array(
    orgRefSchema.extend({
      unitId: z.number().nullable(),
      unitName: z.string().nullable(),
      zones: z.number(),
      compounds: z.number(),
      buildings: z.number(),
      coveredBuildings: z.number(),
    }),
  ),
  /** Every building with who covers it (and from which level) and its building heads (楼栋长). */
  buildings: z.array(
    coverageNodeSchema.extend({
      coveredBy: z.array(orgRefSchema.extend({ viaAreaId: z.number(), viaLevel: coveredLevel })),
      heads: z.array(z.object({ memberId: z.number(), name: z.string() })),
    }),
  ),
  buildingsWithoutHead: z.array(coverageNodeSchema),
});
export type CommunityCoverage = z.infer<typeof communityCoverageSchema>;

export const coverageStatusSchema = z.object({
  area: z.object({ id: z.number(), name: z.string(), level: z.enum(['street', 'community']) }),
  on: z.string(),
  communities: z.array(communityCoverageSchema),
});
export type CoverageStatus = z.infer<typeof coverageStatusSchema>;

const LEVEL_WORDS: Record<Locale, Record<CoveredLevel, string>> = {
  'zh-CN': { zone: '个片区', compound: '个小区', building: '个楼栋' },
  en: { zone: 'zones', compound: 'compounds', building: 'buildings' },
};

/**
 * One line for a community's coverage: "4 zones, 24 compounds, 98 buildings all covered", what
 * is covered of what when it is not complete, or "nothing to cover" when there is nothing.
 */
export function coverageSummary(
  counts: CommunityCoverage['counts'],
  complete: boolean,
  locale: Locale,
): string {
  const w = LEVEL_WORDS[locale];
  // "0 of 0 zones" read as a gap; a community with nothing under it has nothing to cover.
  if (counts.zones.total + counts.compounds.total + counts.buildings.total === 0)
    return locale === 'zh-CN'
      ? '无需包保：社区下未设片区、小区或楼栋'
      : 'Nothing to cover: the community has no zones, compounds or buildings';
  const parts: [CoveredLevel, { total: number; covered: number }][] = [
    ['zone', counts.zones],
    ['compound', counts.compounds],
    ['building', counts.buildings],
  ];
  if (locale === 'zh-CN') {
    if (complete) return `${parts.map(([l, c]) => `${c.total}${w[l]}`).join('、')}全部包保覆盖`;
    return `包保未全覆盖：${parts.map(([l, c]) => `${w[l].slice(1)} ${c.covered}/${c.total}`).join('，')}`;
  }
  if (complete) return `${parts.map(([l, c]) => `${c.total} ${w[l]}`).join(', ')} all covered`;
  return `Coverage incomplete: ${parts.map(([l, c]) => `${c.covered} of ${c.total} ${w[l]}`).join(', ')}`;
}

// ── Visits to two-new organisations ────────────────────────────────────────────────────────

export const coverageVisitsQuery = z
  .object({
    /** Two-new organisations located in this node's subtree. */
    areaId: idSchema,
    /** First and last day (inclusive, in the district's time zone) of the period. */
    from: dateSchema,
    to: dateSchema,
  })
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'v.dateOrder' });
  });
export type CoverageVisitsQuery = z.infer<typeof coverageVisitsQuery>;

const unitRef = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  areaId: z.number(),
  areaName: z.string(),
});

/**
 * A drill-down: the query of `GET /api/work-logs` that lists exactly the logs a figure counts —
 * the list's `total` is the figure.
 */
export const workLogDrillSchema = z.record(z.string(), z.string());
export type WorkLogDrill = z.infer<typeof workLogDrillSchema>;

/**
 * The two populations of visits the report counts, each figure belonging to exactly one:
 * - `to_area_orgs` (走访本辖区组织): visits to the organisations located in the area, whoever made
 *   them (an appointee received in the next street included);
 * - `by_area_appointees` (本辖区干部的走访): visits by the appointees received in the area,
 *   wherever they went (households, units, organisations of the next street included).
 */
export const VISIT_POPULATIONS = ['to_area_orgs', 'by_area_appointees'] as const;
export type VisitPopulation = (typeof VISIT_POPULATIONS)[number];

export const VISIT_POPULATION_LABELS: Record<
  VisitPopulation,
  { name: Record<Locale, string>; description: Record<Locale, string> }
> = {
  to_area_orgs: {
    name: { 'zh-CN': '走访本辖区组织', en: "Visits to the area's organisations" },
    description: {
      'zh-CN': '走访位于本辖区的两新组织，不论走访人由哪里派驻',
      en: 'Visits to two-new organisations located in the area, whoever made them',
    },
  },
  by_area_appointees: {
    name: { 'zh-CN': '本辖区干部的走访', en: "Visits by the area's appointees" },
    description: {
      'zh-CN': '派驻本辖区的干部所做的走访，不论走访对象在哪里',
      en: 'Visits by the appointees received in the area, wherever they went',
    },
  },
};

const visitPopulationSchema = z.object({
  key: z.enum(VISIT_POPULATIONS),
  /** "走访本辖区组织", in the caller's language. */
  name: z.string(),
  description: z.string(),
  /** The fields of this report that count this population (and only it). */
  figures: z.array(z.string()),
  /** Every visit of the population in the period. */
  drill: workLogDrillSchema,
});

/** A demand category with the visits that took a demand of it (走访收集需求). */
export const visitDemandCategorySchema = z.object({
  /** Code of the district's `demand_category` dictionary. */
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  /** Visits in the period naming this category. */
  visits: z.number(),
  drill: workLogDrillSchema,
});
export type VisitDemandCategory = z.infer<typeof visitDemandCategorySchema>;

/** Visit coverage (走访覆盖率) of the two-new organisations of an area over a period. */
export const coverageVisitsSchema = z.object({
  area: z.object({ id: z.number(), name: z.string(), level: z.string() }),
  from: z.string(),
  to: z.string(),
  /** Units of a two-new type located in the area. */
  twoNewTotal: z.number(),
  /** Of those, how many were visited at least once in the period. */
  visited: z.number(),
  /** visited / twoNewTotal as a percentage with one decimal; null when there are none. */
  sharePercent: z.number().nullable(),
  /**
   * Population `to_area_orgs`: visits (家次) filed as to a two-new organisation located in the
   * area, whoever made them, not counting rejected logs.
   */
  visits: z.number(),
  unvisited: z.array(unitRef),
  /** Population `to_area_orgs`: the organisations visited in the period, each with its visits. */
  visitedUnits: z.array(unitRef.extend({ visits: z.number(), drill: workLogDrillSchema })),
  /** Population `by_area_appointees`: every visit by an appointee received in the area. */
  appointeeVisits: z.number(),
  /** Population `by_area_appointees`, by target (household, unit, two-new organisation). */
  byTargetType: z.array(z.object({ targetType: z.string(), visits: z.number(), drill: workLogDrillSchema })),
  /**
   * Population `by_area_appointees`: demands taken on those visits, by category: every enabled
   * category of the district in dictionary order, zero included, then any other code the visits
   * named (a category disabled since).
   */
  demandsByCategory: z.array(visitDemandCategorySchema),
  /**
   * Population `by_area_appointees`: demands taken in all, the sum over the categories — a count
   * of demands, not of logs (a visit naming two categories counts twice); drill per category.
   */
  demands: z.number(),
  /** Population `by_area_appointees`: the visits that took at least one demand. */
  visitsWithDemands: z.number(),
  /** Drill-downs of the scalar figures that count logs. */
  drills: z.object({
    visits: workLogDrillSchema,
    appointeeVisits: workLogDrillSchema,
    visitsWithDemands: workLogDrillSchema,
  }),
  /** Which population each figure counts, named. */
  populations: z.object({ toAreaOrgs: visitPopulationSchema, byAreaAppointees: visitPopulationSchema }),
});
export type CoverageVisits = z.infer<typeof coverageVisitsSchema>;

const tags = ['coverage'];

/** `/api/coverage`: coverage assignments (包保), the coverage of an area and the visits made there. */
export const coverageApi = {
  list: endpoint('GET', '/coverage/assignments', {
    tags,
    summary: 'List coverage assignments (包保) in scope',
    query: coverageListQuery,
    response: listResponse(coverageAssignmentSchema),
  }),
  get: endpoint('GET', '/coverage/assignments/:id', {
    tags,
    summary: 'One coverage assignment',
    params: idParams,
    response: coverageAssignmentSchema,
  }),
  create: endpoint('POST', '/coverage/assignments', {
    tags,
    summary: 'Assign a zone, compound or building to a party organisation',
    body: coverageCreate,
    response: coverageAssignmentSchema,
    status: 201,
  }),
  update: endpoint('PATCH', '/coverage/assignments/:id', {
    tags,
    summary: 'Change the period or note of an assignment (end it)',
    params: idParams,
    body: coverageUpdate,
    response: coverageAssignmentSchema,
  }),
  remove: endpoint('DELETE', '/coverage/assignments/:id', {
    tags,
    summary: 'Delete a mistaken assignment',
    params: idParams,
    response: okBody,
  }),
  orgs: endpoint('GET', '/coverage/orgs', {
    tags,
    summary: 'Party organisations the caller may assign coverage to (the form’s picker)',
    query: coverageOrgQuery,
    response: listResponse(coverageOrgOptionSchema),
  }),
  status: endpoint('GET', '/coverage/status', {
    tags,
    summary:
      'Coverage of a community (or each community of a street): complete, gaps, overlaps, building heads',
    query: coverageStatusQuery,
    response: coverageStatusSchema,
  }),
  visits: endpoint('GET', '/coverage/visits', {
    tags,
    summary:
      "Visit coverage over a period in two named populations: visits to the area's two-new organisations, and visits by the area's appointees; every figure with its work-log drill-down",
    query: coverageVisitsQuery,
    response: coverageVisitsSchema,
  }),
};
