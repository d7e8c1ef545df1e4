import { birthDateFromIdNumber, MEMBER_AREA_LEVELS, maskPhone, memberCreate } from '@gongjian/common';
import type { AuditInput } from '../../../audit/audit.ts';
import { changedFields, snapshot } from '../../../audit/audit.ts';
import { members } from '../../../db/schema/index.ts';
import { conflict } from '../../../errors.ts';
import { pathInScope } from '../../../policies/actor.ts';
import { districtOf } from '../../../policies/refs.ts';
import {
  canReadMember,
  canReferOrg,
  canReferUnit,
  canUpdateMember,
  canWriteMembers,
  residenceScopeOf,
} from '../../members/policy.ts';
import { rebindMemberAccounts } from '../../members/queries.ts';
import { isMasked, parseWith, unmaskCell } from '../cells.ts';
import { MEMBER_COLUMNS } from '../columns.ts';
import {
  auditMany,
  bulkInsert,
  bulkUpdate,
  lockMembers,
  maskKey,
  membersByIdNumber,
  membersByMaskedId,
} from '../queries.ts';
import { pickRef } from '../refs.ts';
import { changesOf, type ImportSpec, type RowOutcome } from '../spec.ts';
import { dictCode, dictList, RowCheck, valuesOf } from './shared.ts';

type Existing = typeof members.$inferSelect & { areaPath: string };

/** The columns an import writes, with their SQL types for the bulk update. */
const SQL_TYPES = {
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
} as const;
const FIELDS = Object.keys(SQL_TYPES) as (keyof typeof SQL_TYPES)[];

const own = (m: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, m[f] ?? null]));

/**
 * Party members, keyed by ID number. Each row passes the member form's schema (`memberCreate`)
 * and the member service's cross-record rules: residence in the caller's residence scope and at
 * a community, compound or building; dictionary codes of the residence's district; work unit and
 * branch the caller may refer to (a unit admin: its own unit, the default); join date after the
 * birth date the ID number gives. An existing member must be one the caller may edit.
 */
export const memberSpec: ImportSpec = {
  entity: 'members',
  auditType: 'member',
  columns: MEMBER_COLUMNS,
  canUse: canWriteMembers,

  async validate(ctx, refs, rows) {
    const a = ctx.actor;
    const ids = valuesOf(rows, 'idNumber');
    const maskedPairs = rows.flatMap((r) => {
      const id = r.values.idNumber;
      return id && isMasked(id) && r.values.name ? [{ name: r.values.name, mask: id }] : [];
    });
    const [found, masked] = await Promise.all([
      membersByIdNumber(
        ctx.db,
        ids.filter((id) => !isMasked(id)),
      ),
      membersByMaskedId(ctx.db, maskedPairs),
      refs.loadAreas(valuesOf(rows, 'areaId')),
      refs.loadUnits(valuesOf(rows, 'unitId')),
      refs.loadOrgs(valuesOf(rows, 'orgId')),
    ]);
    const byId = new Map(found.map((m) => [m.idNumber, m]));
    const districts = new Set<number>(a.districtId ? [a.districtId] : []);
    for (const code of valuesOf(rows, 'areaId')) {
      const area = refs.area(code);
      if (area) districts.add(districtOf(area.path));
    }
    for (const m of [...found, ...[...masked.values()].flat()]) districts.add(districtOf(m.areaPath));
    await refs.loadDicts(districts);

    return rows.map((row): RowOutcome => {
      const check = new RowCheck();
      const cell = (f: string) => row.values[f] ?? null;

      // The record the row is about: by ID number, or by name and masked ID from an export.
      const idCell = cell('idNumber');
      let before: Existing | undefined;
      if (idCell && isMasked(idCell)) {
        const candidates = (masked.get(maskKey(cell('name') ?? '', idCell)) ?? []).filter((m) =>
          canReadMember(a, m),
        );
        if (candidates.length === 1) before = candidates[0];
        else check.add('idNumber', 'x.masked');
      } else if (idCell) before = byId.get(idCell);
      if (before && !canUpdateMember(a, before)) {
        check.add('idNumber', 'x.outOfScope');
        return check.invalid(row);
      }

      const phone = unmaskCell('phone', cell('phone'), before?.phone, maskPhone, check.issues);

      let areaId = before?.areaId;
      let areaPath = before?.areaPath;
      const code = cell('areaId');
      if (code !== null) {
        const area = refs.area(code);
        if (!area || (area.id !== before?.areaId && !pathInScope(residenceScopeOf(a), area.path))) {
          check.add('areaId', 'v.notFoundRef');
        } else if (!(MEMBER_AREA_LEVELS as readonly string[]).includes(area.level))
          check.add('areaId', 'v.memberArea');
        else {
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
        const pick = pickRef(refs.unitCandidates(unitCell), before?.unitId, (u) => canReferUnit(a, u));
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

      // Blank cells keep what the record has; the merged record must pass the member form's schema.
      const parsed = parseWith(memberCreate, {
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
      if (v.joinDate && v.joinDate <= birthDate) check.add('joinDate', 'v.birthBeforeJoin');
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
      const key = `id:${v.idNumber}`;
      if (!before) return { status: 'create', targetId: null, data: next, key, keyField: 'idNumber' };
      const patch = changesOf(own(before), next);
      return Object.keys(patch).length
        ? { status: 'update', targetId: before.id, data: patch, key, keyField: 'idNumber' }
        : { status: 'unchanged', targetId: before.id, data: null, key, keyField: 'idNumber' };
    });
  },

  async commit(tx, ctx, importId, rows) {
    const summary = `import:${importId}`;
    const events: AuditInput[] = [];
    const creates = rows
      .filter((r) => r.status === 'create')
      .map((r) => r.data as typeof members.$inferInsert);
    if (creates.length) {
      const inserted = (await bulkInsert(
        tx,
        members,
        SQL_TYPES,
        creates,
        true,
      )) as (typeof members.$inferSelect)[];
      for (const row of inserted)
        events.push({
          action: 'create',
          entityType: 'member',
          entityId: row.id,
          areaId: row.areaId,
          summary,
          after: snapshot(row),
        });
    }

    const updates = rows.filter((r) => r.status === 'update');
    const locked = new Map(
      (
        await lockMembers(
          tx,
          updates.map((r) => r.targetId ?? 0),
        )
      ).map((m) => [m.id, m]),
    );
    const writes: ({ id: number } & Record<string, unknown>)[] = [];
    const moved: [number, number][] = [];
    let unchanged = 0;
    for (const r of updates) {
      const before = locked.get(r.targetId ?? 0);
      if (!before || !canUpdateMember(ctx.actor, before)) throw conflict('IMPORT_STALE', 'e.importStale');
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
        entityType: 'member',
        entityId: before.id,
        areaId: after.areaId as number,
        summary,
        before: diff.before,
        after: diff.after,
      });
    }
    await bulkUpdate(tx, members, SQL_TYPES, writes);
    for (const [id, areaId] of moved) await rebindMemberAccounts(tx, id, areaId);
    await auditMany(tx, ctx, events);
    return { created: creates.length, updated: writes.length, unchanged };
  },
};
