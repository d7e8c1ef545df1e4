import {
  AREA_CHILD_LEVELS,
  type AreaCreate,
  type AreaLevel,
  type AreaTreeNode,
  type AreaUpdate,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import { areas } from '#server/db/schema/index.ts';
import { conflict, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { seedSystemDictionaries } from '#server/modules/registry/dictionaries/system.ts';
import { canAddChild, canChangeArea, canReadArea } from './policy.ts';
import {
  type AreaFilter,
  ancestorsOf,
  findArea,
  findAreaWithCount,
  listAreas,
  lockArea,
  referencesTo,
  subtree,
} from './queries.ts';

/** Load a node the caller may see, or 404 (out-of-scope and missing look the same). */
export async function getVisibleArea(ctx: Ctx, id: number) {
  const row = await findAreaWithCount(ctx.db, id);
  if (!row || !canReadArea(ctx.actor, row)) throw notFound();
  return row;
}

export async function areaDetail(ctx: Ctx, id: number) {
  const row = await getVisibleArea(ctx, id);
  return { row, ancestors: await ancestorsOf(ctx.db, row) };
}

export async function searchAreas(
  ctx: Ctx,
  q: {
    page: number;
    pageSize: number;
    q?: string | undefined;
    parentId?: number | undefined;
    level?: AreaLevel | undefined;
    within?: number | undefined;
  },
) {
  return listAreas(ctx.db, await areaFilterOf(ctx, q), q.page, q.pageSize);
}

/** The node list's filter for the caller (the list and its figures share it). */
export async function areaFilterOf(
  ctx: Ctx,
  q: {
    q?: string | undefined;
    parentId?: number | undefined;
    level?: AreaLevel | undefined;
    within?: number | undefined;
  },
) {
  const filter: AreaFilter = { scopePath: ctx.actor.scopePath, parentId: q.parentId, level: q.level, q: q.q };
  if (q.within) filter.withinPath = (await getVisibleArea(ctx, q.within)).path;
  return filter;
}

/** The tree from `rootId` (default: the caller's own node, or every district for the platform). */
export async function areaTree(ctx: Ctx, rootId: number | undefined, depth: number): Promise<AreaTreeNode[]> {
  const rootIds = rootId
    ? [rootId]
    : ctx.actor.areaId
      ? [ctx.actor.areaId]
      : (await ctx.db.select({ id: areas.id }).from(areas).where(sql`${areas.parentId} is null`)).map(
          (r) => r.id,
        );
  const forest: AreaTreeNode[] = [];
  for (const id of rootIds) {
    const root = await getVisibleArea(ctx, id);
    const rows = await subtree(ctx.db, root, depth - 1);
    const byId = new Map<number, AreaTreeNode>();
    for (const r of rows) {
      const node: AreaTreeNode = { ...r, level: r.level };
      byId.set(r.id, node);
      const parent = r.parentId ? byId.get(r.parentId) : undefined;
      if (parent && r.id !== root.id) {
        parent.children ??= [];
        parent.children.push(node);
      }
    }
    const top = byId.get(root.id);
    if (top) forest.push(top);
  }
  return forest;
}

function checkLevel(parentLevel: string | null, level: string, field = 'level') {
  const allowed: readonly string[] = parentLevel ? AREA_CHILD_LEVELS[parentLevel as AreaLevel] : ['district'];
  if (!allowed.includes(level)) throw fieldError(field, 'v.levelParent');
}

export async function createArea(ctx: Ctx, input: AreaCreate) {
  return ctx.db.transaction(async (tx) => {
    const parent = input.parentId ? await findArea(tx, input.parentId) : null;
    if (input.parentId && (!parent || !canReadArea(ctx.actor, parent)))
      throw fieldError('parentId', 'v.notFoundRef');
    if (!canAddChild(ctx.actor, parent ?? null)) throw forbidden();
    checkLevel(parent?.level ?? null, input.level);
    const [inserted] = await tx
      .insert(areas)
      .values({
        parentId: parent?.id ?? null,
        level: input.level,
        code: input.code,
        name: input.name,
        sort: input.sort,
        note: input.note ?? null,
        path: '',
        depth: parent ? parent.depth + 1 : 0,
      })
      .returning();
    if (!inserted) throw new Error('insert returned nothing');
    const [row] = await tx
      .update(areas)
      .set({ path: `${parent?.path ?? '/'}${inserted.id}/` })
      .where(eq(areas.id, inserted.id))
      .returning();
    if (!row) throw new Error('update returned nothing');
    if (row.level === 'district') await seedSystemDictionaries(tx, row.id);
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'area',
      entityId: row.id,
      areaId: row.id,
      after: snapshot(row),
    });
    return { ...row, childCount: 0 };
  });
}

