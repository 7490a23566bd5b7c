// Figures for the hub's hot paths, each beside a like-for-like baseline measured in the same run on the
// same machine, with the ratio (these machines are shared and noisy: read ratios, not absolutes). Not a
// test: it prints. One command per op; the realtime layer is attached wherever the hall runs.
//
//   npm run bench, npm run bench:quick   (HALL_BENCH_BIG=… tickets on the big day, 50,000; HALL_BENCH_CLIENTS=
//                      screens, 100,1000,2000; HALL_BENCH_SECONDS=… per HTTP run, 3; HALL_BENCH_ONLY=
//                      engine,days,http,memory,fanout,busy; HALL_BENCH_SEED_CACHE=dir keeps the seeded day)
import type { BusyDay, Stall as BusyStall } from './busy-hub.js';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Server } from 'socket.io';
import { ManualClock } from '../hub/clock.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { decide, type Command } from '../hub/engine/engine.js';
import { applyEvent, createState } from '../hub/engine/state.js';
import { Hall } from '../hub/hall.js';
import { startHub, type Hub } from '../hub/server.js';
import { openDatabase } from '../hub/store/database.js';
import { HallStore } from '../hub/store/hall-store.js';
import { ACTOR, COUNTERS, DAY_START, SERVICES } from './bench-hall.js';
import { median, percentileOf } from '../shared/percentile.js';

/** `--quick`: fewer ops, shorter HTTP runs, a smaller big day and the 100-screen fan-out only (a look, not the table). */
const QUICK = process.argv.includes('--quick');
const OPS = QUICK ? 60 : 200;
const BIG = Number(process.env.HALL_BENCH_BIG ?? (QUICK ? 10_000 : 50_000));
const CLIENTS = (process.env.HALL_BENCH_CLIENTS ?? (QUICK ? '100' : '100,1000,2000')).split(',').map(Number);
const SECONDS = Number(process.env.HALL_BENCH_SECONDS ?? (QUICK ? 2 : 3));
const log = pino({ level: 'silent' });
const config = demoHallConfig();
const rows: string[][] = [];
const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const ratio = (hub: number, base: number) => `${(hub / base).toFixed(2)}×`;
function row(what: string, hub: string, baseline: string, r: string) {
  rows.push([what, hub, baseline, r]);
  console.error(`  ${what}: ${hub} | ${baseline} | ${r}`);
}
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function timed(count: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    await fn(i);
    out.push(performance.now() - s);
  }
  return out;
}

// ---- a day's tickets, written straight through the store (fast: synchronous=OFF while seeding) ----

/**
 * A business day of `n` tickets, nine in ten called and finished by 16 counters (ratings never given,
 * windows long closed: all unsettled), one in ten still waiting. Built with the engine and stored with
 * the store, as the hub would have, but without an fsync per command.
 */
function seedDay(dataDir: string, n: number): number {
  const clock = new ManualClock(DAY_START);
  new Hall({ store: new HallStore(openDatabase(dataDir)), config, configSource: 'bench', clock, log }).close();
  const store = new HallStore(openDatabase(dataDir));
  store.db.pragma('synchronous = OFF');
  const state = store.loadState(config, clock.now());
  let id = 0;
  const run = (c: Command) => {
    const events = decide(state, c, { now: clock.now(), actor: ACTOR, newId: () => `seed-${++id}` });
    // The next command must see this one: apply to the state now, store in batches.
    for (const e of store.append(events)) applyEvent(state, e);
  };
  store.db.exec('BEGIN');
  COUNTERS.forEach((c) => run({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }));
  for (let i = 0; i < n; i++) {
    clock.advance(250);
    run({ type: 'issue', serviceId: SERVICES[i % SERVICES.length]! });
    if (i % 10 !== 0) {
      const c = COUNTERS[i % COUNTERS.length]!;
      run({ type: 'call-next', counterId: c });
      if (state.counters.get(c)?.ticketId) run({ type: 'finish', counterId: c });
    }
    if (i % 2000 === 0) {
      store.db.exec('COMMIT');
      store.db.exec('BEGIN');
    }
  }
  store.db.exec('COMMIT');
  store.close();
  return clock.now() + 60 * 60_000;
}

