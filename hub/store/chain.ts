// The supervision log's hash chain (电子监察): each event's hash is sha256 over the previous event's hash
// and the event's stored columns (seq, at, type, ticket, counter, staff, actor, payload), so changing,
// removing or reordering any stored event breaks every hash after it. The first event of a hall chains
// to 32 zero bytes; the first event of a live file whose earlier events were archived chains to the
// archive's last hash (kept in the hall table as the anchor). The hash is sha256 cut to its first 128
// bits: forging an event that keeps the chain then takes a second preimage of 2^128 work, and the 16
// bytes saved on every event are a tenth of what an event costs the store.
import { createHash } from 'node:crypto';
import type { Db } from './database.js';

export const HASH_BYTES = 16;
export const GENESIS = Buffer.alloc(HASH_BYTES);

export interface ChainedRow {
  seq: number;
  at: number;
  type: string;
  ticket_id: string | null;
  counter_id: string | null;
  staff_no: string | null;
  actor_kind: string;
  actor_id: string;
  payload: string;
}

export function eventHash(prev: Buffer, r: ChainedRow): Buffer {
  return createHash('sha256')
    .update(prev)
    .update(JSON.stringify([r.seq, r.at, r.type, r.ticket_id, r.counter_id, r.staff_no, r.actor_kind, r.actor_id, r.payload]))
    .digest()
    .subarray(0, HASH_BYTES);
}

export const CHAIN_COLUMNS = `seq, at, type, ticket_id, counter_id, staff_no, actor_kind, actor_id, payload`;

/** The hash the next event chains to: the last event's, or the archive anchor, or genesis. */
export function chainHead(db: Db): { seq: number; hash: Buffer } {
  const last = db.prepare(`SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: Buffer | null } | undefined;
  if (last?.hash) return { seq: last.seq, hash: last.hash };
  const anchor = chainAnchor(db);
  return anchor ?? { seq: 0, hash: GENESIS };
}

/** Where this file's chain starts when earlier events moved to an archive. */
export function chainAnchor(db: Db): { seq: number; hash: Buffer } | undefined {
  const json = db.prepare(`SELECT value FROM hall WHERE key = 'chain_anchor'`).pluck().get() as string | undefined;
  if (!json) return undefined;
  const a = JSON.parse(json) as { seq: number; hash: string };
  return { seq: a.seq, hash: Buffer.from(a.hash, 'hex') };
}

/**
 * Computes the hash of every stored event, in order. Used by migrations, once, on
 * an existing log (the update trigger is lifted for it inside the migration's transaction).
 */
export function rechain(db: Db): void {
  db.exec(`DROP TRIGGER IF EXISTS events_no_update`);
  const update = db.prepare(`UPDATE events SET hash = ? WHERE seq = ?`);
  let prev = chainAnchor(db)?.hash ?? GENESIS;
  // In chunks: better-sqlite3 runs no other statement while one is being iterated.
  const chunk = db.prepare(`SELECT ${CHAIN_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT 5000`);
  for (let after = 0; ; ) {
    const rows = chunk.all(after) as ChainedRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      prev = eventHash(prev, r);
      update.run(prev, r.seq);
    }
    after = rows[rows.length - 1]!.seq;
  }
  db.exec(`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;`);
}

/** Migration: the hash column, filled for the events already stored. */
export function chainMigration(db: Db): void {
  db.exec(`ALTER TABLE events ADD COLUMN hash BLOB`);
  rechain(db);
}
