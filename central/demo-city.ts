// `npm run demo:city`: a demo city on one machine. A throwaway PostgreSQL cluster (Debian's postgresql,
// as in the tests), the central on it, and three demo halls of different sizes — a district centre (the
// demo hall, 16 counters), a township centre (4 counters) and a village service point (2 counters) —
// each a real hub with virtual devices, shipping to the central, with simulated citizens and staff so
// the dashboard and the public page move. Ctrl-C stops everything and deletes the cluster and the data.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { demoHallInput } from '../hub/config/demo-hall.js';
import { hallConfigSchema, type HallConfig } from '../hub/config/schema.js';
import { DEMO_VIRTUAL_DEVICES, startVirtualHall, type VirtualDevicePlan, type VirtualHall } from '../hub/device-supervision/virtual-hall.js';
import type { Hall } from '../hub/hall.js';
import { startHub, type Hub } from '../hub/server.js';
import { startPgCluster } from '../tests/support/postgres.js';
import { addHall, ensureAdmin } from './accounts.js';
import { startCentral } from './server.js';

const BASE = Number(process.env.DEMO_CITY_PORT ?? 8090);
const log = pino({ level: process.env.HALL_LOG_LEVEL ?? 'warn' });

interface DemoHall {
  id: string;
  name: string;
  nameEn: string;
  tier: 'district' | 'township' | 'village';
  address: string;
  addressEn: string;
  /** Services kept from the demo hall (all when undefined) and counters kept. */
  services?: string[];
  counters?: string[];
  /** Tickets issued per minute, roughly. */
  perMinute: number;
}

const HALLS: DemoHall[] = [
  { id: 'district', name: '示范县政务服务中心', nameEn: 'Demo County Government Service Centre', tier: 'district', address: '示范县人民大道 88 号', addressEn: '88 Renmin Avenue, Demo County', perMinute: 12 },
  {
    id: 'township-east', name: '东镇便民服务中心', nameEn: 'East Town Service Centre', tier: 'township', address: '东镇解放路 8 号', addressEn: '8 Jiefang Road, East Town',
    services: ['social-security', 'medical-insurance', 'household', 'comprehensive'], counters: ['1', '3', '4', '10'], perMinute: 4,
  },
  {
    id: 'village-west', name: '西村便民服务站', nameEn: 'West Village Service Point', tier: 'village', address: '西村村委会一楼', addressEn: 'West Village committee, ground floor',
    services: ['social-security', 'comprehensive'], counters: ['1', '10'], perMinute: 1.5,
  },
];

/** The demo hall cut down to a smaller centre: only some services and counters (and their devices). */
function hallConfig(h: DemoHall, central: { url: string; token: string }): HallConfig {
  const input = demoHallInput();
  input.hall = { ...input.hall, id: h.id, name: { zh: h.name, en: h.nameEn } };
  if (h.services) {
    const keep = new Set(h.services);
    input.services = input.services.filter((s) => keep.has(s.id));
    input.counters = input.counters
      .filter((k) => h.counters!.includes(k.id))
      .map((k) => ({ ...k, services: k.services.filter((s) => keep.has(s.service)) }));
    input.zones = input.zones.filter((z) => z.id === 'F1');
  }
  return hallConfigSchema.parse({ ...input, central });
}

/** The demo's virtual devices for the counters this hall has. */
function virtualPlan(counters: Set<string>): VirtualDevicePlan[] {
  return DEMO_VIRTUAL_DEVICES.flatMap((p) => {
    if (!p.units) return [p];
    const units = p.units.filter((u) => u.counter === undefined || counters.has(u.counter));
    return units.length ? [{ ...p, units }] : [];
  });
}

