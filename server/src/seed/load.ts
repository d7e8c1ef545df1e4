import type { BatchStatus } from '@gongjian/common';
import { and, eq, getTableColumns, getTableName, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { audit } from '#server/audit/audit.ts';
import type { Tx } from '#server/db/client.ts';
import {
  accounts,
  appointmentKinds,
  appointments,
  appointmentTransitions,
  areas,
  batchCandidates,
  batchTransitions,
  coverageAssignments,
  dutyExemptions,
  exemptionTransitions,
  members,
  partyOrgSeats,
  partyOrgs,
  residents,
  selectionBatches,
  units,
  workLogs,
  workLogTransitions,
  workProgrammes,
} from '#server/db/schema/index.ts';
import { ensureBuiltinKinds } from '#server/modules/cadres/appointments/queries.ts';
import { type BatchFacts, batchMachine } from '#server/modules/cadres/batches/machine.ts';
import { qualifies } from '#server/modules/cadres/batches/qualification.ts';
import { candidatesOf, categoryLabels, lockBatch } from '#server/modules/cadres/batches/queries.ts';
import { evaluateCandidate } from '#server/modules/cadres/batches/service.ts';
import { seedSystemDictionaries } from '#server/modules/registry/dictionaries/system.ts';
import type { DemoAppointments, DemoBatch } from './appointments.ts';
import type { DemoData } from './builder.ts';
import { DEMO_DISTRICT_CODE, type DemoCoverage } from './generate.ts';

/** Rows per INSERT: large enough to amortise round trips, small enough to keep each statement modest. */
const CHUNK = 1000;
// Arbitrary constant: two instances starting on an empty database must not both load the demo.
const DEMO_LOCK = 7_246_002;

/** Serialise demo loads and resets across processes, until the transaction ends. */
export async function lockDemo(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
}

/**
 * Take `n` ids from a table's identity sequence up front, so every record's id — and with it
 * every path and cross-reference — is known before the first insert and nothing is re-read.
 */
async function reserveIds(tx: Tx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = await tx.execute<{ id: number }>(
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
  );
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Insert rows as one `INSERT … SELECT FROM unnest(…)` per chunk: one array parameter per column
 * instead of one per value. Drizzle's multi-row `values()` spends ~0.3 ms per row building SQL,
 * which alone would blow the first-start budget at scale 1 and take minutes at benchmark scale.
 */
async function insertChunked<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  overriding: boolean,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(first);
  const columns = keys.map((key) => {
    const column = all[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    return column;
  });
  const types = columns.map((c) => c.getSQLType());
  const alias = (j: number) => sql.identifier(`c${j}`);
  // Array columns travel as their text literals and are cast back: unnest would flatten a 2-D array.
  const isArray = (j: number) => types[j]?.endsWith(']') ?? false;
  const head = sql`insert into ${table} (${sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  )})${overriding ? sql` overriding system value` : sql``} select ${sql.join(
    columns.map((_, j) => (isArray(j) ? sql`${alias(j)}::${sql.raw(types[j] ?? 'text')}` : alias(j))),
    sql`, `,
  )}`;
  const tail = sql`as t(${sql.join(
    columns.map((_, j) => alias(j)),
    sql`, `,
  )})`;

  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK) as Record<string, unknown>[];
    const arrays = columns.map((column, j) => {
      const key = keys[j] ?? '';
      const values = chunk.map((r) => {
        const v = r[key];
        return v === null || v === undefined ? null : column.mapToDriverValue(v);
      });
      return sql`${sql.param(values)}::${sql.raw(isArray(j) ? 'text' : (types[j] ?? 'text'))}[]`;
    });
    await tx.execute(sql`${head} from unnest(${sql.join(arrays, sql`, `)}) ${tail}`);
  }
}

function mapper(ids: number[], what: string) {
  const id = (i: number): number => {
    const v = ids[i];
    if (v === undefined) throw new Error(`demo ${what} #${i} has no id`);
    return v;
  };
  return { id, opt: (i: number | null) => (i === null ? null : id(i)) };
}

/** What `loadDemo` created that the caller cannot tell from the generated data. */
export interface LoadedDemo {
  districtId: number;
  /** Platform admins that already existed and were kept (with their own passwords). */
  keptUsernames: string[];
}

/**
 * Insert a generated demo district inside the caller's transaction. Accounts all share
 * `passwordHash` (argon2 is deliberately slow, so it is computed once).
 */
