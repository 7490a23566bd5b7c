// The busy day's hub in its own process (bench/hub-bench.ts starts it): the screens that watch it are the
// bench's, in another process, so the event-loop delay measured here is the hub's alone. Prints its URL;
// on the message `run` it plays the day (kiosks in bursts of 8, counters calling between them, as
// concurrent requests would: each burst one grouped commit) and answers with the loop's delay and memory.
import { openSync, readSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pino from 'pino';
import { ManualClock } from '../hub/clock.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { pendingPackets } from '../hub/realtime/one-write.js';
import { startHub } from '../hub/server.js';
import { ACTOR, COUNTERS, DAY_START, SERVICES } from './bench-hall.js';

const clock = new ManualClock(DAY_START + 3_600_000);
const hub = await startHub({ config: demoHallConfig(), configSource: 'bench', dataDir: process.argv[2]!, port: 0, log: pino({ level: 'silent' }), clock });
for (const c of COUNTERS) hub.hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, ACTOR);
console.log(hub.url);

const gc = (globalThis as { gc?: () => void }).gc;
const memory = () => {
  gc?.();
  return process.memoryUsage();
};

/**
 * What the hub still has to send its screens: packets engine.io holds and bytes the TCP sockets have not
 * handed to the kernel (engine.io's and ws's members: a bench's look inside). When the screens' process
 * falls behind, the backlog is in the hub's heap: read at that moment, the same day's heap after GC was
 * 28 MiB in one run and 76 MiB in the next. The end's reading waits until it is sent; the middle's says
 * how much it holds.
 */
type EngineClient = { transport?: { socket?: { _socket?: { writableLength?: number } } } };
function backlog(): { packets: number; bytes: number } {
  const b = { packets: 0, bytes: 0 };
  for (const c of Object.values((hub.io.engine as unknown as { clients: Record<string, EngineClient> }).clients)) {
    b.packets += pendingPackets(c) ?? 0;
    b.bytes += c.transport?.socket?._socket?.writableLength ?? 0;
  }
  return b;
}
const backlogs: { packets: number; bytes: number; ms: number }[] = [];
/** Waits (30 s at most) until the screens have been sent everything; keeps what was left and how long it took. */
async function sent(): Promise<void> {
  const t = performance.now();
  const at = backlog();
  for (let i = 0; i < 1500; i++) {
    const b = backlog();
    if (b.packets + b.bytes === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  backlogs.push({ ...at, ms: performance.now() - t });
}

/**
 * Turns of the loop that came more than 30 ms late, each with the CPU time this process spent meanwhile
 * (process.cpuUsage: all its threads): on a machine shared by other builds a late turn is often the
 * process waiting for a core, not working. The delay histogram cannot tell the two apart; this can.
 */
/**
 * What the hub did between two turns of the probe, in ms: the grouped commits' transactions (the
 * command's decide/append/apply and SQLite, a checkpoint inside it), their publishing (the realtime
 * layer's pushes and projections), and GC pauses by kind (PerformanceObserver 'gc'). Reached through
 * the hall's private members: a bench's look inside, not an API. The WAL checkpoint has its own turn.
 */
const phases = { commit: 0, publish: 0, send: 0, checkpoint: 0, gcMajor: 0, gcMinor: 0, gcOther: 0 };
const timed = (owner: Record<string, unknown>, name: string, phase: 'commit' | 'publish' | 'send' | 'checkpoint') => {
  // Absent in an older hub (the bench run against an earlier commit, for a before/after): not timed.
  if (typeof owner[name] !== 'function') return;
  const own = (owner[name] as (...a: unknown[]) => unknown).bind(owner);
  owner[name] = (...a: unknown[]) => {
    const t = performance.now();
    try {
      return own(...a);
    } finally {
      phases[phase] += performance.now() - t;
    }
  };
};
const hallInside = hub.hall as unknown as Record<string, unknown>;
timed(hallInside.group as Record<string, unknown>, 'flush', 'commit');
// The WAL checkpoint's timer calls it through the instance, so the wrapper sees it.
timed(hallInside.group as Record<string, unknown>, 'checkpoint', 'checkpoint');
timed(hallInside, 'publish', 'publish');
// Publishing happens inside a flush when a synchronous commit settles the waiting groups: counted in both.
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-sweep-compact), MINOR = 1 (scavenge).
    if (kind === 4) phases.gcMajor += e.duration;
    else if (kind === 1) phases.gcMinor += e.duration;
    else phases.gcOther += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
type Phases = typeof phases;
/** A turn more than 20 ms late: by how much, this process's CPU meanwhile, the loop's thread's wait for a core. */
export type Stall = { ms: number; cpuMs: number; waitMs: number | undefined; ownMs: number; phases: Phases };
/** What the day answers the bench (hub-bench.ts reads it with `import type`: this file is not run there). */
export type BusyDay = Awaited<ReturnType<typeof day>>;
const round = (p: Phases) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v * 10) / 10])) as Phases;

/**
 * How long the event loop's thread has been runnable but waiting for a core, in ms: the second field of
 * Linux's /proc/thread-self/schedstat (the scheduler's own account, in ns), opened here on the loop's
 * thread and read again from its start at every probe (an open and a close each time cost the hub's loop
 * ~0.1 ms a read, 2 % of the day). Undefined where the kernel does not keep it.
 */
