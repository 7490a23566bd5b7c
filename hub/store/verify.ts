// `hall verify`: walks the supervision log's hash chain (hub/store/chain.ts) through a hall's archive
// files and its live file (or one backup file) and names the first event that does not match; then the
// security audit log's chain (same code, AUDIT_CHAIN) in the live file (or the backup) and names its
// first row that does not match.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_CHAIN, CHAIN_COLUMNS, GENESIS, chainAnchor, eventHash, rowHash, type ChainedRow } from './chain.js';
import { DB_FILE, type Db } from './database.js';

export const ARCHIVE_DIR = 'archive';

export interface FileReport {
  file: string;
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Where the file's chain starts when its earlier events are in an archive (not in this check). */
  anchoredAt?: number;
}

export interface VerifyReport {
  ok: boolean;
  files: FileReport[];
  /** The last event checked: note its seq and hash somewhere else (a log upstream, paper) to notice a cut tail. */
  head: { seq: number; hash: string } | null;
  /** The security audit log's chain (the live file's, or the one file's): its rows and last row. */
  audit?: { file: string; rows: number; head: { id: number; hash: string } | null };
  /** The first bad event, or (`log: 'audit'`, `seq` the row's id) the first bad audit row. */
  failure?: { file: string; log?: 'events' | 'audit'; seq: number; type?: string; at?: number; reason: string };
}

type Row = ChainedRow & { hash: Buffer | null };

/** The files of a data directory in chain order: its archives (oldest first), then the live file. */
export function chainFiles(dataDir: string): string[] {
  const dir = join(dataDir, ARCHIVE_DIR);
  const archives = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d{4}(-\d{2})?\.sqlite$/.test(f)).sort().map((f) => join(dir, f)) : [];
  return [...archives, join(dataDir, DB_FILE)];
}

/**
 * Checks one open database's events, chaining on from `prev` (null: from the file's own anchor or
 * genesis). `pause` lets a caller on the hub's event loop yield between chunks.
 */
export async function verifyDb(
  db: Db,
  file: string,
  prev: { seq: number; hash: Buffer } | null,
  pause?: () => Promise<void>,
): Promise<{ report: FileReport; head: { seq: number; hash: Buffer } | null; failure?: VerifyReport['failure'] }> {
  const report: FileReport = { file, events: 0, firstSeq: null, lastSeq: null };
  let head = prev;
  if (!head) {
    const anchor = chainAnchor(db);
    if (anchor) report.anchoredAt = anchor.seq;
    head = anchor ?? { seq: 0, hash: GENESIS };
  }
  const chunk = db.prepare(`SELECT ${CHAIN_COLUMNS}, hash FROM events WHERE seq > ? ORDER BY seq LIMIT 5000`);
  // From where the chain stands: rows up to an archive anchor are archived (and on their way out).
  for (let after = head.seq; ; ) {
    const rows = chunk.all(after) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const fail = (reason: string) => ({ report, head, failure: { file, seq: r.seq, type: r.type, at: r.at, reason } });
      if (r.seq !== head.seq + 1)
        return { report, head, failure: { file, seq: head.seq + 1, reason: `event ${head.seq + 1} is missing (the next stored event is ${r.seq})` } };
      if (!r.hash) return fail(`event ${r.seq} has no hash`);
      const expected = eventHash(head.hash, r);
      if (!expected.equals(r.hash)) return fail(`event ${r.seq} (${r.type}) does not match its hash: it was changed, or an event before it was`);
      head = { seq: r.seq, hash: r.hash };
      report.events++;
      report.firstSeq ??= r.seq;
      report.lastSeq = r.seq;
    }
    after = rows[rows.length - 1]!.seq;
    await pause?.();
  }
  return { report, head };
}

/**
 * Checks one file's security audit log (hub/security/audit.ts): every row's hash chained from
 * genesis. A file without the table (an archive) has nothing to check.
 */
