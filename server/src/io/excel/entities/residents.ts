import { maskPhone, residentAreaIssues, residentCreate } from '@gongjian/common';
import { residents } from '#server/db/schema/index.ts';
import { isMasked, parseWith, unmaskCell } from '#server/io/excel/cells.ts';
import { RESIDENT_COLUMNS } from '#server/io/excel/columns.ts';
import { pickRef } from '#server/io/excel/refs.ts';
import type { ImportSpec, RowOutcome } from '#server/io/excel/spec.ts';
import { canReferUnit } from '#server/modules/registry/members/policy.ts';
import { canChangeResident, canManageResidents } from '#server/modules/registry/residents/policy.ts';
import { rebindResidentAccounts } from '#server/modules/registry/residents/queries.ts';
import { districtOf } from '#server/policies/refs.ts';
import {
  areaNameIndex,
  areaNameKey,
  areaOfCell,
  personLookup,
  RegistryWriter,
  RowCheck,
  valuesOf,
} from './shared.ts';

const writer = new RegistryWriter({
  table: residents,
  auditType: 'resident',
  sqlTypes: {
    areaId: 'int',
    name: 'text',
    gender: 'text',
    phone: 'text',
    idNumber: 'text',
    address: 'text',
    unitId: 'int',
    note: 'text',
  },
  canUpdate: canChangeResident,
  rebind: rebindResidentAccounts,
});

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
  auditType: writer.auditType,
  columns: RESIDENT_COLUMNS,
  canUse: canManageResidents,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    await Promise.all([
      refs.loadAreas(valuesOf(rows, 'areaId'), a),
      refs.loadUnits(valuesOf(rows, 'unitId')),
    ]);
    const [people, nameIndex] = await Promise.all([
      personLookup(ctx.db, residents, rows),
      areaNameIndex(ctx.db, residents, refs, rows, 'idNumber'),
    ]);

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;
      const idCell = cell('idNumber');
      const name = cell('name');
      const code = cell('areaId');
      const area = code !== null ? refs.area(code) : undefined;

      // The record the row is about: by ID number (or name and masked ID), else by area, name and phone.
      const keyField = idCell ? 'idNumber' : 'name';
      let before = people.find(idCell, name, (r) => canChangeResident(a, r), check);
      if (!idCell && area && name) {
        const candidates = (nameIndex.get(areaNameKey(area.id, name)) ?? []).filter((r) =>
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
        const usable = areaOfCell(refs, code, a, before?.areaId, check);
        const refused = usable ? residentAreaIssues(usable.level) : [];
        for (const i of refused) check.add(i.field, i.key);
        if (usable && !refused.length) areaId = usable.id;
      }

      // The employer: any unit of the residence's district (a reference, not a scope).
      let unitId = before?.unitId ?? null;
      const unitCell = cell('unitId');
      if (unitCell !== null) {
        const path = areaId === area?.id ? area?.path : before?.areaPath;
        const districtId = path ? districtOf(path) : a.districtId;
        const pick = pickRef(refs.unitCandidates(unitCell), before?.unitId, (u) =>
          canReferUnit(a, u, districtId),
        );
        if ('error' in pick) check.add('unitId', pick.error, { value: unitCell });
        else unitId = pick.ref.id;
      }

      const parsed = parseWith(residentCreate, {
        areaId,
        name: name ?? before?.name,
        gender: cell('gender') ?? before?.gender ?? null,
        phone: phone ?? before?.phone ?? null,
        idNumber:
          before && idCell && isMasked(idCell) ? before.idNumber : (idCell ?? before?.idNumber ?? null),
        address: cell('address') ?? before?.address ?? null,
        unitId,
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
        unitId: v.unitId ?? null,
        note: v.note ?? null,
      };
      const key = next.idNumber ? `id:${next.idNumber}` : `a:${next.areaId}|${next.name}|${next.phone ?? ''}`;
      return writer.outcome(before, next, key, keyField);
    });
  },

  commit: writer.commit,
};
