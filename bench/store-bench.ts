// The store's size (issue 12): database bytes per ticket issued, called, started, finished and rated
// through the API, everything included (events, the ticket row, rating rows, the outbox, the print
// journal, indexes), beside the same hall history written in the format before issue 12 ("today's
// format" on main when the issue was filed), measured in the same run.
//
//   npm run bench:store        (HALL_BENCH_STORE_N=… tickets, default 400)
import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { DB_FILE } from '../hub/store/database.js';
import { pruneDoneRows } from '../hub/store/housekeeping.js';
import { waitForValue } from '../devices/testing/wait.js';
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
    // A provincial 好差评 platform that takes every rating, so that the outbox does its job.
    const platform = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end('{}'));
    });
    await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
    const config = demoHallConfig();
    config.ratingUpload = { url: `http://127.0.0.1:${(platform.address() as AddressInfo).port}/ratings`, timeoutMs: 10_000, retryBaseMs: 50, retryMaxMs: 1000 };
    const hub = await startTestHub({ dataDir: dir, config });
    const staff = await hub.login('1001', '1');
    // One ticket first, so that the day's one-off rows (sessions, counters, config) are in the baseline.
    await serveAndRate(hub.api, staff, 1);
    const snapshot = async (name: string) => {
      const db = hub.hall.store.db;
      // Every rating uploaded, then the nightly housekeeping (as if a week had passed for the outbox rows).
      await waitForValue(async () => db.prepare(`SELECT COUNT(*) FROM rating_outbox WHERE sent_at IS NULL`).pluck().get() as number, (n) => n === 0, 'ratings uploaded', 120_000);
      const legacy = join(legacyDir, name);
      writeLegacyStore(hub.hall.store, legacy);
      pruneDoneRows(db, Date.now(), { sentRatingsMs: 0 });
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { now: usedBytes(join(dir, DB_FILE), hub.hall.store.db), legacy: usedBytes(legacy) };
    };
    const before = await snapshot('before.sqlite');
    // Time passes between requests (ten seconds: 400 tickets stay within one business day), as in a hall: the stored times are then real ones.
    await serveAndRate(hub.api, staff, N, { tick: () => hub.clock.advance(10_000) });
    const after = await snapshot('after.sqlite');
    await hub.stop();
    platform.close();
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
