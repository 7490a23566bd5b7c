// The city central under a province-sized load, in a real PostgreSQL (a throwaway cluster from Debian's
// postgresql, default durable settings: fsync and synchronous_commit on). Not a test: it prints figures,
// each beside a baseline measured in the same run on the same machine (shared and noisy: read ratios).
//
//   npm run bench:central     (CENTRAL_BENCH_HALLS=200 CENTRAL_BENCH_TICKETS=100 CENTRAL_BENCH_CONCURRENCY=8)
//
// 1. A compressed busy day of HALLS simulated halls (TICKETS tickets each: issued, called, started,
//    finished, most rated, with the counter events between) shipped as hubs ship it: batches of 500
//    over HTTP into the central (zod, ingest with its projections, one transaction per batch), halls in
//    parallel. Beside it: the same events through ingest() without HTTP, and a bare batched INSERT of the
//    same rows (multi-row unnest, no projections, no HTTP) into a table with the same key: the floor.
// 2. A year of per-day aggregates for 30 halls (16 services each) and the city report over it.
// 3. The public page's JSON for all the halls: the one computation per second every phone shares.
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { addHall } from '../central/accounts.js';
import { citySnapshot, publicCity } from '../central/city-view.js';
import { inTransaction } from '../central/db.js';
import { ingest, type IngestBody } from '../central/ingest.js';
import { cityReport } from '../central/reports.js';
import { startCentral } from '../central/server.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { shippedConfig, ticketKey, type ShippedEvent } from '../hub/upstream/sanitize.js';
import { startPgCluster } from '../tests/support/postgres.js';
import { seedCityYear } from './city-year.js';
import { median } from '../shared/percentile.js';

const HALLS = Number(process.env.CENTRAL_BENCH_HALLS ?? 200);
const TICKETS = Number(process.env.CENTRAL_BENCH_TICKETS ?? 100);
const CONCURRENCY = Number(process.env.CENTRAL_BENCH_CONCURRENCY ?? 8);
const BATCH = 500;
const DAY = '2026-11-23';
const T0 = Date.UTC(2026, 10, 23, 1, 0);

const config = shippedConfig(demoHallConfig({ realHours: true }));
const SERVICES = (config.services as { id: string }[]).map((s) => s.id);

/** One hall's busy day as its shipper would send it (already sanitised). Halls differ in size. */
function hallDay(hallId: string, n: number): ShippedEvent[] {
  const events: ShippedEvent[] = [];
  const push = (at: number, type: string, rest: Record<string, unknown>, actor = { kind: 'system', id: 'hub' }) => events.push({ seq: events.length + 1, at, type, actor, ...rest });
  push(T0, 'config.changed', { config, source: 'file' });
  const counters = 16;
  for (let c = 1; c <= counters; c++)
    push(T0 + c, 'counter.state', { counter: { id: String(c), zone: 'F1', state: 'idle', staffNo: String(1000 + c), ticketKey: null, paused: false, since: T0 + c }, cause: 'login' }, { kind: 'staff', id: String(1000 + c) });
  // A compressed day: tickets issued through the morning, each served a while later at some counter.
  const span = 7 * 3_600_000;
  for (let i = 0; i < n; i++) {
    const issuedAt = T0 + Math.floor((i / n) * span);
    const serviceId = SERVICES[i % SERVICES.length]!;
    const counter = String((i % counters) + 1);
    const staffNo = String(1000 + (i % counters) + 1);
    const key = ticketKey(hallId, `ticket-${i}`);
    const ticket = (state: string, calledAt: number | null, startedAt: number | null, finishedAt: number | null, rating: unknown = null) => ({
      key, number: `A${String(i + 1).padStart(3, '0')}`, serviceId, zone: 'F1', businessDay: DAY, seq: i + 1, priority: 'normal', channel: 'kiosk', state,
      issuedAt, calledAt, lastCalledAt: calledAt, startedAt, finishedAt, counterId: calledAt ? counter : null, staffNo: calledAt ? staffNo : null,
      recalls: 0, requeues: 0, transfers: 0, appointment: null, cancelled: false, rating,
    });
    const called = issuedAt + 60_000 * (5 + (i % 25));
    const started = called + 30_000;
    const finished = started + 60_000 * (5 + (i % 10));
    const staff = { kind: 'staff', id: staffNo };
    push(issuedAt, 'ticket.issued', { ticket: ticket('waiting', null, null, null) }, { kind: 'device', id: 'kiosk-1' });
    push(called, 'ticket.called', { ticket: ticket('called', called, null, null), how: 'next' }, staff);
    push(called, 'counter.state', { counter: { id: counter, zone: 'F1', state: 'calling', staffNo, ticketKey: key, paused: false, since: called }, cause: 'call' }, staff);
    push(started, 'ticket.started', { ticket: ticket('serving', called, started, null) }, staff);
    push(finished, 'ticket.finished', { ticket: ticket('done', called, started, finished) }, staff);
    push(finished, 'counter.state', { counter: { id: counter, zone: 'F1', state: 'idle', staffNo, ticketKey: null, paused: false, since: finished }, cause: 'finish' }, staff);
    if (i % 10 < 7) {
      const score = i % 17 === 0 ? 2 : 5;
      push(finished + 20_000, 'ticket.rated', { ticket: ticket('done', called, started, finished, { score, items: null, reasons: score < 3 ? ['slow'] : [], at: finished + 20_000, source: 'pad', hasComment: false }) }, { kind: 'device', id: 'pad-1' });
    }
  }
  return events;
}