/**
 * Where the seeded big day is kept for the next run (seeding 50,000 tickets is not a measured figure and
 * took a minute or more): node_modules/.cache/hall-bench by default, HALL_BENCH_SEED_CACHE=dir elsewhere,
 * =off not at all. Keyed by a hash of what writes the day (the engine, the store, this seeding), so a
 * change to the format seeds afresh; a clean clone seeds and fills the cache.
 */
function seedCache(): string | undefined {
  const setting = process.env.HALL_BENCH_SEED_CACHE ?? join(import.meta.dirname, '..', 'node_modules', '.cache', 'hall-bench');
  if (setting === 'off') return undefined;
  const hash = createHash('sha256').update(seedDay.toString());
  for (const d of ['hub/engine', 'hub/store'])
    for (const f of readdirSync(join(import.meta.dirname, '..', d)).filter((f) => f.endsWith('.ts')).sort()) hash.update(f).update(readFileSync(join(import.meta.dirname, '..', d, f)));
  return join(setting, `${BIG}-${hash.digest('hex').slice(0, 16)}`);
}

// ---- 1. issue / call / live on a big day beside an empty store -----------------------------------

function startIfCalled(hub: Hub, counterId: string): void {
  if (hub.hall.view.counters.get(counterId)?.state === 'calling') hub.hall.execute({ type: 'start', counterId }, ACTOR);
}

async function dayOps(hub: Hub, clock: ManualClock) {
  const issue = await timed(OPS, (i) => {
    clock.advance(1000);
    hub.hall.execute({ type: 'issue', serviceId: SERVICES[i % SERVICES.length]! }, ACTOR);
  });
  // (startIfCalled before each timed call-next is outside the timing: the timer starts in `timed` first.)
  const call = await timed(OPS, (i) => {
    clock.advance(1000);
    const c = COUNTERS[i % COUNTERS.length]!;
    startIfCalled(hub, c);
    // One command timed: call-next (which finishes the ticket being served, as the console's button does).
    hub.hall.execute({ type: 'call-next', counterId: c }, ACTOR);
  });
  // Untimed: the called tickets are started, so the next round's call-next finishes them.
  for (const c of COUNTERS) startIfCalled(hub, c);
  const live = await timed(OPS, async () => {
    const r = await fetch(`${hub.url}/api/live`, { headers: { authorization: 'Bearer demo-display' } });
    await r.arrayBuffer();
  });
  return { issue: median(issue), call: median(call), live: median(live) };
}

