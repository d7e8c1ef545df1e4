import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SYSTEM_ROLE } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertImport } from '#server/io/excel/queries.ts';
import { purgeExpiredImportsJob } from '#server/jobs/cleanup.ts';
import { systemCtx } from '#server/jobs/system.ts';
import type { JobContext } from '#server/jobs/types.ts';
import { searchMembers } from '#server/modules/registry/members/service.ts';
import { searchAudit } from '#server/modules/system/audit/service.ts';
import {
  isAreaAdmin,
  isPlatformAdmin,
  pathBelowScope,
  pathInScope,
  systemActor,
} from '#server/policies/actor.ts';
import { PLATFORM_ADMIN } from './constants.ts';
import { createTenant, type Tenant, useTestApp } from './helpers.ts';

/**
 * The scheduled jobs act as a system actor (role `system`, `via: 'job'`), not as a platform
 * admin: every policy refuses it, no request can carry it, and what a job audits names it.
 */
const t = useTestApp();
let tn: Tenant;

beforeAll(async () => {
  tn = await createTenant(t);
});

/** Every policy module's exports, by file (read from the modules folder, so a new one is swept too). */
const POLICIES: Record<string, Record<string, unknown>> = {};
beforeAll(async () => {
  const root = fileURLToPath(new URL('../src/modules/', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (f) => path.basename(f) === 'policy.ts',
  );
  for (const f of files)
    POLICIES[f] = (await import(pathToFileURL(path.join(root, f)).href)) as Record<string, unknown>;
  expect(Object.keys(POLICIES).length).toBeGreaterThan(10);
});

/** A record of any kind, in the tenant's district: what a policy is asked about. */
function record() {
  const path = tn.areas.community.path;
  return {
    id: 1,
    areaId: tn.areas.community.id,
    areaPath: path,
    path,
    districtId: Number(path.split('/')[1]),
    unitId: tn.inside.unitId,
    memberId: 1,
    accountId: 1,
    role: 'member',
    level: 'community',
    status: 'pending',
    kind: 'second_secretary',
  };
}

describe('the system actor', () => {
  it('is refused by every policy: no admin of anything, nothing in its scope', () => {
    const sys = systemActor('test');
    expect(sys).toMatchObject({ role: SYSTEM_ROLE, via: 'job', accountId: 0, areaId: null });
    expect(isPlatformAdmin(sys)).toBe(false);
    expect(isAreaAdmin(sys)).toBe(false);
    // A null scope means "everything" for the platform admin, never for the system actor.
    expect(pathInScope(sys, tn.areas.community.path)).toBe(false);
    expect(pathBelowScope(sys, tn.areas.community.path)).toBe(false);

    const granted: string[] = [];
    let asked = 0;
    for (const [file, exports] of Object.entries(POLICIES)) {
      for (const [name, fn] of Object.entries(exports)) {
        if (!/^(can|may|is)[A-Z]/.test(name) || typeof fn !== 'function') continue;
        let answer: unknown;
        try {
          answer = (fn as (...args: unknown[]) => unknown)(sys, record(), record(), record().districtId);
        } catch {
          continue; // asked with arguments of the wrong shape: nothing granted
        }
        if (typeof answer !== 'boolean') continue;
        asked++;
        if (answer) granted.push(`${file}: ${name}`);
      }
    }
    expect(granted).toEqual([]);
    // The sweep really asked the policies (dozens of them), not an empty list.
    expect(asked).toBeGreaterThan(30);
  });

  it('is refused by a service, as a request would be', async () => {
    const ctx = systemCtx({ db: t.database.db, now: new Date() }, 'test');
    await expect(searchMembers(ctx, { page: 1, pageSize: 10 })).rejects.toMatchObject({ status: 403 });
    await expect(searchAudit(ctx, { page: 1, pageSize: 10 })).rejects.toMatchObject({ status: 403 });
  });

  it('can never come with a request: no account may hold the role', async () => {
    const admin = (
      await t.database.pool.query('select id from accounts where username = $1', [PLATFORM_ADMIN.username])
    ).rows[0].id;
    await expect(
      t.database.pool.query(`update accounts set role = 'system' where id = $1`, [admin]),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('is who the audit trail names for what a job did: role system, the job, no account', async () => {
    const admin = await t.platform();
    const owner = (
      await t.database.pool.query('select id from accounts where username = $1', [PLATFORM_ADMIN.username])
    ).rows[0].id as number;
    const imp = await insertImport(t.database.db, {
      accountId: owner,
      entity: 'members',
      fileName: 'm.xlsx',
      ttlHours: 24,
    });
    // Expired long ago: only this test's import is purged by a run at this instant.
    const expiry = new Date('2000-03-01T00:00:00Z');
    await t.database.pool.query('update imports set expires_at = $2 where id = $1', [imp.id, expiry]);
    const ctx: JobContext = {
      db: t.database.db,
      now: new Date('2000-03-01T00:00:01Z'),
      channels: [],
      enqueue: async () => {},
      log: () => {},
    };
    expect(await purgeExpiredImportsJob.run(ctx, {})).toEqual({ purged: 1 });
    const rows = (
      await t.database.pool.query(
        `select * from audit_events where action = 'purge' and after->'imports' @> $1::jsonb`,
        [JSON.stringify([{ id: imp.id }])],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: null,
      actor_role: 'system',
      actor_name: 'job:excel.purge-expired-imports',
      request_id: 'job:excel.purge-expired-imports',
      entity_type: 'staged_import',
    });
    // And so the desk's audit log shows it (the platform admin sees events bound to no area).
    const listed = await admin.get(`/api/audit?action=purge&entityType=staged_import&pageSize=100`);
    expect(listed.status).toBe(200);
    const shown = (listed.body.data as { id: number; actorRole: string; actorId: number | null }[]).find(
      (e) => e.id === Number(rows[0].id),
    );
    expect(shown).toMatchObject({ actorRole: 'system', actorId: null });
  });
});