export async function verifyAudit(
  db: Db,
  file: string,
  pause?: () => Promise<void>,
): Promise<{ rows: number; head: { id: number; hash: Buffer } | null; failure?: VerifyReport['failure'] } | undefined> {
  const hasHash = db.prepare(`SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'hash'`).get();
  if (!hasHash) return undefined;
  const chunk = db.prepare(`SELECT ${AUDIT_CHAIN.columns.join(', ')}, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000`);
  let head: { id: number; hash: Buffer } = { id: 0, hash: GENESIS };
  let rows = 0;
  for (let after = 0; ; ) {
    const chunkRows = chunk.all(after) as Array<{ id: number; at: number; type: string; hash: Buffer | null }>;
    if (chunkRows.length === 0) break;
    for (const r of chunkRows) {
      const fail = (reason: string) => ({ rows, head: head.id ? head : null, failure: { file, log: 'audit' as const, seq: r.id, type: r.type, at: r.at, reason } });
      if (r.id !== head.id + 1)
        return { rows, head: head.id ? head : null, failure: { file, log: 'audit' as const, seq: head.id + 1, reason: `audit row ${head.id + 1} is missing (the next stored row is ${r.id})` } };
      if (!r.hash) return fail(`audit row ${r.id} has no hash`);
      if (!rowHash(AUDIT_CHAIN, head.hash, r).equals(r.hash)) return fail(`audit row ${r.id} (${r.type}) does not match its hash: it was changed, or a row before it was`);
      head = { id: r.id, hash: r.hash };
      rows++;
    }
    after = chunkRows[chunkRows.length - 1]!.id;
    await pause?.();
  }
  return { rows, head: head.id ? head : null };
}

/** Opens a hall file read-only for checking; a file held by a running hub cannot be read from outside. */
export function openReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
  try {
    db.prepare('SELECT 1 FROM events LIMIT 1').get();
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw Object.assign(new Error(`${file} is held by a running hub`), { code: 'STORE_LOCKED' });
    throw e;
  }
  return db;
}

/**
 * Verifies a data directory (its archives, then the live file, one chain across them) or one file (a
 * store or a backup: its own chain from its anchor). `open` lets the hub pass its own connection for
 * the live file.
 */
export async function verifyPath(path: string, options: { open?: (file: string) => Db | undefined; pause?: () => Promise<void> } = {}): Promise<VerifyReport> {
  const files = statSync(path).isDirectory() ? chainFiles(path) : [path];
  const report: VerifyReport = { ok: true, files: [], head: null };
  let prev: { seq: number; hash: Buffer } | null = null;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const own = options.open?.(file);
    const db = own ?? openReadOnly(file);
    try {
      // Across files, the next file's anchor must be where the chain stood.
      if (prev) {
        const anchor = chainAnchor(db);
        if (anchor && (anchor.seq !== prev.seq || !anchor.hash.equals(prev.hash))) {
          report.ok = false;
          report.failure = { file, seq: anchor.seq, reason: `this file starts after event ${anchor.seq}, but the file before it ends at event ${prev.seq} with another hash` };
          return report;
        }
      }
      const r = await verifyDb(db, file, prev, options.pause);
      report.files.push(r.report);
      if (r.failure) {
        report.ok = false;
        report.failure = { ...r.failure, log: 'events' };
        return report;
      }
      prev = r.head;
      // The audit log lives in the live file (a backup has it too); archives hold events only.
      const audit = await verifyAudit(db, file, options.pause);
      if (audit) {
        report.audit = { file, rows: audit.rows, head: audit.head ? { id: audit.head.id, hash: audit.head.hash.toString('hex') } : null };
        if (audit.failure) {
          report.ok = false;
          report.failure = audit.failure;
          return report;
        }
      }
    } finally {
      if (!own) db.close();
    }
  }
  report.head = prev && prev.seq > 0 ? { seq: prev.seq, hash: prev.hash.toString('hex') } : null;
  return report;
}
