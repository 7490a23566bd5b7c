// Figures for the open pad protocol (counter-pads/PROTOCOL.md): how fast the hub's bus master polls a bus
// of simulated units over a kernel pty (socat), how long a key press takes to become a hall input, and
// the bytes one polling round costs — from which the round time on a real 9600-baud RS-485 line
// follows (10 bits per byte on the wire). Machines are shared: read the figures as orders of size.
//
//   npm run bench:pad           (HALL_BENCH_UNITS=10, HALL_BENCH_PRESSES=100 to change)
import type { DeviceInput, DriverDevice } from '../devices/driver.js';
import { DriverRegistry } from '../devices/driver.js';
import { DeviceHost } from '../devices/host.js';
import { stopAllPtys } from '../devices/pty.js';
import { openPadFactory } from '../counter-pads/open-pad-driver.js';
import { startOpenPadSimulator } from '../counter-pads/simulator.js';
import { percentileOf } from '../shared/percentile.js';

const UNITS = Number(process.env.HALL_BENCH_UNITS ?? 10);
const PRESSES = Number(process.env.HALL_BENCH_PRESSES ?? 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const units = Array.from({ length: UNITS }, (_, i) => ({ unit: i + 1, counter: String(i + 1) }));
  const sim = await startOpenPadSimulator('keypad', { transport: 'pty', units });
  const registry = new DriverRegistry();
  // No pause between rounds: the bus runs flat out, so the figures are the protocol's and the host's.
  registry.register(openPadFactory('keypad', { pollIntervalMs: 0, debounceMs: 0 }));
  const device: DriverDevice = { id: 'bench', kind: 'keypad', name: null, zone: null, counter: null, address: sim.address, kiosk: null, units: units.map((u) => ({ ...u, name: null })) };
  const arrived: Array<{ input: DeviceInput; at: number }> = [];
  let online = false;
  const host = new DeviceHost({ device, registry, onHealth: (h) => (online = h.state === 'online'), onInput: (input) => arrived.push({ input, at: performance.now() }) });
  host.start(null);
  while (!online) await sleep(10);
  await sleep(500);
  const stat = (s: Record<string, number> | null, k: string) => s?.[k] ?? 0;

  // Polling rate: polls answered during a quiet second.
  const before = host.stats();
  const t0 = performance.now();
  await sleep(2000);
  const after = host.stats();
  const seconds = (performance.now() - t0) / 1000;
  const answers = stat(after, 'rxFrames') - stat(before, 'rxFrames');
  const polls = answers / seconds;
  const bytes = stat(after, 'txBytes') - stat(before, 'txBytes') + stat(after, 'rxBytes') - stat(before, 'rxBytes');
  const bytesPerRound = (bytes / answers) * UNITS;

  // Press → input latency, one press at a time, on units in a scrambled order (pressing them in polling
  // order would always catch the poller just before the unit).
  const latencies: number[] = [];
  for (let i = 0; i < PRESSES; i++) {
    const n = arrived.length;
    const start = performance.now();
    sim.pressKey(1 + ((i * 7 + (i >> 3)) % UNITS), i % 2 ? 'recall' : 'call-next');
    while (arrived.length === n) await sleep(0);
    latencies.push(arrived[n]!.at - start);
  }
  const pct = (p: number) => percentileOf(latencies, p / 100).toFixed(1);

  const wireMsPerRound = ((bytesPerRound * 10) / 9600) * 1000;
  console.log(`open pad protocol, ${UNITS} units on one bus (kernel pty, no pause between rounds)`);
  console.log(`  polls answered      ${polls.toFixed(0)}/s  (${(polls / UNITS).toFixed(0)} rounds/s)`);
  console.log(`  press → input       p50 ${pct(50)} ms, p99 ${pct(99)} ms over ${PRESSES} presses`);
  console.log(`  bytes per round     ${bytesPerRound.toFixed(0)} (polls and answers, quiet bus)`);
  console.log(`  at 9600 baud        ${wireMsPerRound.toFixed(0)} ms on the wire per round, plus the 100 ms pause the driver keeps by default`);
  await host.stop();
  await sim.close();
  await stopAllPtys();
}

main().catch(async (e) => {
  console.error(e);
  await stopAllPtys();
  process.exit(1);
});