const schedstat = (() => {
  try {
    return openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
})();
const schedBuffer = Buffer.alloc(128);
function runQueueWaitMs(): number | undefined {
  if (schedstat === undefined) return undefined;
  const n = readSync(schedstat, schedBuffer, 0, schedBuffer.length, 0);
  const wait = Number(schedBuffer.toString('latin1', 0, n).split(' ')[1]);
  return Number.isFinite(wait) ? wait / 1e6 : undefined;
}

function stallProbe() {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  let waited = runQueueWaitMs();
  let last = { ...phases };
  const stalls: Stall[] = [];
  const timer = setInterval(() => {
    const w = performance.now();
    const c = process.cpuUsage();
    const q = runQueueWaitMs();
    if (w - wall > 20) {
      const d = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v - last[k as keyof Phases]])) as Phases;
      const waitMs = q !== undefined && waited !== undefined ? q - waited : undefined;
      stalls.push({ ms: w - wall, cpuMs: (c.user - cpu.user + c.system - cpu.system) / 1000, waitMs, ownMs: w - wall - (waitMs ?? 0), phases: round(d) });
    }
    wall = w;
    cpu = c;
    waited = q;
    last = { ...phases };
  }, 5);
  return {
    /** The turn in progress is the bench's (a forced GC): not counted. */
    skip() {
      wall = performance.now();
      cpu = process.cpuUsage();
      waited = runQueueWaitMs();
      last = { ...phases };
    },
    stop() {
      clearInterval(timer);
      // Every turn more than 20 ms late, with what filled it (HALL_BENCH_STALLS=1 prints them).
      if (process.env.HALL_BENCH_STALLS) for (const x of stalls) console.error(`stall ${x.ms.toFixed(1)} ms, waiting for a core ${x.waitMs?.toFixed(1) ?? '?'} ms, cpu ${x.cpuMs.toFixed(1)} ms`, JSON.stringify(x.phases));
      const over30 = stalls.filter((x) => x.ms > 30);
      const worst = [...over30].sort((a, b) => b.ms - a.ms)[0];
      const busiest = [...over30].sort((a, b) => b.cpuMs - a.cpuMs)[0];
      // The hub's own: a turn's lateness less the time its thread sat waiting for a core.
      const own = [...stalls].sort((a, b) => b.ownMs - a.ownMs)[0];
      return {
        count: over30.length,
        worst,
        busiest,
        over30cpu: over30.filter((x) => x.cpuMs > 30).length,
        over30own: stalls.filter((x) => x.ownMs > 30).length,
        own,
        schedstat: runQueueWaitMs() !== undefined,
      };
    },
  };
}

async function day(tickets: number) {
  // Every write to a screen (engine.io's transport.send), in a batch's publish or later, when a socket
  // that was behind drains and engine.io sends what it buffered meanwhile.
  for (const c of Object.values((hub.io.engine as unknown as { clients: Record<string, { transport: Record<string, unknown> }> }).clients)) timed(c.transport, 'send', 'send');
  const before = memory();
  const probe = stallProbe();
  // Two histograms, before and after the middle's memory reading: its forced full GC is the bench's,
  // not the hub's. (A histogram disabled around it does not do: at enable() it counts the time it was
  // off as one late turn. The quiet round's max of 47.9 ms, "48 ms late with 50 ms CPU", was that GC.)
  // An event-loop histogram cannot be added to another (node wants a RecordableHistogram): each figure
  // is the larger of the two halves', an upper bound.
  let delay = monitorEventLoopDelay({ resolution: 1 });
  const delays = [delay];
  delay.enable();
  const t0 = performance.now();
  const submit = (command: Parameters<typeof hub.hall.submit>[0]) => hub.hall.submit(command, ACTOR);
  let middle: NodeJS.MemoryUsage | undefined;
  for (let i = 0; i < tickets; i += 8) {
    clock.advance(2000);
    const counters = Array.from({ length: 8 }, (_, j) => COUNTERS[(i + j) % COUNTERS.length]!);
    await Promise.all(counters.map((_, j) => submit({ type: 'issue', serviceId: SERVICES[(i + j) % SERVICES.length]! })));
    await Promise.all(counters.filter((c) => hub.hall.view.counters.get(c)?.state === 'calling').map((counterId) => submit({ type: 'start', counterId })));
    await Promise.all(counters.map((counterId) => submit({ type: 'call-next', counterId })));
    if (i === Math.floor(tickets / 16) * 8) {
      delay.disable();
      // Not waited for here (that would pause the day, and the screens' process caught up changes the
      // second half); what was unsent is printed beside the reading.
      backlogs.push({ ...backlog(), ms: 0 });
      middle = memory();
      probe.skip();
      delay = monitorEventLoopDelay({ resolution: 1 });
      delays.push(delay);
      delay.enable();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  delay.disable();
  const stalls = probe.stop();
  const q = (p: number) => Math.max(...delays.map((d) => d.percentile(p))) / 1e6;
  await sent();
  const after = memory();
  return {
    seconds,
    stalls,
    p50: q(50),
    p99: q(99),
    max: Math.max(...delays.map((d) => d.max)) / 1e6,
    stats: hub.hall.groupStats,
    // Screens taken off the feeds for being far behind, and put back with a snapshot (far-behind.ts).
    farBehind: hub.realtime.farBehind,
    rss: [before.rss, middle?.rss ?? before.rss, after.rss],
    heap: [before.heapUsed, middle?.heapUsed ?? before.heapUsed, after.heapUsed],
    backlogs,
  };
}

// `run`: plays the day and answers. `close`: the bench has the screens' own report (a hub closing
// first would count as connections lost), so the hub closes and the process ends by itself (a
// --cpu-prof profile is written at a normal exit).
process.on('message', (m: { run?: number; close?: boolean }) => {
  if (m.run) void day(m.run).then((r) => process.send?.(r));
  if (m.close) void hub.close().then(() => process.exit(0));
});