function batches(events: ShippedEvent[]): ShippedEvent[][] {
  const out: ShippedEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) out.push(events.slice(i, i + BATCH));
  return out;
}

/** Runs `work` for every hall, CONCURRENCY halls at a time (each hall's batches in order). */
async function perHall(halls: string[], work: (hallId: string) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < halls.length) await work(halls[next++]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

const rows: string[][] = [];
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const cluster = await startPgCluster();
try {
  const log = pino({ level: 'silent' });
  const ids = (p: string) => Array.from({ length: HALLS }, (_, i) => `${p}-${String(i + 1).padStart(3, '0')}`);
  // Halls of three sizes: every tenth a district centre (3×), the rest townships and villages.
  const size = (i: number) => (i % 10 === 0 ? TICKETS * 3 : i % 3 === 0 ? Math.ceil(TICKETS / 3) : TICKETS);
  const days = new Map<string, ShippedEvent[]>();
  for (const [prefix] of [['http'], ['direct'], ['bare']]) ids(prefix!).forEach((id, i) => days.set(id, hallDay(id, size(i))));
  const perRun = [...days.entries()].filter(([k]) => k.startsWith('http-')).reduce((a, [, e]) => a + e.length, 0);

  const db = cluster.createDatabase('central_bench');
  const central = await startCentral({ db, port: 0, host: '127.0.0.1', log });
  const tokens = new Map<string, string>();
  for (const id of [...ids('http'), ...ids('direct')]) tokens.set(id, (await addHall(central.pool, { id, name: id, tier: id.endsWith('0') ? 'district' : 'township' }))!);
  await central.pool.query('CREATE TABLE events_bare (hall_id text NOT NULL, seq bigint NOT NULL, at bigint NOT NULL, type text NOT NULL, payload jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (hall_id, seq))');

  const hub = (events: ShippedEvent[]): IngestBody['hub'] => ({ lastSeq: events.at(-1)!.seq, now: Date.now(), followupsOverdue: 0, devicesFaulty: 0 });
  const bare = await perHall(ids('bare'), async (id) => {
    for (const b of batches(days.get(id)!))
      await inTransaction(central.pool, (c) =>
        c.query(`INSERT INTO events_bare (hall_id, seq, at, type, payload) SELECT $1, s, a, t, p FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::jsonb[]) AS u(s, a, t, p) ON CONFLICT DO NOTHING`, [
          id, b.map((e) => e.seq), b.map((e) => e.at), b.map((e) => e.type), b.map((e) => JSON.stringify(e)),
        ]),
      );
  });
  const direct = await perHall(ids('direct'), async (id) => {
    const all = days.get(id)!;
    for (const b of batches(all)) await ingest(central.pool, id, { hub: hub(all), events: b });
  });
  const http = await perHall(ids('http'), async (id) => {
    const all = days.get(id)!;
    for (const b of batches(all)) {
      const res = await fetch(`${central.url}/api/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(id)}` }, body: JSON.stringify({ hub: hub(all), events: b }) });
      if (!res.ok) throw new Error(`ingest ${id}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  });
  const check = (await central.pool.query(`SELECT count(*)::int AS n FROM events WHERE hall_id LIKE 'http-%'`)).rows[0].n;
  if (check !== perRun) throw new Error(`stored ${check} of ${perRun} events`);
  rows.push([`ship a busy day: ${HALLS} halls over HTTP (batches of ${BATCH}, ${CONCURRENCY} halls at once)`, fmt(perRun / http), fmt(http, 1), `${fmt((perRun / http / (perRun / bare)) * 100)}% of bare INSERT`]);
  rows.push(['  the same through ingest() without HTTP', fmt(perRun / direct), fmt(direct, 1), `${fmt((perRun / direct / (perRun / bare)) * 100)}% of bare INSERT`]);
  rows.push(['  bare batched INSERT of the same rows (floor)', fmt(perRun / bare), fmt(bare, 1), 'baseline']);
  const bytes = (await central.pool.query(`SELECT pg_total_relation_size('events')::float8 AS b`)).rows[0].b as number;
  const evRows = (await central.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n as number;

  // A year of aggregates for 30 halls × 16 services, beside the year's report.
  const { dayRows: statRows } = await seedCityYear(central.pool);
  const timeReport = async (from: string, to: string, by: 'service' | 'hall' | 'tier' | 'day') => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await cityReport(central.pool, { from, to, by, halls: undefined, tier: undefined });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  for (const by of ['service', 'hall', 'tier'] as const) {
    const t = await timeReport('2025-01-01', '2025-12-31', by);
    rows.push([`city report, a year × 30 halls (${fmt(statRows)} day rows), by ${by}`, fmt(1000 / t, 1), fmt(t / 1000, 3), 'median of 5']);
  }
  const ragged = await timeReport('2025-01-15', '2025-12-20', 'hall');
  rows.push(['  the same by hall, 15 Jan … 20 Dec (months + 36 edge days)', fmt(1000 / ragged, 1), fmt(ragged / 1000, 3), 'median of 5']);
  const byDay = await timeReport('2025-01-01', '2025-12-31', 'day');
  rows.push(['  the same by day (one row per hall and day: hall_day_stats)', fmt(1000 / byDay, 1), fmt(byDay / 1000, 3), 'median of 5']);
  const snap: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    JSON.stringify(publicCity(await citySnapshot(central.pool)));
    snap.push(performance.now() - t);
  }
  rows.push([`public city JSON for ${HALLS * 2 + 30} halls, whole recomputation (the cache rebuilds changed halls only: bench:city-public)`, fmt(1000 / median(snap), 1), fmt(median(snap) / 1000, 3), 'median of 5']);
  await central.close();

  const header = ['what', 'events/s or runs/s', 'seconds', 'beside'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`hall central bench — PostgreSQL in a throwaway cluster, ${HALLS} halls, ${fmt(perRun)} events a run, node ${process.version}, ${new Date().toISOString()}`);
  console.log(header.map((h, i) => (i === 0 || i === 3 ? h.padEnd(widths[i]!) : h.padStart(widths[i]!))).join('  '));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`storage: events table ${fmt(bytes / evRows)} bytes per event with its key (${fmt(bytes / 1e6, 1)} MB for ${fmt(evRows)} events)`);
} finally {
  cluster.stop();
}
