// Figures for logins (not a test: the machines are shared, read them as orders of size):
//   - how long a failed login takes for a known staff number (wrong PIN) and for an unknown one — they
//     should match, or the timing tells which staff numbers exist (the synchronous version: 46–81 ms vs 2–3 ms);
//   - how long the event loop stalls while logins are checked: the asynchronous scrypt the hub uses now,
//     beside the synchronous scrypt it used before (baseline, run in the same process).
//
//   npm run bench:login          (HALL_BENCH_LOGINS=… samples per kind, default 48)
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pino from 'pino';
import { ManualClock } from '../hub/clock.js';
import { verifySecret } from '../hub/auth/secrets.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { startHub } from '../hub/server.js';
import { MONDAY_10AM, removeDir, tempDir } from '../tests/support/hub.js';
import { median, percentileOf } from '../shared/percentile.js';

const N = Number(process.env.HALL_BENCH_LOGINS ?? 48);

const dataDir = tempDir('hall-login-bench-');
const config = demoHallConfig({ realHours: true });
const hub = await startHub({ config, configSource: 'bench', dataDir, port: 0, host: '127.0.0.1', clock: new ManualClock(MONDAY_10AM), log: pino({ level: 'silent' }) });

// Each try from its own client address, spread over the staff numbers: no lockout gets in the way.
let n = 0;
const client = () => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}`;
async function failedLogin(staffNo: string): Promise<number> {
  const t0 = performance.now();
  await hub.auth.loginStaff(staffNo, '0000', '1', client()).catch(() => {});
  return performance.now() - t0;
}

// Warm up both paths (first scrypt allocations, statement caches).
for (let i = 0; i < 4; i++) {
  await failedLogin('1001');
  await failedLogin('9999');
}
const known: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < N; i++) {
  // Interleaved, so that load on the machine falls on both alike.
  known.push(await failedLogin(String(1001 + (i % 16))));
  unknown.push(await failedLogin(String(900000 + i)));
}

/** The worst event-loop delay while `work` runs (a 1 ms timer's lateness, as perf_hooks measures it). */
async function loopStall(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await work();
  h.disable();
  return h.max / 1e6;
}
const CONCURRENT = 8;
const hash = config.staff[0]!.pinHash;
const asyncStall = await loopStall(() => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => hub.auth.loginStaff(String(1001 + i), '0000', '1', client()).catch(() => {}))));
const syncStall = await loopStall(async () => {
  for (let i = 0; i < CONCURRENT; i++) {
    verifySecret('0000', hash);
    // The old login path ran its scrypt inside the request handler, one request after the other.
    await new Promise((r) => setImmediate(r));
  }
});

await hub.close();
removeDir(dataDir);

const rows = [
  ['what', 'n', 'p50 ms', 'p90 ms'],
  ['failed login, known staff number', String(known.length), median(known).toFixed(1), percentileOf(known, 0.9).toFixed(1)],
  ['failed login, unknown staff number', String(unknown.length), median(unknown).toFixed(1), percentileOf(unknown, 0.9).toFixed(1)],
];
console.log(rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(8))).join('')).join('\n'));
console.log(`\nunknown/known p50 ratio: ${(median(unknown) / median(known)).toFixed(2)}   (the synchronous version: ~0.04, 2–3 ms vs 46–81 ms)`);
console.log(`\nworst event-loop stall during ${CONCURRENT} logins:`);
console.log(`  asynchronous scrypt (now)        ${asyncStall.toFixed(1)} ms   (what is left: the failures' SQLite writes)`);
console.log(`  synchronous scrypt (baseline)    ${syncStall.toFixed(1)} ms   (each login's scrypt blocks every push and request)`);
