// The supervision log's hash chain (电子监察): each event's hash is sha256 over the previous event's hash
// and the event's stored columns (seq, at, type, ticket, counter, staff, actor, payload), so changing,
// removing or reordering any stored event breaks every hash after it. The first event of a hall chains
// to 32 zero bytes; the first event of a live file whose earlier events were archived chains to the
// archive's last hash (kept in the hall table as the anchor). The hash is sha256 cut to its first 128
// bits: forging an event that keeps the chain then takes a second preimage of 2^128 work, and the 16
// bytes saved on every event are a tenth of what an event costs the store.
//
// The security audit log (hub/security/audit.ts) is chained the same way, by the same functions: a
// `Chain` names the table, its key and the columns a row's hash covers. The audit log has no archives:
// its chain starts at genesis.
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

/** A hash-chained, append-only table: its key (ascending in insertion order) and the columns a hash covers, in order. */
export interface Chain {
  table: string;
  key: string;
  columns: readonly string[];
  /** The trigger that refuses updates (lifted while a migration computes the hashes). */
  noUpdate: { name: string; message: string };
}

export const EVENTS_CHAIN: Chain = {
  table: 'events',
  key: 'seq',
  columns: ['seq', 'at', 'type', 'ticket_id', 'counter_id', 'staff_no', 'actor_kind', 'actor_id', 'payload'],
  noUpdate: { name: 'events_no_update', message: 'the event log is append-only' },
};

export const AUDIT_CHAIN: Chain = {
  table: 'audit_log',
  key: 'id',
  columns: ['id', 'at', 'type', 'actor_kind', 'actor_id', 'client', 'detail'],
  noUpdate: { name: 'audit_log_no_update', message: 'the audit log is append-only' },
};

/** A row's hash: sha256 over the previous row's hash and the row's chained columns, cut to HASH_BYTES. */
export function rowHash(chain: Chain, prev: Buffer, r: Record<string, unknown>): Buffer {
  return createHash('sha256')
    .update(prev)
    .update(JSON.stringify(chain.columns.map((c) => r[c])))
    .digest()
    .subarray(0, HASH_BYTES);
}

export function eventHash(prev: Buffer, r: ChainedRow): Buffer {
  return rowHash(EVENTS_CHAIN, prev, r as unknown as Record<string, unknown>);
}

export const CHAIN_COLUMNS = EVENTS_CHAIN.columns.join(', ');

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
export function rechain(db: Db, chain: Chain = EVENTS_CHAIN): void {
  const { table, key, noUpdate } = chain;
  db.exec(`DROP TRIGGER IF EXISTS ${noUpdate.name}`);
  const update = db.prepare(`UPDATE ${table} SET hash = ? WHERE ${key} = ?`);
  let prev = (chain === EVENTS_CHAIN ? chainAnchor(db)?.hash : undefined) ?? GENESIS;
  // In chunks: better-sqlite3 runs no other statement while one is being iterated.
  const chunk = db.prepare(`SELECT ${chain.columns.join(', ')} FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT 5000`);
  for (let after = 0; ; ) {
    const rows = chunk.all(after) as Array<Record<string, unknown>>;
    if (rows.length === 0) break;
    for (const r of rows) {
      prev = rowHash(chain, prev, r);
      update.run(prev, r[key]);
    }
    after = rows[rows.length - 1]![key] as number;
  }
  db.exec(`CREATE TRIGGER ${noUpdate.name} BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${noUpdate.message}'); END;`);
}

/** Migration: the hash column, filled for the events already stored. */
export function chainMigration(db: Db): void {
  db.exec(`ALTER TABLE events ADD COLUMN hash BLOB`);
  rechain(db);
}

/** Migration: the audit log chained like the events, its rows so far hashed. */
export function auditChainMigration(db: Db): void {
  db.exec(`ALTER TABLE audit_log ADD COLUMN hash BLOB`);
  rechain(db, AUDIT_CHAIN);
}