export async function loadDemo(
  tx: Tx,
  data: DemoData & { coverage?: readonly DemoCoverage[]; appointments?: DemoAppointments },
  passwordHash: string,
): Promise<LoadedDemo> {
  const area = mapper(await reserveIds(tx, 'areas', data.areas.length), 'area');
  const unit = mapper(await reserveIds(tx, 'units', data.units.length), 'unit');
  const org = mapper(await reserveIds(tx, 'party_orgs', data.orgs.length), 'organisation');
  const member = mapper(await reserveIds(tx, 'members', data.members.length), 'member');
  const resident = mapper(await reserveIds(tx, 'residents', data.residents.length), 'resident');

  // Parents precede children in the generated list, so each path extends an already built one.
  const paths: string[] = [];
  const areaRows = data.areas.map((a, i) => {
    const id = area.id(i);
    const path = `${a.parent === null ? '/' : paths[a.parent]}${id}/`;
    paths.push(path);
    return {
      id,
      parentId: area.opt(a.parent),
      level: a.level,
      code: a.code,
      name: a.name,
      path,
      depth: a.depth,
      sort: a.sort,
      note: a.note,
    };
  });
  await insertChunked(tx, areas, areaRows, true);
  const districtId = area.id(0);
  await seedSystemDictionaries(tx, districtId);

  await insertChunked(
    tx,
    units,
    data.units.map((u, i) => ({
      id: unit.id(i),
      areaId: area.id(u.area),
      name: u.name,
      creditCode: u.creditCode,
      type: u.type,
      address: u.address,
      contactName: u.contactName,
      contactPhone: u.contactPhone,
      memberCount: u.memberCount,
      note: u.note,
    })),
    true,
  );
  await insertChunked(
    tx,
    partyOrgs,
    data.orgs.map((o, i) => ({
      id: org.id(i),
      areaId: area.id(o.area),
      parentId: org.opt(o.parent),
      unitId: unit.opt(o.unit),
      type: o.type,
      code: o.code,
      name: o.name,
      secretaryName: o.secretaryName,
      foundedOn: o.foundedOn,
      note: o.note,
    })),
    true,
  );
  await insertChunked(
    tx,
    members,
    data.members.map((m, i) => ({
      id: member.id(i),
      areaId: area.id(m.area),
      name: m.name,
      gender: m.gender,
      birthDate: m.birthDate,
      phone: m.phone,
      idNumber: m.idNumber,
      joinDate: m.joinDate,
      unitId: unit.opt(m.unit),
      orgId: org.opt(m.org),
      category: m.category,
      skills: m.skills,
      roles: m.roles,
      note: m.note,
    })),
    true,
  );
  await insertChunked(
    tx,
    residents,
    data.residents.map((r, i) => ({
      id: resident.id(i),
      areaId: area.id(r.area),
      name: r.name,
      gender: r.gender,
      phone: r.phone,
      idNumber: r.idNumber,
      address: r.address,
      note: r.note,
    })),
    true,
  );
  await insertChunked(
    tx,
    partyOrgSeats,
    data.seats.map((s) => ({
      orgId: org.id(s.org),
      areaId: area.id(s.area),
      kind: s.kind,
      unitId: unit.opt(s.unit),
      memberId: member.opt(s.member),
      personName: s.personName,
      post: s.post,
      startOn: s.startOn,
      endOn: s.endOn,
    })),
    false,
  );

  const coverage = data.coverage ?? [];
  await insertChunked(
    tx,
    coverageAssignments,
    coverage.map((c) => ({
      orgId: org.id(c.org),
      areaId: area.id(c.area),
      startOn: c.startOn,
      note: c.note,
    })),
    false,
  );

  const accountRows = data.accounts.map((a) => ({
    username: a.username,
    displayName: a.displayName,
    passwordHash,
    role: a.role,
    areaId: area.opt(a.area),
    unitId: unit.opt(a.unit),
    memberId: member.opt(a.member),
    residentId: resident.opt(a.resident),
  }));
  // The platform admin lives outside the district and survives a reset: keep an existing one as is.
  const platform = accountRows.filter((a) => a.role === 'platform_admin');
  const created = platform.length
    ? await tx
        .insert(accounts)
        .values(platform)
        .onConflictDoNothing()
        .returning({ username: accounts.username })
    : [];
  const keptUsernames = platform.map((a) => a.username).filter((u) => !created.some((c) => c.username === u));
  await insertChunked(
    tx,
    accounts,
    accountRows.filter((a) => a.role !== 'platform_admin'),
    false,
  );

  const appointed = data.appointments;
  if (appointed) await loadAppointments(tx, appointed, { districtId, area, unit, org, member });

  await audit(tx, null, {
    action: 'import',
    entityType: 'demo_district',
    entityId: districtId,
    areaId: districtId,
    summary: `demo district loaded at scale ${data.scale}`,
    after: {
      areas: data.areas.length,
      units: data.units.length,
      orgs: data.orgs.length,
      members: data.members.length,
      residents: data.residents.length,
      seats: data.seats.length,
      coverage: coverage.length,
      accounts: data.accounts.length,
      appointments: appointed?.appointments.length ?? 0,
      workLogs: appointed?.workLogs.length ?? 0,
      exemptions: appointed?.exemptions.length ?? 0,
    },
  });
  return { districtId, keptUsernames };
}

