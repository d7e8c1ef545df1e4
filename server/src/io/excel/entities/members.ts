import { birthDateFromIdNumber, maskPhone, memberAreaIssues, memberCreateForm } from '@gongjian/common';
import { members } from '#server/db/schema/index.ts';
import { isMasked, parseWith, unmaskCell } from '#server/io/excel/cells.ts';
import { MEMBER_COLUMNS } from '#server/io/excel/columns.ts';
import { pickRef } from '#server/io/excel/refs.ts';
import type { ImportSpec, RowOutcome } from '#server/io/excel/spec.ts';
import {
  canReadMember,
  canReferOrg,
  canReferUnit,
  canUpdateMember,
  canWriteMembers,
  residenceScopeOf,
} from '#server/modules/registry/members/policy.ts';
import { rebindMemberAccounts } from '#server/modules/registry/members/queries.ts';
import { districtOf } from '#server/policies/refs.ts';
import {
  areaOfCell,
  dictCode,
  dictList,
  loadChunkDicts,
  personLookup,
  RegistryWriter,
  RowCheck,
  valuesOf,
} from './shared.ts';

const writer = new RegistryWriter({
  table: members,
  auditType: 'member',
  sqlTypes: {
    areaId: 'int',
    name: 'text',
    gender: 'text',
    birthDate: 'date',
    phone: 'text',
    idNumber: 'text',
    joinDate: 'date',
    unitId: 'int',
    orgId: 'int',
    category: 'text',
    skills: 'text[]',
    roles: 'text[]',
    note: 'text',
  },
  canUpdate: canUpdateMember,
  rebind: rebindMemberAccounts,
});

/**
 * Party members, keyed by ID number. Each row passes the member form's schema with its rules
 * across fields (`memberCreateForm`, `member-rules.ts`: join date after the birth date the ID
 * number gives) and the member service's cross-record rules: residence in the caller's residence
 * scope and at a community, compound or building (`memberAreaIssues`); dictionary codes of the
 * residence's district; work unit and branch the caller may refer to (a unit admin: its own unit,
 * the default). An existing member must be one the caller may edit.
 */
export const memberSpec: ImportSpec = {
  entity: 'members',
  auditType: writer.auditType,
  columns: MEMBER_COLUMNS,
  canUse: canWriteMembers,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    const [people] = await Promise.all([
      personLookup(ctx.db, members, rows),
      refs.loadAreas(valuesOf(rows, 'areaId'), residenceScopeOf(a)),
      refs.loadUnits(valuesOf(rows, 'unitId')),
      refs.loadOrgs(valuesOf(rows, 'orgId')),
    ]);
    await loadChunkDicts(refs, a, rows, people.records);

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;

      // The record the row is about: by ID number, or by name and masked ID from an export.
      const idCell = cell('idNumber');
      const before = people.find(idCell, cell('name'), (m) => canReadMember(a, m), check);
      if (before && !canUpdateMember(a, before)) {
        check.add('idNumber', 'x.outOfScope');
        return check.invalid(row);
      }

      const phone = unmaskCell('phone', cell('phone'), before?.phone, maskPhone, check.issues);

      let areaId = before?.areaId;
      let areaPath = before?.areaPath;
      const code = cell('areaId');
      if (code !== null) {
        const area = areaOfCell(refs, code, residenceScopeOf(a), before?.areaId, check);
        const refused = area ? memberAreaIssues(area.level) : [];
        for (const i of refused) check.add(i.field, i.key);
        if (area && !refused.length) {
          areaId = area.id;
          areaPath = area.path;
        }
      }
      const districtId = areaPath ? districtOf(areaPath) : a.districtId;

      const category = dictCode(
        refs,
        districtId,
        'member_category',
        'category',
        cell('category'),
        before?.category,
        check,
      );
      const skills = dictList(
        refs,
        districtId,
        'skill',
        'skills',
        cell('skills'),
        before?.skills ?? [],
        check,
      );
      const roles = dictList(
        refs,
        districtId,
        'member_role',
        'roles',
        cell('roles'),
        before?.roles ?? [],
        check,
      );

      // A unit admin's new members work at its own unit unless the row says otherwise.
      let unitId = before ? before.unitId : a.role === 'unit_admin' ? a.unitId : null;
      const unitCell = cell('unitId');
      if (unitCell !== null) {
        const pick = pickRef(refs.unitCandidates(unitCell), before?.unitId, (u) =>
          canReferUnit(a, u, districtId),
        );
        if ('error' in pick) check.add('unitId', pick.error, { value: unitCell });
        else unitId = pick.ref.id;
      }
      let orgId = before?.orgId ?? null;
      const orgCell = cell('orgId');
      if (orgCell !== null) {
        const pick = pickRef(refs.orgCandidates(orgCell), before?.orgId, (o) => canReferOrg(a, o));
        if ('error' in pick) check.add('orgId', pick.error, { value: orgCell });
        else orgId = pick.ref.id;
      }

      // Blank cells keep what the record has; the merged record must pass the member form's schema,
      // its rules across fields (join date after the ID number's birth date) included.
      const parsed = parseWith(memberCreateForm, {
        areaId,
        name: cell('name') ?? before?.name,
        gender: cell('gender') ?? before?.gender,
        phone: phone ?? before?.phone ?? null,
        idNumber: before && idCell && isMasked(idCell) ? before.idNumber : (idCell ?? undefined),
        joinDate: cell('joinDate') ?? before?.joinDate ?? null,
        unitId,
        orgId,
        category: category ?? before?.category,
        skills: skills ?? before?.skills ?? [],
        roles: roles ?? before?.roles ?? [],
        note: cell('note') ?? before?.note ?? null,
      });
      if (!parsed.ok) return check.invalid(row, parsed.issues);
      const v = parsed.value;
      // The ID number encodes the birth date, so the two can never disagree.
      const birthDate = birthDateFromIdNumber(v.idNumber);
      if (check.failed || row.issues.length) return check.invalid(row);

      const next = {
        areaId: v.areaId,
        name: v.name,
        gender: v.gender,
        // Set from the ID number when the number is written; a record whose number stays keeps its own.
        birthDate: before && before.idNumber === v.idNumber ? before.birthDate : birthDate,
        phone: v.phone ?? null,
        idNumber: v.idNumber,
        joinDate: v.joinDate ?? null,
        unitId: v.unitId ?? null,
        orgId: v.orgId ?? null,
        category: v.category,
        skills: v.skills,
        roles: v.roles,
        note: v.note ?? null,
      };
      return writer.outcome(before, next, `id:${v.idNumber}`, 'idNumber');
    });
  },

  commit: writer.commit,
};
