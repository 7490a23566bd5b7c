// Opening the hall's SQLite file: WAL, full fsync on commit (a citizen holds the number on paper), an
// exclusive lock so that only one hub writes a hall, and the migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
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

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DB_FILE);
  const db = new Database(file, { timeout: 0 });
  try {
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
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
