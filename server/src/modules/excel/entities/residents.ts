import { maskPhone, RESIDENT_AREA_LEVELS, residentCreate } from '@gongjian/common';
import type { AuditInput } from '../../../audit/audit.ts';
import { changedFields, snapshot } from '../../../audit/audit.ts';
import { residents } from '../../../db/schema/index.ts';
import { conflict } from '../../../errors.ts';
import { pathInScope } from '../../../policies/actor.ts';
import { canChangeResident, canManageResidents } from '../../residents/policy.ts';
import { rebindResidentAccounts } from '../../residents/queries.ts';
import { isMasked, parseWith, unmaskCell } from '../cells.ts';
import { RESIDENT_COLUMNS } from '../columns.ts';
import {
  auditMany,
  bulkInsert,
  bulkUpdate,
  lockResidents,
  maskKey,
  residentsByAreaName,
  residentsByIdNumber,
  residentsByMaskedId,
} from '../queries.ts';
import { changesOf, type ImportSpec, type RowOutcome } from '../spec.ts';
import { RowCheck, valuesOf } from './shared.ts';

type Existing = typeof residents.$inferSelect & { areaPath: string };

const SQL_TYPES = {
  areaId: 'int',
  name: 'text',
  gender: 'text',
  phone: 'text',
  idNumber: 'text',
  address: 'text',
  note: 'text',
} as const;
const FIELDS = Object.keys(SQL_TYPES) as (keyof typeof SQL_TYPES)[];

const own = (r: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, r[f] ?? null]));

/** Does a stored phone match a row's phone cell (blank matches none, masked matches its mask)? */
function phoneMatches(stored: string | null, cell: string | null) {
  if (cell === null) return stored === null;
  return isMasked(cell) ? maskPhone(stored) === cell : stored === cell;
}

/**
 * Residents, keyed by ID number when the row has one, else by area, name and phone. Rows pass
 * the resident form's schema (`residentCreate`) and the resident service's rules: the area in
 * the caller's subtree at a community or below; an existing resident must be in the subtree.
 */
