// The store's size: database bytes per ticket issued, called, started, finished and rated
// through the API, everything included (events, the ticket row, rating rows, the outbox, the print
// journal, indexes), beside the same hall history written in the earlier format (whole copies) ("today's
// format" on main when the issue was filed), measured in the same run.
//
//   npm run bench:store        (HALL_BENCH_STORE_N=… tickets, default 400; HALL_BENCH_YEARS_PER_DAY=…, default 5)
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
// The test hub holds a test's answers to the OpenAPI contract by asking vitest which test runs: outside
// vitest there is none to ask (and a bench is not held to it), so the check is off here.
process.env.HALL_CONTRACT ??= 'off';

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
    console.log(`  ${"earlier format (whole copies)".padEnd(34)}${String(per(after.legacy.used, before.legacy.used)).padStart(14)}`);
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

/**
 * Three years of a hall compressed: HALL_BENCH_YEARS_PER_DAY tickets a day (default 5: a fsync per commit makes more slow) issued, called,
 * served and rated through the hall (engine + store, no HTTP), the nightly work (housekeeping, archiving
 * of closed years) run each night. Prints the live file and the archives at the end, and the live file
 * a 1,000-ticket-a-day hall would have (bytes per ticket × the tickets the live file holds, scaled).
 */
async function threeYears(): Promise<void> {
  const perDay = Number(process.env.HALL_BENCH_YEARS_PER_DAY ?? 5);
  const dir = tempDir('hall-store-bench-years-');
  try {
    const { ManualClock } = await import('../hub/clock.js');
    const { Hall } = await import('../hub/hall.js');
    const { HallStore } = await import('../hub/store/hall-store.js');
    const { openDatabase } = await import('../hub/store/database.js');
    const { archiveClosedPeriods } = await import('../hub/store/archive.js');
    const { verifyPath } = await import('../hub/store/verify.js');
    const pino = (await import('pino')).default;
    const { readdirSync } = await import('node:fs');
    const config = demoHallConfig();
    config.archive = { period: 'year', keepLiveMonths: 1 };
    const clock = new ManualClock(Date.UTC(2024, 0, 1, 1, 0));
    const store = new HallStore(openDatabase(dir));
    const hall = new Hall({ store, config, configSource: 'bench', clock, log: pino({ level: 'silent' }) });
    const staff = { kind: 'staff' as const, id: '1001' };
    const kiosk = { kind: 'device' as const, id: 'kiosk-1' };
    const days = 3 * 365;
    const started = Date.now();
    for (let day = 0; day < days; day++) {
      clock.set(Date.UTC(2024, 0, 1, 1, 0) + day * 86_400_000);
      hall.execute({ type: 'tick' }, { kind: 'system', id: 'hub' });
      hall.execute({ type: 'login', counterId: '1', staffNo: '1001' }, staff);
      for (let i = 0; i < perDay; i++) {
        clock.advance(60_000);
        const [t] = hall.execute({ type: 'issue', serviceId: 'social-security' }, kiosk);
        hall.execute({ type: 'call-next', counterId: '1' }, staff);
        hall.execute({ type: 'start', counterId: '1' }, staff);
        clock.advance(240_000);
        hall.execute({ type: 'finish', counterId: '1' }, staff);
        const id = (t as { ticket: { id: string } }).ticket.id;
        hall.execute({ type: 'rate', ticketId: id, rating: { score: 5, items: null, reasons: [], comment: null, source: 'pad' } }, { kind: 'device', id: 'pad-1' });
      }
      hall.execute({ type: 'logout', counterId: '1' }, staff);
      await archiveClosedPeriods(store, dir, hall.config, clock.now());
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const live = usedBytes(join(dir, DB_FILE), store.db);
    const liveTickets = store.db.prepare(`SELECT COUNT(*) FROM tickets`).pluck().get() as number;
    const report = await verifyPath(dir, { open: (f) => (f === join(dir, DB_FILE) ? store.db : undefined) });
    hall.close();
    const archives = readdirSync(join(dir, 'archive')).map((f) => ({ f, bytes: statSync(join(dir, 'archive', f)).size }));
    console.log(`
store: three years compressed (${perDay} tickets a day, ${days} days, archives by year; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    console.log(`  live file     ${kb(live.file)} (${liveTickets} tickets live, ${kb(live.used)} used)`);
    for (const a of archives) console.log(`  archive/${a.f.padEnd(12)} ${kb(a.bytes)}`);
    console.log(`  verify        ${report.ok ? `ok, ${report.files.length} files, chain to event ${report.head?.seq}` : `FAILED ${report.failure?.reason}`}`);
    const perTicket = live.used / Math.max(1, liveTickets);
    console.log(`  at 1,000 tickets a day the live file holds ≤ 13 months: ≈ ${(perTicket * 1000 * 396 / 1024 ** 3).toFixed(2)} GiB (without archives: ≈ ${(perTicket * 1000 * days / 1024 ** 3).toFixed(2)} GiB after 3 years)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await bytesPerTicket();
await threeYears();
