import { maskPhone, unitCreate } from '@gongjian/common';
import { units } from '#server/db/schema/index.ts';
import { parseWith, unmaskCell } from '#server/io/excel/cells.ts';
import { UNIT_COLUMNS } from '#server/io/excel/columns.ts';
import { recordsByKey } from '#server/io/excel/queries.ts';
import type { ImportSpec, RowOutcome } from '#server/io/excel/spec.ts';
import {
  canChangeUnitIdentity,
  canCreateUnit,
  canUpdateUnit,
  canUseUnits,
} from '#server/modules/registry/units/policy.ts';
import { rebindUnitAdmins } from '#server/modules/registry/units/queries.ts';
import { districtOf } from '#server/policies/refs.ts';
import {
  areaNameIndex,
  areaNameKey,
  areaOfCell,
  dictCode,
  loadChunkDicts,
  RegistryWriter,
  RowCheck,
  valuesOf,
} from './shared.ts';

const writer = new RegistryWriter({
  table: units,
  auditType: 'unit',
  sqlTypes: {
    areaId: 'int',
    name: 'text',
    creditCode: 'text',
    type: 'text',
    address: 'text',
    contactName: 'text',
    contactPhone: 'text',
    memberCount: 'int',
    note: 'text',
  },
  canUpdate: canUpdateUnit,
  rebind: rebindUnitAdmins,
});

/**
 * Resident units, keyed by credit code, else by area and name. Rows pass the unit form's schema
 * (`unitCreate`) and the unit service's rules: the area in the caller's subtree, a `unit_type`
 * of that district; only area admins add units or change where a unit sits and its credit code;
 * a unit admin updates its own unit.
 */
export const unitSpec: ImportSpec = {
  entity: 'units',
  auditType: writer.auditType,
  columns: UNIT_COLUMNS,
  canUse: canUseUnits,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    await refs.loadAreas(valuesOf(rows, 'areaId'), a);
    const [byCode, nameIndex] = await Promise.all([
      recordsByKey(ctx.db, units, units.creditCode, valuesOf(rows, 'creditCode')),
      areaNameIndex(ctx.db, units, refs, rows, 'creditCode'),
    ]);
    const codeIndex = new Map(byCode.map((u) => [u.creditCode, u]));
    await loadChunkDicts(refs, a, rows, [...byCode, ...[...nameIndex.values()].flat()]);

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;
      const creditCode = cell('creditCode');
      const name = cell('name');
      const code = cell('areaId');
      const area = code !== null ? refs.area(code) : undefined;

      // The record the row is about: by credit code, else by area and name.
      const keyField = creditCode ? 'creditCode' : 'name';
      let before = creditCode ? codeIndex.get(creditCode) : undefined;
      if (!creditCode && area && name) {
        const candidates = nameIndex.get(areaNameKey(area.id, name)) ?? [];
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
        const usable = areaOfCell(refs, code, a, before?.areaId, check);
        if (usable) {
          areaId = usable.id;
          areaPath = usable.path;
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
      return writer.outcome(
        before,
        next,
        v.creditCode ? `c:${v.creditCode}` : `a:${v.areaId}|${v.name}`,
        keyField,
      );
    });
  },

  commit: writer.commit,
};
