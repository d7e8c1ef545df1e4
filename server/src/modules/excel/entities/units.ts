import { maskPhone, unitCreate } from '@gongjian/common';
import type { AuditInput } from '../../../audit/audit.ts';
import { changedFields, snapshot } from '../../../audit/audit.ts';
import { units } from '../../../db/schema/index.ts';
import { conflict } from '../../../errors.ts';
import { pathInScope } from '../../../policies/actor.ts';
import { districtOf } from '../../../policies/refs.ts';
import { canChangeUnitIdentity, canCreateUnit, canUpdateUnit, canUseUnits } from '../../units/policy.ts';
import { rebindUnitAdmins } from '../../units/queries.ts';
import { parseWith, unmaskCell } from '../cells.ts';
import { UNIT_COLUMNS } from '../columns.ts';
import {
  auditMany,
  bulkInsert,
  bulkUpdate,
  lockUnits,
  unitsByAreaName,
  unitsByCreditCode,
} from '../queries.ts';
import { changesOf, type ImportSpec, type RowOutcome } from '../spec.ts';
import { dictCode, RowCheck, valuesOf } from './shared.ts';

type Existing = Awaited<ReturnType<typeof unitsByCreditCode>>[number];

const SQL_TYPES = {
  areaId: 'int',
  name: 'text',
  creditCode: 'text',
  type: 'text',
  address: 'text',
  contactName: 'text',
  contactPhone: 'text',
  memberCount: 'int',
  note: 'text',
} as const;
const FIELDS = Object.keys(SQL_TYPES) as (keyof typeof SQL_TYPES)[];

const own = (u: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, u[f] ?? null]));

/**
 * Resident units, keyed by credit code, else by area and name. Rows pass the unit form's schema
 * (`unitCreate`) and the unit service's rules: the area in the caller's subtree, a `unit_type`
 * of that district; only area admins add units or change where a unit sits and its credit code;
 * a unit admin updates its own unit.
 */