/** Citizens arriving and staff working: a few engine commands every couple of seconds. */
function simulate(hall: Hall, perMinute: number): NodeJS.Timeout {
  const kiosk = { kind: 'device' as const, id: 'kiosk-1' };
  const services = hall.config.services.map((s) => s.id);
  const counters = hall.config.counters.map((c) => c.id);
  const staffOf = (c: string) => ({ kind: 'staff' as const, id: String(1000 + Number(c)) });
  const run = (f: () => void) => {
    try {
      f();
    } catch {
      /* refused by the engine (closed, nothing waiting): as at a real counter, try again later */
    }
  };
  // Most counters open; one stays closed so the dashboard has something to say.
  for (const c of counters.slice(0, Math.max(1, counters.length - 1))) run(() => hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, staffOf(c)));
  const timer = setInterval(() => {
    const arrivals = Math.floor(perMinute / 30 + Math.random());
    for (let i = 0; i < arrivals; i++) run(() => hall.execute({ type: 'issue', serviceId: services[Math.floor(Math.random() * services.length)]! }, kiosk));
    for (const c of counters) {
      const st = hall.view.counters.get(c);
      if (!st || st.state === 'closed' || Math.random() < 0.5) continue;
      if (st.state === 'idle') run(() => hall.execute({ type: 'call-next', counterId: c }, staffOf(c)));
      else if (st.state === 'calling') run(() => hall.execute({ type: 'start', counterId: c }, staffOf(c)));
      else if (st.state === 'serving' && Math.random() < 0.25) {
        const ticketId = st.ticketId;
        run(() => hall.execute({ type: 'finish', counterId: c }, staffOf(c)));
        if (ticketId && Math.random() < 0.8) {
          const score = Math.random() < 0.08 ? 2 : Math.random() < 0.7 ? 5 : 4;
          run(() => hall.execute({ type: 'rate', ticketId, rating: { score, items: null, reasons: score <= 2 ? ['long-wait'] : [], comment: null, source: 'pad' } }, { kind: 'device', id: 'pad-1' }));
        }
      }
    }
  }, 2000);
  timer.unref();
  return timer;
}

// The device families the virtual devices need (printers, boards, pads), as `hall start` loads them.
const { driverModulesFromEnv, loadDriverFamilies } = await import('../devices/families.js');
await loadDriverFamilies(driverModulesFromEnv());

const cluster = await startPgCluster();
const dataRoot = mkdtempSync(join(tmpdir(), 'hall-demo-city-'));
const hubs: Hub[] = [];
const virtuals: VirtualHall[] = [];
const timers: NodeJS.Timeout[] = [];
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const t of timers) clearInterval(t);
  // The cluster and the data go whatever happens to the rest: a part that hangs on close gets 10 s.
  const parts = (async () => {
    for (const h of hubs) await h.close().catch(() => {});
    for (const v of virtuals) await v.close().catch(() => {});
    await central?.close().catch(() => {});
  })();
  await Promise.race([parts, new Promise((r) => setTimeout(r, 10_000).unref())]);
  cluster.stop();
  rmSync(dataRoot, { recursive: true, force: true });
  process.exit(code);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

let central: Awaited<ReturnType<typeof startCentral>> | undefined;
try {
  const db = cluster.createDatabase('city');
  central = await startCentral({ db, port: BASE, host: process.env.HOST ?? '127.0.0.1', log });
  const password = process.env.HALL_CENTRAL_ADMIN_PASSWORD || randomBytes(6).toString('base64url');
  await ensureAdmin(central.pool, password);
  const lines = ['', '  示范城市 Demo city', `  central   ${central.url}/   (city dashboard: admin / ${password})`, `  public    ${central.url}/city`, `  database  ${db}`];
  for (const [i, h] of HALLS.entries()) {
    const token = (await addHall(central.pool, { id: h.id, name: h.name, nameEn: h.nameEn, tier: h.tier, address: h.address, addressEn: h.addressEn }))!;
    const config = hallConfig(h, { url: central.url, token });
    const dataDir = join(dataRoot, h.id);
    const virtual = await startVirtualHall({ ptyDir: join(dataDir, 'virtual'), tcpPortBase: 0, plan: virtualPlan(new Set(config.counters.map((c) => c.id))), log: log.child({ hall: h.id, part: 'virtual' }) });
    virtuals.push(virtual);
    const withDevices = hallConfigSchema.parse({ ...config, devices: [...config.devices, ...virtual.configDevices()] });
    const hub = await startHub({ config: withDevices, configSource: 'demo-city', dataDir, port: BASE + 1 + i, host: process.env.HOST ?? '127.0.0.1', log: log.child({ hall: h.id }), virtual });
    hubs.push(hub);
    timers.push(simulate(hub.hall, h.perMinute));
    lines.push(`  ${h.tier.padEnd(9)} ${hub.url}/   ${h.name} (${config.counters.length} counters, ${virtual.running.length} virtual devices at ${hub.url}/virtual)`);
  }
  lines.push('  demo hall credentials on every hall: staff 1001…, PIN 1234; manager admin / admin1234', '  Ctrl-C stops the city and deletes its database and data.', '');
  console.log(lines.join('\n'));
} catch (e) {
  console.error(`the demo city could not start: ${(e as Error).message}`);
  await stop(1);
}