type Mapper = ReturnType<typeof mapper>;

/**
 * Walk each seeded batch through the selection machine as the desk would have — check, review,
 * notice, appoint — and store each candidate's qualification results as the check evaluates them
 * on the stored member record. A seeded candidate who would not qualify, or a step the machine
 * would refuse (a notice not yet over on the day of appointment), stops the load: every seeded
 * batch holds a history the desk could have produced.
 */
async function recordQualification(
  tx: Tx,
  districtId: number,
  batches: readonly DemoBatch[],
  ids: Mapper,
  reviewer: (b: DemoBatch) => number,
) {
  const labels = await categoryLabels(tx, districtId);
  const history: (typeof batchTransitions.$inferInsert)[] = [];
  for (const [i, b] of batches.entries()) {
    // Each step's history row, as fireBatch would write it, by the batch's reviewer.
    const walked = (
      event: string,
      from: BatchStatus | null,
      to: BatchStatus,
      at: string,
      note: string | null = null,
    ) =>
      history.push({
        recordId: ids.id(i),
        event,
        fromStatus: from,
        toStatus: to,
        at: new Date(at),
        actorId: reviewer(b),
        note,
      });
    walked('create', null, 'nominating', `${b.batchDate}T09:00:00+08:00`);
    const row = await lockBatch(tx, ids.id(i));
    if (!row) throw new Error(`demo batch ${b.title} missing`);
    const candidates = await candidatesOf(tx, row.id);
    const step = (
      f: Omit<BatchFacts, 'noticeEnd'> & { noticeEnd?: string },
      event: Parameters<typeof batchMachine.transition>[1],
      at: string,
      note: string | null = null,
    ) => {
      const move = batchMachine.transition({ noticeEnd: null, ...f }, event);
      if (!move.ok) throw new Error(`demo batch ${b.title}: ${event} refused (${move.code})`);
      walked(event, f.status, move.to, at, note);
      return move.to;
    };
    const all = (s: BatchFacts['candidates'][number]) => candidates.map(() => s);
    for (const c of candidates)
      walked('nominate', 'nominating', 'nominating', `${b.batchDate}T09:00:00+08:00`, c.memberName);
    let status = step(
      { status: 'nominating', candidates: all('nominated'), today: b.batchDate },
      'check',
      b.checkedAt,
    );
    for (const c of candidates) {
      const results = await evaluateCandidate(tx, row, c, labels);
      if (!qualifies(results))
        throw new Error(
          `demo candidate ${c.memberName} fails the check: ${results.filter((r) => !r.passed).map((r) => r.reasonZh)}`,
        );
      await tx.update(batchCandidates).set({ checkResults: results }).where(eq(batchCandidates.id, c.id));
    }
    const reviewDay = b.reviewedAt.slice(0, 10);
    status = step({ status, candidates: all('qualified'), today: reviewDay }, 'startReview', b.reviewedAt);
    for (const c of candidates)
      step(
        { status, candidates: all('qualified'), today: reviewDay },
        'review',
        b.reviewedAt,
        `${c.memberName}: approved`,
      );
    status = step(
      { status, candidates: all('approved'), today: b.noticeStart },
      'publishNotice',
      `${b.noticeStart}T09:00:00+08:00`,
      `${b.noticeStart} – ${b.noticeEnd}`,
    );
    status = step(
      { status, candidates: all('approved'), noticeEnd: b.noticeEnd, today: b.appointedAt.slice(0, 10) },
      'appoint',
      b.appointedAt,
    );
    if (status !== row.status) throw new Error(`demo batch ${b.title} ends ${status}, stored ${row.status}`);
  }
  await insertChunked(tx, batchTransitions, history, false);
}

