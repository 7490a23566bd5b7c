// `hall verify`: walks the supervision log's hash chain (hub/store/chain.ts) through a hall's archive
// files and its live file (or one backup file) and names the first event that does not match.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHAIN_COLUMNS, GENESIS, chainAnchor, eventHash, type ChainedRow } from './chain.js';
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
  failure?: { file: string; seq: number; type?: string; at?: number; reason: string };
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
        report.failure = r.failure;
        return report;
      }
      prev = r.head;
    } finally {
      if (!own) db.close();
    }
  }
  report.head = prev && prev.seq > 0 ? { seq: prev.seq, hash: prev.hash.toString('hex') } : null;
  return report;
}