export const residentSpec: ImportSpec = {
  entity: 'residents',
  auditType: 'resident',
  columns: RESIDENT_COLUMNS,
  canUse: canManageResidents,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    await refs.loadAreas(valuesOf(rows, 'areaId'));
    const ids = valuesOf(rows, 'idNumber');
    const maskedPairs = rows.flatMap((r) => {
      const id = r.values.idNumber;
      return id && isMasked(id) && r.values.name ? [{ name: r.values.name, mask: id }] : [];
    });
    const pairs = rows.flatMap((r) => {
      const area = r.values.areaId ? refs.area(r.values.areaId) : undefined;
      return !r.values.idNumber && area && r.values.name ? [{ areaId: area.id, name: r.values.name }] : [];
    });
    const [found, masked, byAreaName] = await Promise.all([
      residentsByIdNumber(
        ctx.db,
        ids.filter((id) => !isMasked(id)),
      ),
      residentsByMaskedId(ctx.db, maskedPairs),
      residentsByAreaName(ctx.db, pairs),
    ]);
    const byId = new Map(found.map((r) => [r.idNumber, r]));
    const nameIndex = new Map<string, Existing[]>();
    for (const r of byAreaName) {
      const key = `${r.areaId}|${r.name}`;
      nameIndex.set(key, [...(nameIndex.get(key) ?? []), r]);
    }

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;
      const idCell = cell('idNumber');
      const name = cell('name');
      const code = cell('areaId');
      const area = code !== null ? refs.area(code) : undefined;

      // The record the row is about: by ID number (or name and masked ID), else by area, name and phone.
      const keyField = idCell ? 'idNumber' : 'name';
      let before: Existing | undefined;
      if (idCell && isMasked(idCell)) {
        const candidates = (masked.get(maskKey(name ?? '', idCell)) ?? []).filter((r) =>
          canChangeResident(a, r),
        );
        if (candidates.length === 1) before = candidates[0];
        else check.add('idNumber', 'x.masked');
      } else if (idCell) before = byId.get(idCell);
      else if (area && name) {
        const candidates = (nameIndex.get(`${area.id}|${name}`) ?? []).filter((r) =>
          phoneMatches(r.phone, cell('phone')),
        );
        if (candidates.length > 1) check.add('name', 'x.ambiguous', { value: name });
        else before = candidates[0];
      }
      if (before && !canChangeResident(a, before)) {
        check.add(keyField, 'x.outOfScope');
        return check.invalid(row);
      }

      const phone = unmaskCell('phone', cell('phone'), before?.phone, maskPhone, check.issues);

      let areaId = before?.areaId;
      if (code !== null) {
        if (!area || (area.id !== before?.areaId && !pathInScope(a, area.path)))
          check.add('areaId', 'v.notFoundRef');
        else if (!(RESIDENT_AREA_LEVELS as readonly string[]).includes(area.level))
          check.add('areaId', 'v.residentArea');
        else areaId = area.id;
      }

      const parsed = parseWith(residentCreate, {
        areaId,
        name: name ?? before?.name,
        gender: cell('gender') ?? before?.gender ?? null,
        phone: phone ?? before?.phone ?? null,
        idNumber:
          before && idCell && isMasked(idCell) ? before.idNumber : (idCell ?? before?.idNumber ?? null),
        address: cell('address') ?? before?.address ?? null,
        note: cell('note') ?? before?.note ?? null,
      });
      if (!parsed.ok) return check.invalid(row, parsed.issues);
      if (check.failed || row.issues.length) return check.invalid(row);
      const v = parsed.value;
      const next = {
        areaId: v.areaId,
        name: v.name,
        gender: v.gender ?? null,
        phone: v.phone ?? null,
        idNumber: v.idNumber ?? null,
        address: v.address ?? null,
        note: v.note ?? null,
      };
      const key = next.idNumber ? `id:${next.idNumber}` : `a:${next.areaId}|${next.name}|${next.phone ?? ''}`;
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
    const creates = rows
      .filter((r) => r.status === 'create')
      .map((r) => r.data as typeof residents.$inferInsert);
    if (creates.length) {
      const inserted = (await bulkInsert(
        tx,
        residents,
        SQL_TYPES,
        creates,
        true,
      )) as (typeof residents.$inferSelect)[];
      for (const row of inserted)
        events.push({
          action: 'create',
          entityType: 'resident',
          entityId: row.id,
          areaId: row.areaId,
          summary,
          after: snapshot(row),
        });
    }

    const updates = rows.filter((r) => r.status === 'update');
    const locked = new Map(
      (
        await lockResidents(
          tx,
          updates.map((r) => r.targetId ?? 0),
        )
      ).map((r) => [r.id, r]),
    );
    const writes: ({ id: number } & Record<string, unknown>)[] = [];
    const moved: [number, number][] = [];
    let unchanged = 0;
    for (const r of updates) {
      const before = locked.get(r.targetId ?? 0);
      if (!before || !canChangeResident(ctx.actor, before)) throw conflict('IMPORT_STALE', 'e.importStale');
      const current = own(before);
      const patch = changesOf(current, r.data);
      if (!Object.keys(patch).length) {
        unchanged++;
        continue;
      }
      const after = { ...current, ...patch };
      writes.push({ id: before.id, ...after });
      if (after.areaId !== before.areaId) moved.push([before.id, after.areaId as number]);
      const diff = changedFields(current, after);
      events.push({
        action: 'update',
        entityType: 'resident',
        entityId: before.id,
        areaId: after.areaId as number,
        summary,
        before: diff.before,
        after: diff.after,
      });
    }
    await bulkUpdate(tx, residents, SQL_TYPES, writes);
    for (const [id, areaId] of moved) await rebindResidentAccounts(tx, id, areaId);
    await auditMany(tx, ctx, events);
    return { created: creates.length, updated: writes.length, unchanged };
  },
};
