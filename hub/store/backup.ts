// Backups of a hall's live file: SQLite's online backup API through the hub's own connection
// (the file is opened locking_mode=EXCLUSIVE, so no outside tool can read it while the hub runs). The
// copy is taken a few pages at a time between the hub's other work, so calls go on; pages the hub
// writes meanwhile go into the copy too (same connection), and the result is the database as of the
// last commit before it finished. Written to FILE.part, made a self-contained file (no WAL), 0600, then
// renamed: a FILE that exists is whole.
import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database.js';

export interface BackupResult {
  file: string;
  bytes: number;
  lastSeq: number;
  ms: number;
}

export async function backupTo(db: Db, file: string): Promise<BackupResult> {
  const started = Date.now();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const part = `${file}.part`;
  rmSync(part, { force: true });
  try {
    await db.backup(part);
    chmodSync(part, 0o600);
    const copy = new Database(part);
    const lastSeq = copy.prepare(`SELECT COALESCE(MAX(seq), 0) FROM events`).pluck().get() as number;
    copy.pragma('journal_mode = DELETE');
    copy.close();
    renameSync(part, file);
    return { file, bytes: statSync(file).size, lastSeq, ms: Date.now() - started };
  } catch (e) {
    rmSync(part, { force: true });
    rmSync(`${part}-wal`, { force: true });
    rmSync(`${part}-shm`, { force: true });
    throw e;
  }
}