/**
 * Insert the demo's programmes, batches, appointments and work logs, after the accounts (logs
 * name who recorded and reviewed them). The district gets its built-in kinds the way the
 * appointments module gives them, and the demo refers to kinds by code.
 */
async function loadAppointments(
  tx: Tx,
  d: DemoAppointments,
  ids: { districtId: number; area: Mapper; unit: Mapper; org: Mapper; member: Mapper },
) {
  const { area, unit, org, member } = ids;
  await ensureBuiltinKinds(tx, ids.districtId);
  const kindRows = await tx
    .select({ id: appointmentKinds.id, code: appointmentKinds.code })
    .from(appointmentKinds)
    .where(and(eq(appointmentKinds.areaId, ids.districtId), eq(appointmentKinds.builtin, true)));
  const kinds = new Map(kindRows.map((k) => [k.code, k.id]));
  const kind = (code: string) => {
    const id = kinds.get(code);
    if (id === undefined) throw new Error(`appointment kind ${code} missing`);
    return id;
  };
  const programme = mapper(await reserveIds(tx, 'work_programmes', d.programmes.length), 'programme');
  const batch = mapper(await reserveIds(tx, 'selection_batches', d.batches.length), 'batch');
  const appointment = mapper(await reserveIds(tx, 'appointments', d.appointments.length), 'appointment');
  const log = mapper(await reserveIds(tx, 'work_logs', d.workLogs.length), 'work log');
  const exemption = mapper(await reserveIds(tx, 'duty_exemptions', d.exemptions.length), 'exemption');
  await insertChunked(
    tx,
    workProgrammes,
    d.programmes.map((p, i) => ({
      id: programme.id(i),
      areaId: area.id(p.area),
      kindId: kind(p.kind),
      year: p.year,
      title: p.title,
      scopeText: p.scopeText,
      conditionsText: p.conditionsText,
      conditions: p.conditions,
      procedureText: p.procedureText,
      dutiesText: p.dutiesText,
      assessmentText: p.assessmentText,
    })),
    true,
  );
  await insertChunked(
    tx,
    selectionBatches,
    d.batches.map((b, i) => ({
      id: batch.id(i),
      programmeId: programme.id(b.programme),
      areaId: area.id(b.area),
      title: b.title,
      batchDate: b.batchDate,
      status: 'appointed' as const,
      noticeStart: b.noticeStart,
      noticeEnd: b.noticeEnd,
      checkedAt: new Date(b.checkedAt),
      appointedAt: new Date(b.appointedAt),
      termStart: b.termStart,
    })),
    true,
  );
  await insertChunked(
    tx,
    appointments,
    d.appointments.map((a, i) => ({
      id: appointment.id(i),
      kindId: kind(a.kind),
      memberId: member.id(a.member),
      sendingUnitId: unit.opt(a.sendingUnit),
      receivingOrgId: org.id(a.receivingOrg),
      areaId: area.id(a.area),
      post: a.post,
      termStart: a.termStart,
      termEnd: a.termEnd,
      batchId: batch.opt(a.batch),
      note: a.note,
      // Entered when the term began, as a street would have: a replay of a past day shows them.
      createdAt: new Date(`${a.termStart}T09:00:00+08:00`),
    })),
    true,
  );
  const usernames = [
    ...new Set([
      ...d.workLogs.flatMap((l) => (l.reviewedBy ? [l.recordedBy, l.reviewedBy] : [l.recordedBy])),
      ...d.exemptions.flatMap((e) => (e.reviewedBy ? [e.requestedBy, e.reviewedBy] : [e.requestedBy])),
      ...d.batches.map((b) => b.reviewer),
    ]),
  ];
  const accountRows = usernames.length
    ? await tx
        .select({ id: accounts.id, username: accounts.username })
        .from(accounts)
        .where(inArray(accounts.username, usernames))
    : [];
  const accountIds = new Map(accountRows.map((a) => [a.username, a.id]));
  const accountId = (username: string) => {
    const id = accountIds.get(username);
    if (id === undefined) throw new Error(`demo account ${username} missing`);
    return id;
  };
  await insertChunked(
    tx,
    batchCandidates,
    d.candidates.map((c) => {
      const b = d.batches[c.batch];
      if (!b) throw new Error('demo candidate without its batch');
      return {
        batchId: batch.id(c.batch),
        memberId: member.id(c.member),
        sendingUnitId: unit.opt(c.sendingUnit),
        receivingOrgId: org.id(c.receivingOrg),
        status: 'appointed' as const,
        checkedAt: new Date(b.checkedAt),
        reviewComment: c.reviewComment,
        reviewedBy: accountId(b.reviewer),
        reviewedAt: new Date(b.reviewedAt),
        appointmentId: appointment.id(c.appointment),
        createdAt: new Date(`${b.batchDate}T09:00:00+08:00`),
      };
    }),
    false,
  );
  await recordQualification(tx, ids.districtId, d.batches, batch, (b) => accountId(b.reviewer));
  await insertChunked(
    tx,
    workLogs,
    d.workLogs.map((l, i) => ({
      id: log.id(i),
      appointmentId: appointment.id(l.appointment),
      areaId: area.id(l.area),
      kind: l.kind,
      occurredAt: new Date(l.occurredAt),
      place: l.place,
      withWhom: l.withWhom,
      content: l.content,
      hours: l.hours,
      targetType: l.targetType,
      targetUnitId: unit.opt(l.targetUnit),
      householdAddress: l.householdAddress,
      asked: l.asked,
      noted: l.noted,
      demandCategories: l.demandCategories,
      subjectMemberId: member.opt(l.subjectMember),
      activityType: l.activityType,
      activityRole: l.activityRole,
      actionCategory: l.actionCategory,
      reportYear: l.reportYear,
      status: l.status,
      recordedBy: accountId(l.recordedBy),
      recordedByName: l.recordedByName,
      recordedByRole: l.recordedByRole,
      reviewedBy: l.reviewedBy === null ? null : accountId(l.reviewedBy),
      reviewedByName: l.reviewedByName,
      reviewedAt: l.reviewedAt === null ? null : new Date(l.reviewedAt),
      reviewComment: l.reviewComment,
      createdAt: new Date(l.createdAt),
      updatedAt: new Date(l.reviewedAt ?? l.createdAt),
    })),
    true,
  );
  await insertChunked(
    tx,
    dutyExemptions,
    d.exemptions.map((e, i) => ({
      id: exemption.id(i),
      appointmentId: appointment.id(e.appointment),
      areaId: area.id(e.area),
      ruleCode: e.ruleCode,
      periodKey: e.periodKey,
      reasonKind: e.reasonKind,
      reason: e.reason,
      status: e.status,
      requestedBy: accountId(e.requestedBy),
      requestedByName: e.requestedByName,
      reviewedBy: e.reviewedBy === null ? null : accountId(e.reviewedBy),
      reviewedByName: e.reviewedByName,
      reviewedAt: e.reviewedAt === null ? null : new Date(e.reviewedAt),
      reviewComment: e.reviewComment,
      createdAt: new Date(e.createdAt),
      updatedAt: new Date(e.reviewedAt ?? e.createdAt),
    })),
    true,
  );
  // Every seeded record has the history the desk would have written (convention C3): made, then
  // reviewed or decided by whom the row says. The batches' walks are written by recordQualification.
  await insertChunked(
    tx,
    appointmentTransitions,
    d.appointments.map((a, i) => ({
      recordId: appointment.id(i),
      event: 'create',
      fromStatus: null,
      toStatus: 'active' as const,
      at: new Date(`${a.termStart}T09:00:00+08:00`),
      note: a.batch === null ? null : `batch ${batch.id(a.batch)}`,
    })),
    false,
  );
  await insertChunked(
    tx,
    workLogTransitions,
    d.workLogs.flatMap((l, i) =>
      madeThenDecided(log.id(i), { at: l.createdAt, by: accountId(l.recordedBy), note: null }, l, {
        confirmed: 'confirm',
        rejected: 'reject',
      }),
    ),
    false,
  );
  await insertChunked(
    tx,
    exemptionTransitions,
    d.exemptions.flatMap((e, i) =>
      madeThenDecided(
        exemption.id(i),
        { at: e.createdAt, by: accountId(e.requestedBy), note: e.reason || null },
        e,
        {
          approved: 'approve',
          rejected: 'reject',
        },
      ),
    ),
    false,
  );

  /**
   * The history of a record asked for and then decided (a log confirmed, an exemption approved):
   * its creation row, and the decision's row once it was taken.
   */
  function madeThenDecided<S extends string>(
    recordId: number,
    made: { at: string; by: number; note: string | null },
    r: {
      status: S | 'pending';
      reviewedAt: string | null;
      reviewedBy: string | null;
      reviewComment: string | null;
    },
    events: Record<S, string>,
  ) {
    const rows: {
      recordId: number;
      event: string;
      fromStatus: 'pending' | null;
      toStatus: S | 'pending';
      at: Date;
      actorId: number;
      note: string | null;
    }[] = [
      {
        recordId,
        event: 'create',
        fromStatus: null,
        toStatus: 'pending',
        at: new Date(made.at),
        actorId: made.by,
        note: made.note,
      },
    ];
    if (r.status !== 'pending' && r.reviewedAt !== null && r.reviewedBy !== null)
      rows.push({
        recordId,
        event: events[r.status],
        fromStatus: 'pending',
        toStatus: r.status,
        at: new Date(r.reviewedAt),
        actorId: accountId(r.reviewedBy),
        note: r.reviewComment,
      });
    return rows;
  }
}

