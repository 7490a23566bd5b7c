// Opening the hall's SQLite file: WAL, full fsync on commit (a citizen holds the number on paper), an
// exclusive lock so that only one hub writes a hall, and the migrations.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_LOCKED' | 'STORE_FAILED' | 'STORE_TOO_NEW',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const DB_FILE = 'hall.sqlite';

/**
 * The data directory is the hall's alone: 0700, and the database created 0600 (SQLite gives its -wal and
 * -shm files the database file's mode). It holds citizens' tickets and ratings, and secrets.
 */
export function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

export function openDatabase(dataDir: string): Db {
  privateDataDir(dataDir);
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file, { timeout: 0 });
  try {
    // Deleted and overwritten rows are zeroed on disk, not left in free space: a rotated PIN's hash,
    // an archived year, an uploaded rating leave the file for real.
    db.pragma('secure_delete = ON');
    // A new file gives free pages back to the file system (PRAGMA incremental_vacuum), so the live file
    // shrinks after an archive; an existing file is switched by the VACUUM after a migration that asks for one.
    if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Held for the life of the process and dropped by the OS if it dies (even by kill -9): a second hub
    // on the same data directory is refused instead of interleaving its numbers with ours.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY')
      throw new StoreError('STORE_LOCKED', `${file} is in use by another hub process; one hall has one hub`);
    throw new StoreError('STORE_FAILED', `cannot open ${file}: ${(e as Error).message}`);
  }
  migrate(db, file);
  return db;
}

function migrate(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length)
    throw new StoreError('STORE_TOO_NEW', `${file} has schema version ${version}; this hub knows ${migrations.length}: upgrade the hub`);
  let vacuum = false;
  for (let v = version; v < migrations.length; v++) {
    const m = migrations[v]!;
    db.transaction(() => {
      if (typeof m === 'string') db.exec(m);
      else m.run(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
    // Only an existing file has old bytes to take out; a new one has nothing to vacuum.
    if (typeof m !== 'string' && m.vacuum && version > 0) vacuum = true;
  }
  if (vacuum) compactFile(db);
}

/** Rewrites the file without free space (and with incremental auto-vacuum from then on), then empties the WAL. */
export function compactFile(db: Db): void {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Whether another connection holds the file's write lock (a running or starting hub): a write
 * transaction that may not wait says so. A missing file is held by nobody.
 */
export function heldByAnother(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = new Database(file, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE; COMMIT;');
    return false;
  } catch {
    return true;
  } finally {
    probe.close();
  }
}
