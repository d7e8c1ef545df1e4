import type { CommunityCoverage, CoveredLevel } from '@gongjian/common';

/*
 * Coverage rules (包保), pure: fed the community's nodes, the assignments running on the day and
 * the building heads, no I/O.
 *
 * - Responsibility flows down: an organisation assigned to a zone covers the zone, its compounds
 *   and their buildings; one assigned to a compound covers it and its buildings.
 * - Coverage also adds up: a zone or compound nobody holds as a whole is covered when it has
 *   children and every one of them is covered (the branches split it between them).
 * - So a building is covered when it, its compound or its zone is assigned; a compound with an
 *   uncovered building, and its zone, are uncovered too unless held as a whole.
 * - A node is doubly covered when more than one organisation is assigned to that node itself.
 *   Inherited coverage does not count: a branch holding a zone while another holds one of its
 *   buildings is layered responsibility, not a clash.
 * - Coverage is complete when every zone, compound and building is covered and there is at least
 *   one of them. An empty community is neither complete nor a gap: it has nothing to cover.
 */

/** A zone, compound or building of the community, in tree order of depth, sort and id. */
export interface NodeInput {
  id: number;
  parentId: number | null;
  level: CoveredLevel;
  name: string;
  sort: number;
}

/** An assignment running on the day. */
export interface AssignmentInput {
  areaId: number;
  orgId: number;
  orgName: string;
  unitId: number | null;
  unitName: string | null;
}

export interface HeadInput {
  memberId: number;
  name: string;
  areaId: number;
}

/** A community's coverage, everything but the summary line (which depends on the language). */
export type CoverageResult = Omit<CommunityCoverage, 'summary'>;

type Coverer = { orgId: number; orgName: string; viaAreaId: number; viaLevel: CoveredLevel };

/** Evaluate one community's coverage. */
export function evaluateCoverage(
  community: { id: number; name: string },
  nodes: readonly NodeInput[],
  assignments: readonly AssignmentInput[],
  heads: readonly HeadInput[],
): CoverageResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<number | null, NodeInput[]>();
  for (const n of nodes) {
    // A node whose parent is not a zone or compound hangs directly under the community.
    const key = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    const list = children.get(key) ?? [];
    list.push(n);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.sort - b.sort || a.id - b.id);

  // Distinct organisations assigned to each node directly.
  const direct = new Map<number, AssignmentInput[]>();
  for (const a of assignments) {
    if (!byId.has(a.areaId)) continue;
    const list = direct.get(a.areaId) ?? [];
    if (!list.some((x) => x.orgId === a.orgId)) list.push(a);
    direct.set(a.areaId, list);
  }

  // Walk the tree depth-first, handing each node the coverers of the nodes above it.
  const ordered: { node: NodeInput; label: string; coverers: Coverer[] }[] = [];
  const walk = (parentId: number | null, label: string, inherited: Coverer[]) => {
    for (const node of children.get(parentId) ?? []) {
      const own: Coverer[] = (direct.get(node.id) ?? []).map((a) => ({
        orgId: a.orgId,
        orgName: a.orgName,
        viaAreaId: node.id,
        viaLevel: node.level,
      }));
      const coverers = [...inherited, ...own];
      const nodeLabel = label ? `${label} / ${node.name}` : node.name;
      ordered.push({ node, label: nodeLabel, coverers });
      walk(node.id, nodeLabel, coverers);
    }
  };
  walk(null, '', []);

  const present = (node: NodeInput, label: string) => ({
    id: node.id,
    level: node.level,
    name: node.name,
    parentId: node.parentId,
    label,
  });
  const counts = {
    zones: { total: 0, covered: 0 },
    compounds: { total: 0, covered: 0 },
    buildings: { total: 0, covered: 0 },
  };
  const countKey = { zone: 'zones', compound: 'compounds', building: 'buildings' } as const;
  const headsOf = new Map<number, { memberId: number; name: string }[]>();
  for (const h of heads) {
    const list = headsOf.get(h.areaId) ?? [];
    list.push({ memberId: h.memberId, name: h.name });
    headsOf.set(h.areaId, list);
  }

  const orgs = new Map<number, CoverageResult['orgs'][number]>();
  for (const a of assignments) {
    if (!byId.has(a.areaId) || orgs.has(a.orgId)) continue;
    orgs.set(a.orgId, {
      orgId: a.orgId,
      orgName: a.orgName,
      unitId: a.unitId,
      unitName: a.unitName,
      zones: 0,
      compounds: 0,
      buildings: 0,
      coveredBuildings: 0,
    });
  }

  const result: CoverageResult = {
    community,
    counts,
    complete: false,
    nothingToCover: ordered.length === 0,
    uncovered: [],
    doublyCovered: [],
    orgs: [],
    buildings: [],
    buildingsWithoutHead: [],
  };
  // Bottom-up: deepest nodes first, so a node's children are settled before it is.
  const covered = new Map<number, boolean>();
  for (const { node, coverers } of [...ordered].reverse()) {
    const kids = children.get(node.id) ?? [];
    covered.set(
      node.id,
      coverers.length > 0 ||
        (node.level !== 'building' && kids.length > 0 && kids.every((k) => covered.get(k.id))),
    );
  }

  for (const { node, label, coverers } of ordered) {
    const c = counts[countKey[node.level]];
    c.total += 1;
    if (covered.get(node.id)) c.covered += 1;
    else result.uncovered.push(present(node, label));
    const own = direct.get(node.id) ?? [];
    for (const a of own) {
      const o = orgs.get(a.orgId);
      if (o) o[countKey[node.level]] += 1;
    }
    if (own.length > 1)
      result.doublyCovered.push({
        ...present(node, label),
        orgs: own.map((a) => ({ orgId: a.orgId, orgName: a.orgName })),
      });
    if (node.level !== 'building') continue;
    for (const orgId of new Set(coverers.map((x) => x.orgId))) {
      const o = orgs.get(orgId);
      if (o) o.coveredBuildings += 1;
    }
    const h = headsOf.get(node.id) ?? [];
    result.buildings.push({ ...present(node, label), coveredBy: coverers, heads: h });
    if (!h.length) result.buildingsWithoutHead.push(present(node, label));
  }
  result.orgs = [...orgs.values()].sort((a, b) => a.orgId - b.orgId);
  result.complete = ordered.length > 0 && result.uncovered.length === 0;
  return result;
}
