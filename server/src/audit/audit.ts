import { maskIdNumber, maskPhone } from '@gongjian/common';
import type { Tx } from '#server/db/client.ts';
import { auditEvents } from '#server/db/schema/index.ts';
import type { Ctx } from '#server/http/context.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'move'
  | 'reveal'
  | 'login'
  | 'logout'
  | 'login_failed'
  | 'login_throttled'
  | 'password_change_failed'
  | 'password_change_throttled'
  | 'import';

export interface AuditInput {
  action: AuditAction | (string & {});
  entityType: string;
  entityId: string | number | null;
  areaId: number | null;
  summary?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

type Row = Record<string, unknown>;
const IGNORED = new Set(['updatedAt', 'createdAt']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Before/after of the fields that changed, for an update event. */
export function changedFields(before: Row, after: Row): { before: Row; after: Row } {
  const b: Row = {};
  const a: Row = {};
  for (const key of Object.keys(after)) {
    if (IGNORED.has(key)) continue;
    if (!same(before[key], after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/** Strip bookkeeping columns from a full row snapshot (create/delete events). */
export function snapshot(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) if (!IGNORED.has(k)) out[k] = v;
  return out;
}

/** Fields holding phone or ID numbers, whatever the record type (phone, contactPhone…). */
const PHONE_KEY = /phone$/i;
const ID_NUMBER_KEY = /idnumber$/i;

/**
 * Phone and ID numbers masked: the trail is read more widely than the registries, and a clear
 * read must always go through an audited reveal. Applied to every event, so a module cannot
 * forget it.
 */
export function maskPii(row: Row | null | undefined): Row | null {
  if (!row) return null;
  const out: Row = { ...row };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'string') continue;
    if (PHONE_KEY.test(k)) out[k] = maskPhone(v);
    else if (ID_NUMBER_KEY.test(k)) out[k] = maskIdNumber(v);
  }
  return out;
}

/**
 * Who acted and from where. Sign-in events have the request (address, request id) but, when the
 * password was wrong, nobody to name as the actor.
 */
export type AuditSource = Pick<Ctx, 'ip' | 'requestId'> & { actor: Ctx['actor'] | null };

/** Write one audit event inside the caller's transaction, so it commits or rolls back with it. */
export async function audit(tx: Tx, ctx: AuditSource | null, e: AuditInput) {
  // A job's events name the system actor (role `system`, the job as the name), not an account.
  const account = ctx?.actor && ctx.actor.role !== 'system' ? ctx.actor.accountId : null;
  await tx.insert(auditEvents).values({
    actorId: account,
    actorName: ctx?.actor?.displayName ?? null,
    actorRole: ctx?.actor?.role ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId === null ? null : String(e.entityId),
    areaId: e.areaId,
    summary: e.summary ?? null,
    before: maskPii(e.before),
    after: maskPii(e.after),
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
  });
}
