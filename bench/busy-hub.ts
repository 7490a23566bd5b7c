// The busy day's hub in its own process (bench/hub-bench.ts starts it): the screens that watch it are the
// bench's, in another process, so the event-loop delay measured here is the hub's alone. Prints its URL;
// on the message `run` it plays the day (kiosks in bursts of 8, counters calling between them, as
// concurrent requests would: each burst one grouped commit) and answers with the loop's delay and memory.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { ManualClock } from '../hub/clock.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
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
 * Turns of the loop that came more than 30 ms late, each with the CPU time this process spent meanwhile
 * (process.cpuUsage: all its threads): on a machine shared by other builds a late turn is often the
 * process waiting for a core, not working. The delay histogram cannot tell the two apart; this can.
 */
function stallProbe() {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const stalls: { ms: number; cpuMs: number }[] = [];
  const timer = setInterval(() => {
    const w = performance.now();
    const c = process.cpuUsage();
    if (w - wall > 30) stalls.push({ ms: w - wall, cpuMs: (c.user - cpu.user + c.system - cpu.system) / 1000 });
    wall = w;
    cpu = c;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      const worst = [...stalls].sort((a, b) => b.ms - a.ms)[0];
      const busiest = [...stalls].sort((a, b) => b.cpuMs - a.cpuMs)[0];
      return { count: stalls.length, worst, busiest, over30cpu: stalls.filter((x) => x.cpuMs > 30).length };
    },
  };
}

async function day(tickets: number) {
  const before = memory();
  const probe = stallProbe();
  const delay = monitorEventLoopDelay({ resolution: 1 });
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
      middle = memory();
      delay.enable();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  delay.disable();
  const stalls = probe.stop();
  const after = memory();
  const q = (p: number) => delay.percentile(p) / 1e6;
  return {
    seconds,
    stalls,
    p50: q(50),
    p99: q(99),
    max: delay.max / 1e6,
    stats: hub.hall.groupStats,
    rss: [before.rss, middle?.rss ?? before.rss, after.rss],
    heap: [before.heapUsed, middle?.heapUsed ?? before.heapUsed, after.heapUsed],
  };
}

process.on('message', (m: { run?: number }) => {
  if (!m.run) return;
  void day(m.run).then(async (r) => {
    process.send?.(r);
    await hub.close();
    // Ends by itself (a --cpu-prof profile is written at a normal exit).
    process.exit(0);
  });
});
