import type { AuditAction, AuditEntity } from '@frontline/core';
import type { Db } from '../open.ts';
import { executorOf, type Reader, type Writer } from '../unit-of-work.ts';

/** Who did it and from where; passed down from the request. */
export type AuditContext = { actorId: number | null; at: number; ip?: string | null; requestId?: string | null };

/** What was done to which record; the codes are core's `AUDIT_ACTIONS` and `AUDIT_ENTITIES`, which the web app labels. */
export type AuditEntry = {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
};

export type AuditRecord = {
  id: number;
  at: number;
  actorId: number | null;
  actorName: string | null;
  actorNo: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
};

function auditRow(ctx: AuditContext, entry: AuditEntry) {
  return {
    at: ctx.at,
    actor_id: ctx.actorId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: ctx.ip ?? null,
    request_id: ctx.requestId ?? null,
  };
}

/** Writes one entry with the executor given, so callers put it inside their own transaction. */
export async function writeAudit(x: Writer, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await executorOf(x).insertInto('audit_log').values(auditRow(ctx, entry)).execute();
}

/** When `actorId` did `action` after `since`, newest first, at most `limit` of them. */
export async function auditTimesOf(
  x: Reader,
  actorId: number,
  action: AuditAction,
  since: number,
  limit: number,
): Promise<number[]> {
  const rows = await executorOf(x)
    .selectFrom('audit_log')
    .select('at')
    .where('actor_id', '=', actorId)
    .where('action', '=', action)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.at);
}

/** When `actorId` last did `action`, if ever. */
export async function lastAuditAt(x: Reader, actorId: number, action: AuditAction): Promise<number | null> {
  const row = await executorOf(x)
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('actor_id', '=', actorId)
    .where('action', '=', action)
    .executeTakeFirst();
  return row?.at ?? null;
}

export async function listAudit(
  db: Db,
  f: { action?: AuditAction | undefined; actorId?: number | undefined; limit: number; offset: number },
): Promise<{ items: AuditRecord[]; total: number }> {
  let q = db.kysely.selectFrom('audit_log').leftJoin('employees', 'employees.id', 'audit_log.actor_id');
  if (f.action) q = q.where('audit_log.action', '=', f.action);
  if (f.actorId) q = q.where('audit_log.actor_id', '=', f.actorId);
  const [rows, total] = await Promise.all([
    q
      .select([
        'audit_log.id',
        'audit_log.at',
        'audit_log.actor_id',
        'employees.name as actor_name',
        'employees.employee_no as actor_no',
        'audit_log.action',
        'audit_log.entity',
        'audit_log.entity_id',
        'audit_log.before_json',
        'audit_log.after_json',
        'audit_log.ip',
        'audit_log.request_id',
      ])
      .orderBy('audit_log.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorNo: r.actor_no,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json === null ? null : JSON.parse(r.before_json),
      after: r.after_json === null ? null : JSON.parse(r.after_json),
      ip: r.ip,
      requestId: r.request_id,
    })),
  };
}