export async function updateArea(ctx: Ctx, id: number, input: AreaUpdate) {
  return ctx.db.transaction(async (tx) => {
    const before = await lockArea(tx, id);
    if (!before || !canReadArea(ctx.actor, before)) throw notFound();
    if (!canChangeArea(ctx.actor, before)) throw forbidden();
    const [after] = await tx
      .update(areas)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(areas.id, id))
      .returning();
    if (!after) throw notFound();
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'area',
      entityId: id,
      areaId: id,
      ...changedFields(before, after),
    });
    const withCount = await findAreaWithCount(tx, id);
    if (!withCount) throw notFound();
    return withCount;
  });
}

/**
 * Re-hang a subtree: the node and every descendant get the new path prefix and depth in one
 * statement, so the tree is never half-moved.
 */
export async function moveArea(ctx: Ctx, id: number, parentId: number) {
  return ctx.db.transaction(async (tx) => {
    const node = await lockArea(tx, id);
    if (!node || !canReadArea(ctx.actor, node)) throw notFound();
    if (!canChangeArea(ctx.actor, node)) throw forbidden();
    const parent = await findArea(tx, parentId);
    if (!parent || !canReadArea(ctx.actor, parent)) throw fieldError('parentId', 'v.notFoundRef');
    if (!canAddChild(ctx.actor, parent)) throw forbidden();
    if (parent.path.startsWith(node.path)) throw conflict('MOVE_INTO_SELF', 'e.moveIntoSelf');
    checkLevel(parent.level, node.level, 'parentId');
    const newPath = `${parent.path}${node.id}/`;
    const delta = parent.depth + 1 - node.depth;
    await tx.execute(sql`
      update ${areas}
         set path = ${newPath} || substr(path, ${node.path.length + 1}),
             depth = depth + ${delta},
             updated_at = now()
       where path like ${`${node.path}%`}`);
    await tx.update(areas).set({ parentId: parent.id }).where(eq(areas.id, node.id));
    await audit(tx, ctx, {
      action: 'move',
      entityType: 'area',
      entityId: id,
      areaId: id,
      before: { parentId: node.parentId, path: node.path },
      after: { parentId: parent.id, path: newPath },
    });
    const moved = await findAreaWithCount(tx, id);
    if (!moved) throw notFound();
    return moved;
  });
}

export async function deleteArea(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const node = await lockArea(tx, id);
    if (!node || !canReadArea(ctx.actor, node)) throw notFound();
    if (!canChangeArea(ctx.actor, node)) throw forbidden();
    const [children] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(areas)
      .where(eq(areas.parentId, id));
    if (children && children.n > 0) throw conflict('HAS_CHILDREN', 'e.hasChildren', { children: children.n });
    const refs = await referencesTo(tx, id);
    // A district's own dictionary goes with it; anything else blocks deletion.
    if (node.level === 'district') delete refs.dict_items;
    if (Object.keys(refs).length) throw conflict('HAS_RECORDS', 'e.hasRecords', { references: refs });
    if (node.level === 'district') await tx.execute(sql`delete from dict_items where area_id = ${id}`);
    await tx.delete(areas).where(eq(areas.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'area',
      entityId: id,
      areaId: node.parentId,
      before: snapshot(node),
    });
  });
}