async function benchDays() {
  console.error('seeding the big day…');
  const bigDir = join(dir, 'big');
  const t0 = performance.now();
  const cache = seedCache();
  let endOfSeed: number;
  const cached = cache !== undefined && existsSync(cache);
  if (cached) {
    cpSync(cache, bigDir, { recursive: true });
    endOfSeed = DAY_START + BIG * 250 + 60 * 60_000;
  } else {
    endOfSeed = seedDay(bigDir, BIG);
    if (cache) {
      // Copied under another name and renamed: a run stopped mid-copy leaves no half day to use.
      cpSync(bigDir, `${cache}.partial`, { recursive: true });
      renameSync(`${cache}.partial`, cache);
    }
  }
  console.error(`  ${cached ? `copied from the seed cache (${cache})` : 'seeded'} ${BIG} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Start on the big day, its ratings unsettled: how soon /api/health answers, how long the sweep takes.
  // The hub listens first (hub/server.ts): /api/health is asked as soon as the port listens. (fetch's
  // first use loads undici: done before, not counted against the hub.)
  await fetch('data:,');
  const bigClock = new ManualClock(endOfSeed);
  const s0 = performance.now();
  let health: Promise<number> | undefined;
  const big = await startHub({
    config,
    configSource: 'bench',
    dataDir: bigDir,
    port: 0,
    log,
    clock: bigClock,
    listening: (url) => {
      health = fetch(`${url}/api/health`, { headers: { connection: "close" } }).then(async (r) => {
        if (r.status !== 200) throw new Error(`health ${r.status}`);
        await r.arrayBuffer();
        return performance.now() - s0;
      });
    },
  });
  const readyMs = performance.now() - s0;
  const startMs = await health!;
  await big.ratings.settled();
  const sweepMs = performance.now() - s0;

  const emptyClock = new ManualClock(DAY_START);
  const e0 = performance.now();
  const empty = await startHub({ config, configSource: 'bench', dataDir: join(dir, 'empty'), port: 0, log, clock: emptyClock });
  await fetch(`${empty.url}/api/health`);
  const emptyStartMs = performance.now() - e0;
  row(`start → /api/health answers, ${BIG}-ticket day, ratings unsettled`, ms(startMs), `empty store ${ms(emptyStartMs)}`, ratio(startMs, emptyStartMs));
  row(`  day loaded, queue routes served (health said "starting" until then)`, ms(readyMs), '—', '');
  row(`  rating sweep settled in the background`, ms(sweepMs), '—', '');
  for (const c of COUNTERS) {
    big.hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, ACTOR);
    empty.hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, ACTOR);
  }
  // Alternate: the machine's noise falls on both alike.
  const b: Awaited<ReturnType<typeof dayOps>>[] = [];
  const e: Awaited<ReturnType<typeof dayOps>>[] = [];
  for (let round = 0; round < 3; round++) {
    b.push(await dayOps(big, bigClock));
    e.push(await dayOps(empty, emptyClock));
  }
  for (const k of ['issue', 'call', 'live'] as const) {
    const hub = median(b.map((x) => x[k]));
    const base = median(e.map((x) => x[k]));
    row(`${k === 'live' ? 'GET /api/live' : k === 'call' ? 'call-next' : 'issue'} (realtime attached), ${BIG}-ticket day, median`, ms(hub), `empty store ${ms(base)}`, ratio(hub, base));
  }
  await big.close();
  await empty.close();
}

// ---- 2. POST /api/tickets over HTTP, each server in its own process ------------------------------

function spawnServer(script: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  // HALL_BENCH_PROFILE=dir: a CPU profile of each server process there (node --cpu-prof).
  const profile = process.env.HALL_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HALL_BENCH_PROFILE}`] : [];
  // HALL_BENCH_NODE_FLAGS='--trace-gc …': more node flags for the server processes; their output then goes to stderr.
  const flags = process.env.HALL_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, ...flags, '--import', 'tsx', join(import.meta.dirname, script), dataDir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      if (flags.length > 0) process.stderr.write(d);
      out += d.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolve({ url: m[0], child });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

/** A server process's memory after a full GC, asked over IPC (bench/hub-server.ts, baseline-server.ts). */
function memoryOf(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as NodeJS.MemoryUsage));
    child.send('memory');
  });
}

async function cannon(url: string, connections: number, token?: string, amount?: number): Promise<number> {
  const r = await autocannon({
    url: `${url}/api/tickets`,
    method: 'POST',
    connections,
    ...(amount ? { amount } : { duration: SECONDS }),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ serviceId: 'social-security' }),
  });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} answers not 2xx`);
  return r.requests.average;
}

async function benchHttp() {
  const base = await spawnServer('baseline-server.ts', mkdtempSync(join(dir, 'base-')));
  const hub = await spawnServer('hub-server.ts', join(dir, 'http-hub'));
  try {
    for (const connections of [8, 32]) {
      // Hub first then baseline, twice, keeping the better of each: the machine is shared.
      const h: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 2; i++) {
        h.push(await cannon(hub.url, connections, 'demo-kiosk'));
        b.push(await cannon(base.url, connections));
      }
      const hub1 = Math.max(...h);
      const base1 = Math.max(...b);
      row(`POST /api/tickets, ${connections} connections (autocannon)`, `${hub1.toFixed(0)} req/s`, `express + 1 INSERT, WAL FULL: ${base1.toFixed(0)} req/s`, ratio(hub1, base1));
    }
  } finally {
    hub.child.kill();
    base.child.kill();
  }
}

// ---- memory: the hub's own process, before and after a day's tickets ------------------------------

async function benchMemory() {
  const N = QUICK ? 3000 : 10_000;
  const hub = await spawnServer('hub-server.ts', join(dir, 'mem-hub'));
  const base = await spawnServer('baseline-server.ts', mkdtempSync(join(dir, 'mem-base-')));
  try {
    const before = { hub: await memoryOf(hub.child), base: await memoryOf(base.child) };
    // Tickets issued over HTTP, as kiosks do: they stay today's (waiting) in the hub's memory.
    await cannon(hub.url, 8, 'demo-kiosk', N);
    await cannon(base.url, 8, undefined, N);
    const after = { hub: await memoryOf(hub.child), base: await memoryOf(base.child) };
    const per = (k: 'rss' | 'heapUsed', who: 'hub' | 'base') => {
      const d = after[who][k] - before[who][k];
      return `${d < 0 ? '−' : '+'}${mib(Math.abs(d))} (${(d / N).toFixed(0)} B/ticket)`;
    };
    row(
      `memory of the hub's own process after ${N} tickets issued over HTTP (after GC)`,
      `RSS ${mib(after.hub.rss)}, ${per('rss', 'hub')}; heap ${per('heapUsed', 'hub')}`,
      `express + INSERT: RSS ${per('rss', 'base')}`,
      '',
    );
  } finally {
    hub.child.kill();
    base.child.kill();
  }
}

