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
import type { AuditStore } from '../store/audit-store.js';

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
  constructor(private readonly store: AuditStore) {}

  record(type: AuditType, actor: AuditActor, at: number, detail: Record<string, unknown> = {}, client: string | null = currentClient()): void {
    this.store.append({ at, type, actor_kind: actor.kind, actor_id: actor.id, client, detail: JSON.stringify(detail) });
  }

  list(q: AuditQuery): AuditEntry[] {
    const rows = this.store.list({ before: q.before ?? Number.MAX_SAFE_INTEGER, since: q.since ?? 0, type: q.type ?? null, limit: q.limit });
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type as AuditType,
      actor: { kind: r.actorKind as AuditActor['kind'], id: r.actorId },
      client: r.client,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
