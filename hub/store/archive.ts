// Archives: a closed year (or month) of the hall moves out of the live file into a read-only
// file of its own, data/archive/2025.sqlite (or 2025-03.sqlite), so the live file stays the size of the
// recent past. An archive holds the period's events (the chain goes on across the boundary: the live
// file's anchor is the archive's last hash), tickets and rating outcomes; reports read a day of an
// archived period from its archive, and `hall verify DATA_DIR` checks archives then the live file.
// The cut is a day.rolled event: everything before the first roll into the next period is archived,
// so no open ticket is split from its events.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { HallConfig } from '../config/schema.js';
import { chainAnchor, GENESIS } from './chain.js';
import type { Db } from './database.js';
import type { HallStore } from './hall-store.js';
import { ARCHIVE_DIR, verifyDb } from './verify.js';

const ARCHIVED_TABLES = ['events', 'tickets', 'rating_outcomes'] as const;
const CHUNK = 5000;
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** The period a business day belongs to: "2025" or "2025-03". */
export function periodOf(day: string, period: 'year' | 'month'): string {
  return period === 'year' ? day.slice(0, 4) : day.slice(0, 7);
}

/** The first day after a period. */
function nextPeriodStart(p: string): string {
  if (p.length === 4) return `${Number(p) + 1}-01-01`;
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function addMonths(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + months;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
}

export interface Archived {
  period: string;
  file: string;
  events: number;
  tickets: number;
  throughSeq: number;
}

/** Moves every closed period (ended `keepLiveMonths` months before today's business day) to its archive file. */
export async function archiveClosedPeriods(store: HallStore, dataDir: string, config: HallConfig, _now: number, log?: Logger): Promise<Archived[]> {
  const kind = config.archive.period;
  if (kind === 'off') return [];
  const db = store.db;
  const today = store.getHall('business_day');
  if (!today) return [];
  const done: Archived[] = [];
  for (;;) {
    const oldest = db.prepare(`SELECT MIN(business_day) FROM tickets`).pluck().get() as string | null;
    if (!oldest) break;
    const p = periodOf(oldest, kind);
    const next = nextPeriodStart(p);
    if (addMonths(next, config.archive.keepLiveMonths) > today) break;
    // The cut: the first roll into a later period (none yet: the hub has not seen that day begin).
    const roll = db.prepare(`SELECT MIN(seq) FROM events WHERE type = 'day.rolled' AND json_extract(payload, '$.to') >= ?`).pluck().get(next) as number | null;
    if (!roll) break;
    done.push(await archivePeriod(store, dataDir, p, next, roll - 1));
    log?.info(done[done.length - 1], 'archived');
  }
  return done;
}

async function archivePeriod(store: HallStore, dataDir: string, period: string, next: string, throughSeq: number): Promise<Archived> {
  const db = store.db;
  const dir = join(dataDir, ARCHIVE_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${period}.sqlite`);
  const anchor = chainAnchor(db) ?? { seq: 0, hash: GENESIS };
  if (!existsSync(file)) await writeArchive(db, file, next, anchor, throughSeq);
  // The archive is whole and verified: from here the live file starts after it.
  const a = new Database(file, { readonly: true });
  const last = a.prepare(`SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: Buffer } | undefined;
  const counts = { events: a.prepare(`SELECT COUNT(*) FROM events`).pluck().get() as number, tickets: a.prepare(`SELECT COUNT(*) FROM tickets`).pluck().get() as number };
  a.close();
  if (last && last.seq > anchor.seq) store.setHall('chain_anchor', JSON.stringify({ seq: last.seq, hash: last.hash.toString('hex') }));
  // Out of the live file, a chunk at a time (the trigger lets only events up to the anchor go).
  const del = [
    db.prepare(`DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? LIMIT ${CHUNK})`),
    db.prepare(`DELETE FROM tickets WHERE rowid IN (SELECT rowid FROM tickets WHERE business_day < ? LIMIT ${CHUNK})`),
    db.prepare(`DELETE FROM rating_outcomes WHERE rowid IN (SELECT rowid FROM rating_outcomes WHERE business_day < ? LIMIT ${CHUNK})`),
  ] as const;
  for (const [i, stmt] of del.entries()) {
    while (stmt.run(i === 0 ? throughSeq : next).changes > 0) await nextTurn();
  }
  db.pragma('incremental_vacuum');
  return { period, file, ...counts, throughSeq };
}

async function writeArchive(db: Db, file: string, next: string, anchor: { seq: number; hash: Buffer }, throughSeq: number): Promise<void> {
  const part = `${file}.part`;
  rmSync(part, { force: true });
  const schema = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND tbl_name IN (${ARCHIVED_TABLES.map(() => '?').join(', ')}) AND sql IS NOT NULL`).all(...ARCHIVED_TABLES) as { name: string; sql: string }[];
  const a = new Database(part);
  a.pragma('journal_mode = DELETE');
  a.exec(schema.map((s) => s.sql).join(';\n'));
  a.exec(`CREATE TABLE hall (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  if (anchor.seq > 0) a.prepare(`INSERT INTO hall (key, value) VALUES ('chain_anchor', ?)`).run(JSON.stringify({ seq: anchor.seq, hash: anchor.hash.toString('hex') }));
  a.prepare(`INSERT INTO hall (key, value) VALUES ('archive_before_day', ?)`).run(next);
  // Copied a chunk at a time through the hub's connection (the only one that can read the live file).
  const copy = (table: string, where: string, arg: string | number) => {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).join(', ');
    const read = db.prepare(`SELECT rowid AS _r, ${cols} FROM ${table} WHERE ${where} AND rowid > ? ORDER BY rowid LIMIT ${CHUNK}`);
    const write = a.prepare(`INSERT INTO ${table} (rowid, ${cols}) VALUES (${['?', ...cols.split(', ').map(() => '?')].join(', ')})`);
    return async () => {
      for (let after = -1; ; ) {
        const rows = read.raw().all(arg, after) as unknown[][];
        if (rows.length === 0) break;
        a.transaction(() => {
          for (const r of rows) write.run(...(r as never[]));
        })();
        after = rows[rows.length - 1]![0] as number;
        await nextTurn();
      }
    };
  };
  await copy('events', `seq > ${anchor.seq} AND seq <= ?`, throughSeq)();
  await copy('tickets', 'business_day < ?', next)();
  await copy('rating_outcomes', 'business_day < ?', next)();
  const check = await verifyDb(a, part, anchor.seq > 0 ? anchor : null);
  if (check.failure) {
    a.close();
    rmSync(part, { force: true });
    throw new Error(`the archive does not verify: ${check.failure.reason}`);
  }
  a.close();
  chmodSync(part, 0o400);
  renameSync(part, file);
}

/** Read-only archive connections by period, opened on first use (reports of archived days). */
const readers = new WeakMap<Db, { dataDir: string; kind: () => 'year' | 'month' | 'off'; open: Map<string, Db | null> }>();

export function registerArchives(db: Db, dataDir: string, kind: () => 'year' | 'month' | 'off'): void {
  readers.set(db, { dataDir, kind, open: new Map() });
}

/** The archive holding a business day, if that day was archived. */
export function archiveFor(db: Db, day: string): Db | undefined {
  const r = readers.get(db);
  if (!r) return undefined;
  for (const p of [day.slice(0, 4), day.slice(0, 7)]) {
    if (!r.open.has(p)) {
      const file = join(r.dataDir, ARCHIVE_DIR, `${p}.sqlite`);
      r.open.set(p, existsSync(file) ? new Database(file, { readonly: true }) : null);
    }
    const a = r.open.get(p);
    if (a) return a;
  }
  return undefined;
}