// ---- 3. call → every screen, beside bare socket.io sending the same bytes ------------------------

/** A process of screens (bench/screens.ts) and its messages, read in order. */
interface ScreensProcess {
  child: ChildProcess;
  connected: number;
  next(): Promise<Record<string, unknown>>;
}

function spawnScreens(url: string, n: number, token: string, script = 'screens.ts'): Promise<ScreensProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), url, String(n), token], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  child.on('message', (m) => (waiting.length ? waiting.shift()!(m as Record<string, unknown>) : inbox.push(m as Record<string, unknown>)));
  const next = () => new Promise<Record<string, unknown>>((r) => (inbox.length ? r(inbox.shift()!) : waiting.push(r)));
  return next().then((m) => ({ child, connected: m.connected as number, next }));
}

/** 1,000 screens a process, started one after the other (connection set-up paced). */
async function screenProcesses(url: string, n: number, token: string): Promise<ScreensProcess[]> {
  const out: ScreensProcess[] = [];
  for (let i = 0; i < n; i += 1000) out.push(await spawnScreens(url, Math.min(1000, n - i), token));
  return out;
}

/**
 * One call: every screen process listens, `fire` sends, and the call's latency is from `fire` to the
 * last screen's ticket.called (clocks compared as performance.timeOrigin + now: the same machine).
 */
async function oneCall(procs: ScreensProcess[], fire: () => void): Promise<{ ms: number; inProcessMs: number; missing: number; frames: [string, unknown][] }> {
  await Promise.all(procs.map((p) => (p.child.send({ arm: true }), p.next())));
  const t0 = performance.timeOrigin + performance.now();
  fire();
  // `fire` is synchronous (the hub's execute: engine, durable commit, every socket's write): what came
  // before the kernel had the frames, the rest is delivery.
  const inProcessMs = performance.timeOrigin + performance.now() - t0;
  const got = await Promise.all(procs.map((p) => p.next()));
  return {
    ms: Math.max(...got.map((g) => g.last as number)) - t0,
    inProcessMs,
    missing: got.reduce((a, g) => a + (g.missing as number), 0),
    frames: got[0]!.frames as [string, unknown][],
  };
}

/** How many screens had every call, and how many disconnected; then the processes end. */
async function closeScreens(procs: ScreensProcess[]): Promise<{ every: number; dropped: number }> {
  const r = await Promise.all(procs.map((p) => (p.child.send({ report: true }), p.next())));
  for (const p of procs) p.child.kill();
  return { every: r.reduce((a, x) => a + (x.every as number), 0), dropped: r.reduce((a, x) => a + (x.dropped as number), 0) };
}