export const unitSpec: ImportSpec = {
  entity: 'units',
  auditType: 'unit',
  columns: UNIT_COLUMNS,
  canUse: canUseUnits,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    await refs.loadAreas(valuesOf(rows, 'areaId'));
    const pairs = rows.flatMap((r) => {
      const area = r.values.areaId ? refs.area(r.values.areaId) : undefined;
      return !r.values.creditCode && area && r.values.name ? [{ areaId: area.id, name: r.values.name }] : [];
    });
    const [byCode, byAreaName] = await Promise.all([
      unitsByCreditCode(ctx.db, valuesOf(rows, 'creditCode')),
      unitsByAreaName(ctx.db, pairs),
    ]);
    const codeIndex = new Map(byCode.map((u) => [u.creditCode, u]));
    const nameIndex = new Map<string, Existing[]>();
    for (const u of byAreaName) {
      const key = `${u.areaId}|${u.name}`;
      nameIndex.set(key, [...(nameIndex.get(key) ?? []), u]);
    }
    const districts = new Set<number>(a.districtId ? [a.districtId] : []);
    for (const code of valuesOf(rows, 'areaId')) {
      const area = refs.area(code);
      if (area) districts.add(districtOf(area.path));
    }
    for (const u of [...byCode, ...byAreaName]) districts.add(districtOf(u.areaPath));
    await refs.loadDicts(districts);

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;
      const creditCode = cell('creditCode');
      const name = cell('name');
      const code = cell('areaId');
      const area = code !== null ? refs.area(code) : undefined;

      // The record the row is about: by credit code, else by area and name.
      const keyField = creditCode ? 'creditCode' : 'name';
      let before: Existing | undefined;
      if (creditCode) before = codeIndex.get(creditCode);
      else if (area && name) {
        const candidates = nameIndex.get(`${area.id}|${name}`) ?? [];
        if (candidates.length > 1) check.add('name', 'x.ambiguous', { value: name });
        else before = candidates[0];
      }
      if (before && !canUpdateUnit(a, before)) {
        check.add(keyField, 'x.outOfScope');
        return check.invalid(row);
      }
      if (!before && !canCreateUnit(a)) {
        check.add('', 'x.cannotCreate');
        return check.invalid(row);
      }

      const contactPhone = unmaskCell(
        'contactPhone',
        cell('contactPhone'),
        before?.contactPhone,
        maskPhone,
        check.issues,
      );

      let areaId = before?.areaId;
      let areaPath = before?.areaPath;
      if (code !== null) {
        if (!area || (area.id !== before?.areaId && !pathInScope(a, area.path)))
          check.add('areaId', 'v.notFoundRef');
        else {
          areaId = area.id;
          areaPath = area.path;
        }
      }
      // Where a unit sits and its legal identity are the registering area admin's to change.
      if (before && !canChangeUnitIdentity(a, before)) {
        if (areaId !== before.areaId) check.add('areaId', 'x.identityLocked');
        if (creditCode && creditCode !== before.creditCode) check.add('creditCode', 'x.identityLocked');
      }
      const districtId = areaPath ? districtOf(areaPath) : a.districtId;
      const type = dictCode(refs, districtId, 'unit_type', 'type', cell('type'), before?.type, check);
      const count = cell('memberCount');

      const parsed = parseWith(unitCreate, {
        areaId,
        name: name ?? before?.name,
        creditCode: creditCode ?? before?.creditCode ?? null,
        type: type ?? before?.type,
        address: cell('address') ?? before?.address ?? null,
        contactName: cell('contactName') ?? before?.contactName ?? null,
        contactPhone: contactPhone ?? before?.contactPhone ?? null,
        memberCount: count !== null ? Number(count) : (before?.memberCount ?? null),
        note: cell('note') ?? before?.note ?? null,
      });
      if (!parsed.ok) return check.invalid(row, parsed.issues);
      if (check.failed || row.issues.length) return check.invalid(row);
      const v = parsed.value;
      const next = {
        areaId: v.areaId,
        name: v.name,
        creditCode: v.creditCode ?? null,
        type: v.type,
        address: v.address ?? null,
        contactName: v.contactName ?? null,
        contactPhone: v.contactPhone ?? null,
        memberCount: v.memberCount ?? null,
        note: v.note ?? null,
      };
      const key = v.creditCode ? `c:${v.creditCode}` : `a:${v.areaId}|${v.name}`;
      if (!before) return { status: 'create', targetId: null, data: next, key, keyField };
      const patch = changesOf(own(before), next);
      return Object.keys(patch).length
        ? { status: 'update', targetId: before.id, data: patch, key, keyField }
        : { status: 'unchanged', targetId: before.id, data: null, key, keyField };
    });
  },

  async commit(tx, ctx, importId, rows) {
    const summary = `import:${importId}`;
    const events: AuditInput[] = [];
    const creates = rows.filter((r) => r.status === 'create').map((r) => r.data as typeof units.$inferInsert);
    if (creates.length) {
      const inserted = (await bulkInsert(
        tx,
        units,
        SQL_TYPES,
        creates,
        true,
      )) as (typeof units.$inferSelect)[];
      for (const row of inserted)
        events.push({
          action: 'create',
          entityType: 'unit',
          entityId: row.id,
          areaId: row.areaId,
          summary,
          after: snapshot(row),
        });
    }

    const updates = rows.filter((r) => r.status === 'update');
    const locked = new Map(
      (
        await lockUnits(
          tx,
          updates.map((r) => r.targetId ?? 0),
        )
      ).map((u) => [u.id, u]),
    );
    const writes: ({ id: number } & Record<string, unknown>)[] = [];
    const moved: [number, number][] = [];
    let unchanged = 0;
    for (const r of updates) {
      const before = locked.get(r.targetId ?? 0);
      if (!before || !canUpdateUnit(ctx.actor, before)) throw conflict('IMPORT_STALE', 'e.importStale');
      const current = own(before);
      const patch = changesOf(current, r.data);
      if (!Object.keys(patch).length) {
        unchanged++;
        continue;
      }
      const after = { ...current, ...patch };
      writes.push({ id: before.id, ...after });
      if (after.areaId !== before.areaId) moved.push([before.id, after.areaId as number]);
      events.push({
        action: 'update',
        entityType: 'unit',
        entityId: before.id,
        areaId: after.areaId as number,
        summary,
        ...changedFields(current, after),
      });
    }
    await bulkUpdate(tx, units, SQL_TYPES, writes);
    for (const [id, areaId] of moved) await rebindUnitAdmins(tx, id, areaId);
    await auditMany(tx, ctx, events);
    return { created: creates.length, updated: writes.length, unchanged };
  },
};
