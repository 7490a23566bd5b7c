// The store's size (issue 12): database bytes per ticket issued, called, started, finished and rated
// through the API, everything included (events, the ticket row, rating rows, the outbox, the print
// journal, indexes), beside the same hall history written in the format before issue 12 ("today's
// format" on main when the issue was filed), measured in the same run.
//
//   npm run bench:store        (HALL_BENCH_STORE_N=… tickets, default 400)
import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from '../hub/store/database.js';
import { startTestHub, tempDir } from '../tests/support/hub.js';
import { writeLegacyStore } from '../tests/support/legacy-store.js';
import { serveAndRate } from '../tests/support/ticket-workload.js';

const N = Number(process.env.HALL_BENCH_STORE_N ?? 400);

/** Bytes the database uses: its pages less the free ones (a file keeps freed pages for reuse). */
function usedBytes(file: string, open?: Database.Database): { used: number; file: number; tables: Map<string, number> } {
  const db = open ?? new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const used = ((db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number)) * pageSize;
  const tables = new Map<string, number>();
  try {
    for (const r of db.prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name`).all() as { name: string; bytes: number }[]) tables.set(r.name, r.bytes);
  } catch {
    /* dbstat not compiled in: totals only */
  }
  if (!open) db.close();
  return { used, file: statSync(file).size, tables };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function bytesPerTicket(): Promise<void> {
  const dir = tempDir('hall-store-bench-');
  const legacyDir = tempDir('hall-store-bench-legacy-');
  try {
    const hub = await startTestHub({ dataDir: dir });
    const staff = await hub.login('1001', '1');
    // One ticket first, so that the day's one-off rows (sessions, counters, config) are in the baseline.
    await serveAndRate(hub.api, staff, 1);
    const snapshot = (name: string) => {
      hub.hall.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const legacy = join(legacyDir, name);
      writeLegacyStore(hub.hall.store, legacy);
      return { now: usedBytes(join(dir, DB_FILE), hub.hall.store.db), legacy: usedBytes(legacy) };
    };
    const before = snapshot('before.sqlite');
    await serveAndRate(hub.api, staff, N);
    const after = snapshot('after.sqlite');
    await hub.stop();
    const per = (a: number, b: number) => Math.round((a - b) / N);
    console.log(`\nstore: database bytes per ticket issued, called, started, finished and rated via the API (${N} tickets)`);
    console.log(`  ${'format'.padEnd(34)}${'bytes/ticket'.padStart(14)}`);
    console.log(`  ${"before issue 12 (whole copies)".padEnd(34)}${String(per(after.legacy.used, before.legacy.used)).padStart(14)}`);
    console.log(`  ${'now (compact, chained)'.padEnd(34)}${String(per(after.now.used, before.now.used)).padStart(14)}    goal ≤ 2000`);
    if (after.now.tables.size) {
      console.log(`\n  per table and index, bytes/ticket     before   now`);
      const names = new Set([...after.now.tables.keys(), ...after.legacy.tables.keys()]);
      for (const name of [...names].sort()) {
        const was = per(after.legacy.tables.get(name) ?? 0, before.legacy.tables.get(name) ?? 0);
        const is = per(after.now.tables.get(name) ?? 0, before.now.tables.get(name) ?? 0);
        if (was || is) console.log(`  ${name.padEnd(34)}${String(was).padStart(8)}${String(is).padStart(6)}`);
      }
    }
    console.log(`  live file ${kb(after.now.file)} (legacy ${kb(after.legacy.file)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(legacyDir, { recursive: true, force: true });
  }
}

await bytesPerTicket();
