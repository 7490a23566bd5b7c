// The security audit log's table behind named queries: hub/security/audit.ts decides what is recorded,
// this file appends rows, each hash-chained to the one before (hub/store/chain.ts, AUDIT_CHAIN), and
// reads them back. Statements are prepared once per store.
import { AUDIT_CHAIN, GENESIS, rowHash } from './chain.js';
import type { Db } from './database.js';

/** An audit row as written (its id and hash come from the chain's head). */
export interface AuditRowWrite {
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  client: string | null;
  /** JSON. */
  detail: string;
}

export interface AuditRow {
  id: number;
  at: number;
  type: string;
  actorKind: string;
  actorId: string | null;
  client: string | null;
  /** JSON. */
  detail: string;
}

export interface AuditRowQuery {
  /** Rows with an id below this (paging backwards: newest first). */
  before: number;
  since: number;
  /** A type, or a prefix ending in "." ("auth."); null: every type. */
  type: string | null;
  limit: number;
}

export class AuditStore {
  private readonly stmt;
  readonly append: (row: AuditRowWrite) => void;

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
    // (a second AuditStore on the same file), and audit records are rare enough not to cache it.
    this.append = db.transaction((row: AuditRowWrite) => {
      const last = this.stmt.last.get() as { id: number; hash: Buffer | null } | undefined;
      const r = { ...row, id: (last?.id ?? 0) + 1 };
      this.stmt.insert.run({ ...r, hash: rowHash(AUDIT_CHAIN, last?.hash ?? GENESIS, r) });
    });
  }

  /** Rows newest first. */
  list(q: AuditRowQuery): AuditRow[] {
    return this.stmt.list.all(q) as AuditRow[];
  }
}
