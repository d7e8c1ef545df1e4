import { and, eq } from 'drizzle-orm';
import { appointmentKinds, appointments, partyOrgs, workProgrammes } from '#server/db/schema/index.ts';
import { ensureBuiltinKinds } from '#server/modules/cadres/appointments/queries.ts';
import type { Tenant, TestApp } from './helpers.ts';

/**
 * Direct-insert builders for what a test is not about (conventions C10): a test of the to-do list
 * or of a batch confirmation needs an appointment to exist, not the appointment endpoint to be
 * walked again. What a test is about still goes over HTTP. Each builder inserts one valid row
 * with the fewest choices a test has to make and returns it typed.
 */
export function factories(t: TestApp, tn: Tenant) {
  const { db } = t.database;
  const kindIds = new Map<string, number>();

  /** The id of one of the district's appointment kinds (the built-in ones made as on first use). */
  async function kindId(code: string) {
    const known = kindIds.get(code);
    if (known) return known;
    await ensureBuiltinKinds(db, tn.areas.district.id);
    const [row] = await db
      .select({ id: appointmentKinds.id })
      .from(appointmentKinds)
      .where(and(eq(appointmentKinds.areaId, tn.areas.district.id), eq(appointmentKinds.code, code)));
    if (!row) throw new Error(`the tenant's district has no appointment kind ${code}`);
    kindIds.set(code, row.id);
    return row.id;
  }

  return {
    kindId,

    /** A party branch in an area (C1 unless said). */
    async org(o: { areaId?: number; name?: string } = {}) {
      const areaId = o.areaId ?? tn.areas.community.id;
      const [row] = await db
        .insert(partyOrgs)
        .values({ areaId, type: 'branch', name: o.name ?? `党支部-${areaId}-${tn.tag}` })
        .returning();
      return row!;
    },

    /** A work programme for second secretaries run by an area (S1 unless said), with no conditions. */
    async programme(o: { areaId?: number; year?: number } = {}) {
      const [row] = await db
        .insert(workProgrammes)
        .values({
          areaId: o.areaId ?? tn.areas.street.id,
          kindId: await kindId('second_secretary'),
          year: o.year ?? 2026,
          title: `工作方案-${tn.tag}`,
          conditions: [],
        })
        .returning();
      return row!;
    },

    /**
     * An active appointment of a member (the tenant's C1 member unless said) to a new branch in
     * an area (C1), sent by the member's unit, its term started `termStart`.
     */
    async appointment(
      o: {
        areaId?: number;
        memberId?: number;
        sendingUnitId?: number | null;
        kind?: string;
        termStart: string;
        termEnd?: string | null;
      } = { termStart: '2026-01-01' },
    ) {
      const areaId = o.areaId ?? tn.areas.community.id;
      const org = await this.org({ areaId });
      const [row] = await db
        .insert(appointments)
        .values({
          kindId: await kindId(o.kind ?? 'second_secretary'),
          memberId: o.memberId ?? tn.inside.memberId,
          sendingUnitId: o.sendingUnitId === undefined ? tn.inside.unitId : o.sendingUnitId,
          receivingOrgId: org.id,
          areaId,
          termStart: o.termStart,
          termEnd: o.termEnd ?? null,
        })
        .returning();
      return row!;
    },

    /**
     * The tenant member's appointment in C1 and its twin's in C3 (the other street): for tests of
     * who sees or acts on what, inside and outside a scope.
     */
    async appointmentsInAndOut(termStart: string) {
      const inside = await this.appointment({ termStart });
      const outside = await this.appointment({
        areaId: tn.areas.community3.id,
        memberId: tn.outside.memberId,
        sendingUnitId: tn.outside.unitId,
        termStart,
      });
      return { inC1: inside.id, inC3: outside.id };
    },
  };
}
