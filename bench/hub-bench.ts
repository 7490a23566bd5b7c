// Figures for the hub's hot paths, each beside a baseline measured in the same run on the same
// machine (these machines are shared and noisy: read ratios, not absolutes). Not a test: it prints.
//
//   npm run bench            (HALL_BENCH_N=… to change the ticket count)
import Database from 'better-sqlite3';
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ManualClock } from '../hub/clock.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { decide, type Command } from '../hub/engine/engine.js';
import { applyEvent, createState } from '../hub/engine/state.js';
import type { Actor } from '../hub/engine/types.js';
import { Hall } from '../hub/hall.js';
import { startHub } from '../hub/server.js';
import { openDatabase } from '../hub/store/database.js';
import { HallStore } from '../hub/store/hall-store.js';

const N = Number(process.env.HALL_BENCH_N ?? 3000);
const SERVICES = ['social-security', 'medical-insurance', 'household', 'real-estate', 'tax', 'comprehensive', 'business-start', 'construction-permit'];
const COUNTERS = Array.from({ length: 16 }, (_, i) => String(i + 1));
const ACTOR: Actor = { kind: 'system', id: 'bench' };
const log = pino({ level: 'silent' });
const config = demoHallConfig();
const rows: string[][] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function report(name: string, count: number, totalMs: number, latencies: number[], baseline?: { name: string; perSec: number }) {
  const perSec = (count / totalMs) * 1000;
  latencies.sort((a, b) => a - b);
  rows.push([
    name,
    perSec.toFixed(0),
    percentile(latencies, 50).toFixed(3),
    percentile(latencies, 99).toFixed(3),
    baseline ? `${baseline.name}: ${baseline.perSec.toFixed(0)}/s (${(perSec / baseline.perSec).toFixed(2)}×)` : '',
  ]);
  return perSec;
}

/** Runs `fn` `count` times, timing each call. */
function timeSync(count: number, fn: (i: number) => void): { totalMs: number; latencies: number[] } {
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    fn(i);
    latencies.push(performance.now() - s);
  }
  return { totalMs: performance.now() - t0, latencies };
}

function workload(i: number): Command[] {
  return [{ type: 'issue', serviceId: SERVICES[i % SERVICES.length]!, ...(i % 9 === 0 ? { priority: 'green' as const } : {}) }];
}

// 1. The pure engine: decide + apply, no I/O.
function benchEngine() {
  const clock = new ManualClock(Date.now());
  const state = createState(config, clock.now());
  let id = 0;
  const run = (c: Command) => {
    for (const e of decide(state, c, { now: clock.now(), actor: ACTOR, newId: () => `t${++id}` })) applyEvent(state, e);
  };
  COUNTERS.forEach((c) => run({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }));
  const issue = timeSync(N, (i) => workload(i).forEach(run));
  const issuePerSec = report('engine: issue (in memory)', N, issue.totalMs, issue.latencies);
  // Call next with the whole day's queue waiting: the policy scans the waiting tickets.
  const calls = timeSync(N, (i) => {
    const counter = COUNTERS[i % COUNTERS.length]!;
    run({ type: 'call-next', counterId: counter });
    if (state.counters.get(counter)?.ticketId) run({ type: 'finish', counterId: counter });
  });
  report(`engine: call+finish, ${N} queued`, N, calls.totalMs, calls.latencies, { name: 'engine issue', perSec: issuePerSec });
  return state;
}

// 2. The durability floor: one INSERT per transaction with synchronous=FULL, on the same disk.
function benchSqliteBaseline(dir: string): number {
  const db = new Database(join(dir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (data) VALUES (?)');
  const tx = db.transaction((data: string) => insert.run(data));
  const payload = JSON.stringify({ type: 'ticket.issued', ticket: { id: 'x'.repeat(22), number: 'A001', state: 'waiting' } });
  const r = timeSync(N, () => tx(payload));
  db.close();
  return report('baseline: sqlite 1-row tx, FULL sync', N, r.totalMs, r.latencies);
}

// 3. The hall: engine + event log + projections, one transaction per command.
function benchHall(dir: string, floor: number) {
  const clock = new ManualClock(Date.now());
  const hall = new Hall({ store: new HallStore(openDatabase(join(dir, 'hall'))), config, configSource: 'bench', clock, log });
  COUNTERS.forEach((c) => hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, ACTOR));
  const issue = timeSync(N, (i) => workload(i).forEach((c) => hall.execute(c, ACTOR)));
  report('hall: issue (engine + SQLite)', N, issue.totalMs, issue.latencies, { name: 'sqlite floor', perSec: floor });
  const calls = timeSync(N, (i) => {
    const counter = COUNTERS[i % COUNTERS.length]!;
    hall.execute({ type: 'call-next', counterId: counter }, ACTOR);
    if (hall.view.counters.get(counter)?.ticketId) hall.execute({ type: 'finish', counterId: counter }, ACTOR);
  });
  report('hall: call+finish (2 tx)', N, calls.totalMs, calls.latencies, { name: 'sqlite floor', perSec: floor / 2 });
  hall.close();
}

// 4. Over HTTP on loopback with concurrent clients, beside a bare express JSON endpoint.
async function benchHttp(dir: string) {
  const CONCURRENCY = 8;
  const count = Math.min(N, 2000);
  async function drive(url: string, init: (i: number) => RequestInit): Promise<{ totalMs: number; latencies: number[] }> {
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++;
          const s = performance.now();
          const res = await fetch(url, init(i));
          await res.arrayBuffer();
          if (res.status >= 300) throw new Error(`HTTP ${res.status}`);
          latencies.push(performance.now() - s);
        }
      }),
    );
    return { totalMs: performance.now() - t0, latencies };
  }
  const bare = express();
  bare.use(express.json());
  bare.post('/echo', (req, res) => {
    res.status(201).json({ ok: true, got: req.body });
  });
  const server = bare.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  const post = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const b = await drive(bareUrl, (i) => post({ serviceId: SERVICES[i % SERVICES.length] }));
  const floor = report(`baseline: bare express POST, ${CONCURRENCY} clients`, count, b.totalMs, b.latencies);
  server.close();

  const hub = await startHub({ config, configSource: 'bench', dataDir: join(dir, 'http'), port: 0, log });
  const r = await drive(`${hub.url}/api/tickets`, (i) => post({ serviceId: SERVICES[i % SERVICES.length] }, 'demo-kiosk'));
  report(`hub: POST /api/tickets, ${CONCURRENCY} clients`, count, r.totalMs, r.latencies, { name: 'bare express', perSec: floor });
  await hub.close();
}

// 5. Memory of a big day: heap growth for the tickets held in memory.
function benchMemory() {
  const big = 20_000;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const state = createState(config, Date.now());
  let id = 0;
  for (let i = 0; i < big; i++)
    for (const e of decide(state, workload(i)[0]!, { now: Date.now(), actor: ACTOR, newId: () => `ticket-id-${++id}` })) applyEvent(state, e);
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage().heapUsed;
  rows.push([`memory: ${big} tickets in state`, '', '', '', `${((after - before) / 1024 / 1024).toFixed(1)} MiB heap (${((after - before) / big).toFixed(0)} B/ticket)`]);
  return state.tickets.size;
}

const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
try {
  benchEngine();
  const floor = benchSqliteBaseline(dir);
  benchHall(dir, floor);
  await benchHttp(dir);
  benchMemory();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = ['what', 'ops/s', 'p50 ms', 'p99 ms', 'beside'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`hall hub bench — N=${N}, node ${process.version}, ${new Date().toISOString()}`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log('(the city central on PostgreSQL has its own: npm run bench:central)');