async function benchFanout() {
  const clock = new ManualClock(DAY_START + 3_600_000);
  const hub = await startHub({ config, configSource: 'bench', dataDir: join(dir, 'fanout'), port: 0, log, clock });
  for (const c of COUNTERS) hub.hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, ACTOR);
  // 1,000 calls a row below 1,000 screens, 100 from 1,000 (quick: 100; HALL_BENCH_CALLS: another count).
  // By nearest rank (shared/percentile.ts) the p99 of 100 calls is the 99th: one slow call is not the
  // row's figure, as it was with 10 or 20 calls a row. At 100 screens a call takes ~10 ms, and a p99 of
  // a few hundred calls is a handful of them, each a scheduler's slice or a scavenge more or less: with
  // the same code the ratio read 1.0–1.2× with 200 calls and 0.99 / 1.14× with 500. The p99 of 1,000 is
  // their tenth slowest (~2.5 minutes for the row).
  const CALLS_OF = (n: number) => Number(process.env.HALL_BENCH_CALLS ?? (QUICK || n >= 1000 ? 100 : 1000));
  // The first calls of a row are the processes warming up (the JIT, the screens' new sockets): the
  // slowest calls of a row were its first five, hub and bare alike. WARM calls of each kind go first,
  // not counted.
  const WARM = 10;
  // Tickets of every service, three per call: a counter calls only its own services' tickets.
  const waiting = 3 * CLIENTS.reduce((a, n) => a + WARM + CALLS_OF(n), 0);
  for (let i = 0; i < waiting; i++) hub.hall.execute({ type: 'issue', serviceId: SERVICES[i % SERVICES.length]! }, ACTOR);
  const bareHttp = createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  await new Promise<void>((r) => bareHttp.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;
  // The hub's call is a durable commit (WAL, synchronous=FULL: a fsync) and then the pushes. Like for
  // like, as the HTTP row's baseline, bare socket.io stores one ticket-sized row the same way before it
  // sends the same frames; the bare emit alone is printed beside it (at 100 screens the fsync is most of
  // the difference: it is the fixed cost of every call, whatever the number of screens).
  const bareDb = new Database(join(dir, 'fanout-bare.sqlite'));
  bareDb.pragma('journal_mode = WAL');
  bareDb.pragma('synchronous = FULL');
  bareDb.exec('CREATE TABLE calls (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  const bareInsert = bareDb.prepare('INSERT INTO calls (data) VALUES (?)');
  const pause = () => new Promise((r) => setTimeout(r, 20));
  for (const n of CLIENTS) {
    const CALLS = CALLS_OF(n);
    // The screens live in their own processes: this one holds the hub and the bare server. Both sets
    // stay connected for the row and the calls alternate (hub, bare with a FULL INSERT, bare frames
    // alone), each bare call replaying the frames of the hub's call just before it: the three see the
    // same moments of a shared machine, paired, instead of one after the other.
    const hubScreens = await screenProcesses(hub.url, n, 'demo-display');
    const bareScreens = await screenProcesses(bareUrl, n, '');
    const hubLat: number[] = [];
    const bareLat: number[] = [];
    const emitLat: number[] = [];
    // The part of each call in this process, while fire() runs: the hub's execute (engine, durable commit,
    // publish: one write per screen with every frame); the bare INSERT, and the bare emits, which write
    // only the first frame then (engine.io sends the rest after that write's callback).
    const hubIn: number[] = [];
    const insertIn: number[] = [];
    const emitIn: number[] = [];
    let missing = 0;
    let bytes = 0;
    for (let k = 0; k < WARM + CALLS; k++) {
      clock.advance(1000);
      const c = COUNTERS[k % COUNTERS.length]!;
      startIfCalled(hub, c);
      await pause();
      const call = await oneCall(hubScreens, () => hub.hall.execute({ type: 'call-next', counterId: c }, ACTOR));
      hubLat.push(call.ms);
      hubIn.push(call.inProcessMs);
      // What the call sent a screen (every frame of the batch), to replay from bare socket.io.
      const frames = call.frames;
      if (k >= WARM) bytes += frames.reduce((a, [t, d]) => a + t.length + JSON.stringify(d).length, 0);
      const ticketRow = JSON.stringify(frames.find(([t]) => t === 'ticket.called')?.[1] ?? {});
      await pause();
      const stored = await oneCall(bareScreens, () => {
        const s = performance.now();
        bareDb.transaction(() => bareInsert.run(ticketRow))();
        insertIn.push(performance.now() - s);
        for (const [type, data] of frames) bare.emit(type, data);
      });
      bareLat.push(stored.ms);
      await pause();
      const emitted = await oneCall(bareScreens, () => {
        for (const [type, data] of frames) bare.emit(type, data);
      });
      emitLat.push(emitted.ms);
      emitIn.push(emitted.inProcessMs);
      missing += call.missing + stored.missing + emitted.missing;
    }
    for (const xs of [hubLat, hubIn, bareLat, insertIn, emitLat, emitIn]) xs.splice(0, WARM);
    const hubEnd = await closeScreens(hubScreens);
    const bareEnd = await closeScreens(bareScreens);
    const perCall = bytes / CALLS;
    const h = percentileOf(hubLat, 0.99);
    const b = percentileOf(bareLat, 0.99);
    const e = percentileOf(emitLat, 0.99);
    // A screen that missed a call makes the row's p99 a figure of fewer screens: not a valid row.
    const valid = missing === 0 && hubEnd.every === n && bareEnd.every === n;
    const reach = `${CALLS} calls (${CALLS * 2} bare; ${WARM} of each before, to warm up) reached every one of ${hubEnd.every}/${n} hub and ${bareEnd.every}/${n} bare screens`;
    const what = `call → every screen (last one has it), p99, ${n} screens (own processes); ${(perCall / 1024).toFixed(1)} KiB/call/screen; ${reach}`;
    // The medians beside: at 100 screens a p99 of a shared machine is one scheduler slice more or less.
    const p50s = `p50 ${ms(median(hubLat))} / ${ms(median(bareLat))} / ${ms(median(emitLat))} (hub / bare + INSERT / frames alone)`;
    if (valid) {
      row(`${what}; ${p50s}`, ms(h), `bare socket.io, one FULL INSERT then the same frames: ${ms(b)} (the frames alone: ${ms(e)}, ${ratio(h, e)})`, ratio(h, b));
      const both = (xs: number[]) => `${ms(median(xs))} / ${ms(percentileOf(xs, 0.99))}`;
      row(
        `  of which in the sending process, while the call runs (p50 / p99), ${n} screens`,
        `hub's execute (engine, durable commit, every frame written): ${both(hubIn)}`,
        `bare: the FULL INSERT alone ${both(insertIn)}; the frames' emits alone ${both(emitIn)} (the first frame written; the rest after its callback)`,
        '',
      );
    } else row(`${what}; INVALID: ${missing} deliveries missing, ${hubEnd.dropped + bareEnd.dropped} disconnections`, `(${ms(h)})`, `(${ms(b)})`, 'INVALID');
  }
  bare.close();
  bareDb.close();
  await hub.close();
}

// ---- 4. a busy day: event-loop stalls, memory --------------------------------------------------

async function benchBusyDay() {
  const TICKETS = QUICK ? 2000 : 6000;
  const SCREENS = 50;
  // The hub in its own process, the screens in theirs: the loop delay is the hub's alone.
  const hub = await spawnServer('busy-hub.ts', join(dir, 'busy'));
  // Boards that read every frame without decoding it (bench/reading-screens.ts): the hub sends them what
  // it sends any board, and the load generator leaves the hub's two cores to the hub.
  // HALL_BENCH_BUSY_SCREENS=socket.io: 50 socket.io clients decoding every frame instead (bench/screens.ts),
  // a core of the machine's two; they fall behind and are taken off the feeds (far-behind.ts) at times.
  const decoding = process.env.HALL_BENCH_BUSY_SCREENS === 'socket.io';
  const screens = [await spawnScreens(hub.url, SCREENS, 'demo-display', decoding ? 'screens.ts' : 'reading-screens.ts')];
  try {
    const result = new Promise<Record<string, unknown>>((r) => hub.child.once('message', (m) => r(m as Record<string, unknown>)));
    hub.child.send({ run: TICKETS });
    type Stall = BusyStall | undefined;
    // farBehind is optional: absent when the bench is run against an earlier hub (a before/after).
    const r = (await result) as Omit<BusyDay, 'farBehind'> & Partial<Pick<BusyDay, 'farBehind'>>;
    const st = r.stalls;
    // What filled the turn (busy-hub.ts): commit, publish, checkpoint and GC, in ms, the ones over 1 ms.
    const filled = (x: NonNullable<Stall>) => Object.entries(x.phases).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ') || 'none of the hub\'s phases';
    const waitOf = (x: NonNullable<Stall>) => (x.waitMs === undefined ? '' : `, ${x.waitMs.toFixed(0)} ms of it waiting for a core`);
    const cpuOf = (x: Stall) => (x ? `${x.ms.toFixed(0)} ms late${waitOf(x)}, ${x.cpuMs.toFixed(0)} ms CPU: ${filled(x)}` : 'none');
    // Linux's scheduler counts how long the loop's thread was runnable but not running: the rest of a
    // late turn is the hub's own (its work, or a syscall it waited in).
    const own = st.schedstat
      ? `; the hub's own (lateness less the wait for a core): max ${(st.own?.ownMs ?? 0).toFixed(1)} ms, ${st.over30own} turns > 30 ms (${cpuOf(st.own)}) (goal: ${(st.own?.ownMs ?? 0) <= 30 ? 'met' : 'NOT met'})`
      : '';
    const stalls =
      `hub's event-loop delay p50 ${r.p50.toFixed(1)} / p99 ${r.p99.toFixed(1)} / max ${r.max.toFixed(1)} ms (goal: no stall > 30 ms: ${r.max <= 30 ? 'met' : 'NOT met'}); ${st.count} turns > 30 ms late, ` +
      `${st.over30cpu} of them with > 30 ms of the hub's own CPU (worst: ${cpuOf(st.worst)}; busiest: ${cpuOf(st.busiest)})${own}`;
    // The screens' process falls behind a day played at full speed: what the hub still had to send them.
    const [mid, end] = r.backlogs;
    const unsent = (x: { packets: number; bytes: number } | undefined) => (x ? `${x.packets} packets and ${mib(x.bytes)}` : '?');
    const mem = `RSS ${r.rss.map(mib).join(' → ')}, heap ${r.heap.map(mib).join(' → ')} (start, middle, end; after GC; the middle with ${unsent(mid)} not yet sent to the screens, the end once they had everything: ${unsent(end)} sent in ${end?.ms.toFixed(0) ?? '?'} ms)`;
    // A screen that fell more than FAR_BEHIND_PACKETS behind got a snapshot instead of its backlog.
    const behind = r.farBehind ? `; screens far behind: ${r.farBehind.takenOff} times taken off the feeds, ${r.farBehind.caughtUp} put back with a snapshot` : '';
    const board = screens[0]!;
    board.child.send({ report: true });
    const read = (await board.next()) as { frames?: number; dropped: number };
    const how = decoding ? 'socket.io clients decoding every frame' : `reading every frame: ${read.frames} in all`;
    const what = `busy day: ${TICKETS} tickets issued (bursts of 8) and called, 16 counters, ${SCREENS} screens (own process, ${how}, ${read.dropped} connections lost), ${r.seconds.toFixed(1)} s`;
    row(what, stalls, `${r.stats.commits} grouped commits for ${r.stats.jobs} commands, ${r.stats.fsyncs} fsyncs off the loop, ${r.stats.checkpoints} WAL checkpoints in turns of their own${behind}; ${mem}`, '');
  } finally {
    for (const p of screens) p.child.kill();
    if (hub.child.connected) hub.child.send({ close: true });
    // busy-hub.ts exits once told to close (writing its profile, if asked); killed if it does not.
    if (hub.child.exitCode === null) await new Promise((r) => setTimeout(r, 10_000).unref() && hub.child.once('exit', r));
    hub.child.kill();
  }
}

// ---- 5. the pure engine, for reference ------------------------------------------------------------

function benchEngine() {
  const state = createState(config, DAY_START);
  let id = 0;
  let now = DAY_START;
  const run = (c: Command) => {
    for (const e of decide(state, c, { now, actor: ACTOR, newId: () => `e${++id}` })) applyEvent(state, e);
  };
  COUNTERS.forEach((c) => run({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }));
  const N = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    now += 100;
    run({ type: 'issue', serviceId: SERVICES[i % SERVICES.length]! });
  }
  const issue = (performance.now() - t0) / N;
  let callMs = 0;
  for (let i = 0; i < N; i++) {
    const c = COUNTERS[i % COUNTERS.length]!;
    if (state.counters.get(c)?.state === 'calling') run({ type: 'start', counterId: c });
    const t1 = performance.now();
    run({ type: 'call-next', counterId: c });
    callMs += performance.now() - t1;
  }
  const call = callMs / N;
  row(`engine only: issue / call-next, ${N} queued, µs per command`, `${(issue * 1000).toFixed(1)} / ${(call * 1000).toFixed(1)} µs`, '—', '');
}

// HALL_BENCH_ONLY=engine,days,http,fanout,busy runs some sections (a profile of one, a quick look).
const ONLY = process.env.HALL_BENCH_ONLY?.split(',');
const runs = (name: string) => !ONLY || ONLY.includes(name);
const started = performance.now();
try {
  if (runs('engine')) benchEngine();
  if (runs('days')) await benchDays();
  if (runs('http')) await benchHttp();
  if (runs('fanout')) await benchFanout();
  if (runs('memory')) await benchMemory();
  if (runs('busy')) await benchBusyDay();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = ['what', 'hub', 'baseline (same run)', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log(`hall hub bench — node ${process.version}, ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`| ${header.map((h, i) => h.padEnd(widths[i]!)).join(' | ')} |`);
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
console.log('(the store, the reports and the city central have their own figures: npm run bench:store, bench:reports, bench:central)');
process.exit(0);