/** What a reset removed, by table. */
export type DeletedCounts = Record<string, number>;

/**
 * Delete the demo district and everything registered under it, children before parents, inside
 * the caller's transaction. Audit events stay: the trail is append-only. Returns null when there
 * is no demo district. A record elsewhere that still points into the district (say a member of
 * another district employed by a demo unit) makes the foreign key refuse, and the reset rolls back.
 */
export async function resetDemo(tx: Tx): Promise<DeletedCounts | null> {
  const [district] = await tx
    .select({ id: areas.id, path: areas.path })
    .from(areas)
    .where(eq(areas.code, DEMO_DISTRICT_CODE))
    .for('update');
  if (!district) return null;

  const inTree = sql`(select id from areas where path like ${`${district.path}%`})`;
  const demoAccounts = sql`(select id from accounts where area_id in ${inTree}
      or unit_id in (select id from units where area_id in ${inTree})
      or member_id in (select id from members where area_id in ${inTree})
      or resident_id in (select id from residents where area_id in ${inTree}))`;
  const steps: [string, SQL][] = [
    // Appointment records first: they refer to demo accounts, members, units and organisations.
    [
      'work_log_files',
      sql`delete from work_log_files where work_log_id in (select id from work_logs where area_id in ${inTree})`,
    ],
    ['work_logs', sql`delete from work_logs where area_id in ${inTree}`],
    ['duty_exemptions', sql`delete from duty_exemptions where area_id in ${inTree}`],
    ['duty_rule_versions', sql`delete from duty_rule_versions where area_id in ${inTree}`],
    [
      'batch_candidates',
      sql`delete from batch_candidates where batch_id in (select id from selection_batches where area_id in ${inTree})`,
    ],
    ['appointments', sql`delete from appointments where area_id in ${inTree}`],
    [
      'coverage_assignments',
      sql`delete from coverage_assignments where area_id in ${inTree}
          or org_id in (select id from party_orgs where area_id in ${inTree})`,
    ],
    ['selection_batches', sql`delete from selection_batches where area_id in ${inTree}`],
    ['work_programmes', sql`delete from work_programmes where area_id in ${inTree}`],
    ['appointment_kinds', sql`delete from appointment_kinds where area_id in ${inTree}`],
    ['sessions', sql`delete from sessions where account_id in ${demoAccounts}`],
    ['api_tokens', sql`delete from api_tokens where account_id in ${demoAccounts}`],
    ['accounts', sql`delete from accounts where id in ${demoAccounts}`],
    [
      'party_org_seats',
      sql`delete from party_org_seats where area_id in ${inTree}
          or org_id in (select id from party_orgs where area_id in ${inTree})`,
    ],
    ['members', sql`delete from members where area_id in ${inTree}`],
    ['residents', sql`delete from residents where area_id in ${inTree}`],
    // One statement for the whole organisation tree: its self-reference is checked at the end.
    ['party_orgs', sql`delete from party_orgs where area_id in ${inTree}`],
    ['units', sql`delete from units where area_id in ${inTree}`],
    ['dict_items', sql`delete from dict_items where area_id in ${inTree}`],
    ['areas', sql`delete from areas where path like ${`${district.path}%`}`],
  ];
  const deleted: DeletedCounts = {};
  for (const [table, statement] of steps) {
    const res = await tx.execute(statement);
    deleted[table] = res.rowCount ?? 0;
  }
  await audit(tx, null, {
    action: 'delete',
    entityType: 'demo_district',
    entityId: district.id,
    areaId: null,
    summary: 'demo district removed for a rebuild',
    before: deleted,
  });
  return deleted;
}
