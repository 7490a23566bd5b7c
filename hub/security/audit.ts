// The security audit log: part of the hall's supervision log (电子监察) for what is not a queue event —
// logins, failed logins, lockouts and their lifting, token rotations, config changes, exports — each
// with who, when and from which address. Append-only (SQLite triggers refuse UPDATE and DELETE) and
// tamper-evident: each row carries a hash chained to the previous row's, by the event log's chain code
// (hub/store/chain.ts, AUDIT_CHAIN), and `hall verify` names the first row that does not match.
//
// It is a table of its own rather than new types in `events`: the event log's seq is the terminals'
// gap-free stream (a terminal that sees a gap asks for a whole snapshot), every event is pushed to the
// hall's sockets, and replay rebuilds the queue from it. A failed login every few seconds must neither
// make every board resync nor reach a board at all, and the queue's replay stays exactly as it was.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Db } from '../store/database.js';
import { AUDIT_CHAIN, GENESIS, rowHash } from '../store/chain.js';

export type AuditType =
  | 'auth.login'
  | 'auth.login-failed'
  | 'auth.logout'
  | 'auth.lockout'
  | 'auth.lockout-lifted'
  | 'admin.config-changed'
  | 'admin.token-rotated'
  | 'admin.pin-set'
  | 'admin.export';

export interface AuditActor {
  kind: 'staff' | 'manager' | 'device' | 'system' | 'anonymous';
  id: string | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  type: AuditType;
  actor: AuditActor;
  /** The client's address as the hub sees it (behind trusted proxies: the real client's). */
  client: string | null;
  detail: Record<string, unknown>;
}

/** The request being served, for records made deep inside a command (a config change's listener). */
interface RequestContext {
  client: string;
}
const context = new AsyncLocalStorage<RequestContext>();

/** Express middleware: later audit records of this request know its client address (req.ip). */
export function auditContext(): RequestHandler {
  return (req, _res, next) => context.run({ client: req.ip ?? req.socket.remoteAddress ?? 'unknown' }, next);
}

/** The client of the request being served, if any. */
export function currentClient(): string | null {
  return context.getStore()?.client ?? null;
}

export interface AuditQuery {
  /** Entries with an id below this (paging backwards: newest first). */
  before?: number | undefined;
  since?: number | undefined;
  /** A type, or a prefix ending in "." ("auth."). */
  type?: string | undefined;
  limit: number;
}

export class AuditLog {
  private readonly stmt;
  private readonly append: (row: Record<string, unknown>) => void;

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO audit_log (id, at, type, actor_kind, actor_id, client, detail, hash) VALUES (@id, @at, @type, @actor_kind, @actor_id, @client, @detail, @hash)`),
      last: db.prepare(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`),
      list: db.prepare(
        `SELECT id, at, type, actor_kind AS actorKind, actor_id AS actorId, client, detail FROM audit_log
         WHERE id < @before AND at >= @since AND (@type IS NULL OR type = @type OR (substr(@type, -1) = '.' AND substr(type, 1, length(@type)) = @type))
         ORDER BY id DESC LIMIT @limit`,
      ),
    };
    // The head is read in the same transaction as the insert: the chain is right whoever else wrote
    // (a second AuditLog on the same file), and audit records are rare enough not to cache it.
    this.append = db.transaction((row: Record<string, unknown>) => {
      const last = this.stmt.last.get() as { id: number; hash: Buffer | null } | undefined;
      const r = { ...row, id: (last?.id ?? 0) + 1 };
      this.stmt.insert.run({ ...r, hash: rowHash(AUDIT_CHAIN, last?.hash ?? GENESIS, r) });
    });
  }

  record(type: AuditType, actor: AuditActor, at: number, detail: Record<string, unknown> = {}, client: string | null = currentClient()): void {
    this.append({ at, type, actor_kind: actor.kind, actor_id: actor.id, client, detail: JSON.stringify(detail) });
  }

  list(q: AuditQuery): AuditEntry[] {
    const rows = this.stmt.list.all({ before: q.before ?? Number.MAX_SAFE_INTEGER, since: q.since ?? 0, type: q.type ?? null, limit: q.limit }) as Array<{
      id: number;
      at: number;
      type: AuditType;
      actorKind: AuditActor['kind'];
      actorId: string | null;
      client: string | null;
      detail: string;
    }>;
    return rows.map((r) => ({ id: r.id, at: r.at, type: r.type, actor: { kind: r.actorKind, id: r.actorId }, client: r.client, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
