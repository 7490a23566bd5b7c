// The central's connection to PostgreSQL (node-postgres pool) and its schema migrations.
import pg from 'pg';
import { centralMigrations } from './migrations.js';

// bigint columns (seqs, epoch ms) come back as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// A date is a business day, 'YYYY-MM-DD', not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'hall-central' });
  // An idle client losing its connection (the database restarted) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Applies the migrations not yet run, each in its own transaction, under an advisory lock so that two
 * centrals starting together on one database do not both run them. Returns how many ran.
 */
export async function migrate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7716001)');
    await client.query('CREATE TABLE IF NOT EXISTS central_migrations (id integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ id: number }>('SELECT id FROM central_migrations')).rows.map((r) => r.id));
    let ran = 0;
    for (const [i, sql] of centralMigrations.entries()) {
      const id = i + 1;
      if (done.has(id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO central_migrations (id) VALUES ($1)', [id]);
        await client.query('COMMIT');
        ran++;
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
    return ran;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7716001)').catch(() => {});
    client.release();
  }
}
