// The public /city page's data for a province-sized city (430 halls), in a real PostgreSQL (a throwaway
// cluster) behind the real central, while halls keep shipping: what a version check costs against the
// whole recomputation it replaces, and the JSON's requests/s against a static file (the /city page itself,
// express sendFile) served by the same express in the same run. Not a test: it prints figures.
//
//   npm run bench:city-public    (CITY_PUBLIC_HALLS=430 CITY_PUBLIC_SECONDS=8 CITY_PUBLIC_CONNECTIONS=50)
// The web must be built first (the static baseline is /city): npx vite build.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { addHall } from '../central/accounts.js';
import { citySnapshot, publicCity } from '../central/city-view.js';
import { ingest, type IngestBody } from '../central/ingest.js';
import { PublicCityCache } from '../central/public-cache.js';
import { startCentral } from '../central/server.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { shippedConfig, ticketKey, type ShippedEvent } from '../hub/upstream/sanitize.js';
import { startPgCluster } from '../tests/support/postgres.js';
import { median } from '../shared/percentile.js';

const HALLS = Number(process.env.CITY_PUBLIC_HALLS ?? 430);
const SECONDS = Number(process.env.CITY_PUBLIC_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.CITY_PUBLIC_CONNECTIONS ?? 50);
const config = shippedConfig(demoHallConfig({ realHours: false }));
const SERVICES = (config.services as { id: string }[]).map((s) => s.id);
const DAY = new Date().toISOString().slice(0, 10);

/** Ships the next events of one hall: its config and counters first, then tickets issued. */
function shipper(pool: Parameters<typeof ingest>[0], hallId: string) {
  let seq = 0;
  let tickets = 0;
  const ev = (type: string, rest: Record<string, unknown>): ShippedEvent => ({ seq: ++seq, at: Date.now(), type, actor: { kind: 'system', id: 'hub' }, ...rest });
  const send = (events: ShippedEvent[]) => ingest(pool, hallId, { hub: { lastSeq: seq, now: Date.now(), followupsOverdue: 0, devicesFaulty: 0 } as IngestBody['hub'], events });
  const ticket = () => {
    const i = tickets++;
    const now = Date.now();
    return ev('ticket.issued', {
      ticket: { key: ticketKey(hallId, `t-${i}`), number: `A${i}`, serviceId: SERVICES[i % SERVICES.length], zone: 'F1', businessDay: DAY, seq: i + 1, priority: 'normal', channel: 'kiosk', state: 'waiting', issuedAt: now, calledAt: null, startedAt: null, finishedAt: null },
    });
  };
  return {
    start: () => send([ev('config.changed', { config }), ...Array.from({ length: 8 }, (_, c) => ev('counter.state', { counter: { id: String(c + 1), zone: 'F1', state: 'idle', since: Date.now() } })), ...Array.from({ length: 10 }, ticket)]),
    ticket: () => send([ticket()]),
  };
}

const cluster = await startPgCluster();
try {
  const central = await startCentral({ db: cluster.createDatabase('city_public_bench'), port: 0, log: pino({ level: 'silent' }) });
  const pool = central.pool;
  const ids = Array.from({ length: HALLS }, (_, i) => `hall-${String(i + 1).padStart(3, '0')}`);
  const ships = new Map(ids.map((id) => [id, shipper(pool, id)]));
  for (const id of ids) {
    await addHall(pool, { id, name: `${id} 便民服务中心`, tier: id.endsWith('0') ? 'district' : 'township', address: `${id} 路 1 号` });
    await ships.get(id)!.start();
  }
  const page = await fetch(`${central.url}/city`);
  if (page.status !== 200) throw new Error('the web is not built (the static baseline is /city): run npx vite build');
  const pageBytes = (await page.arrayBuffer()).byteLength;

  const lines: [string, string, string][] = [];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  // 1. The whole recomputation (what every second cost before) beside a version check.
  const whole: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    JSON.stringify(publicCity(await citySnapshot(pool)));
    whole.push(performance.now() - t);
  }
  lines.push([`baseline: the whole public JSON recomputed (${HALLS} halls)`, ms(median(whole)), 'median of 5']);
  const cache = new PublicCityCache(pool, 1000);
  let t0 = performance.now();
  const first = await cache.get();
  lines.push(['first build of the versioned cache (every hall)', ms(performance.now() - t0), `${(first.body.length / 1024).toFixed(0)} KB`]);
  const quiet: number[] = [];
  const busy: number[] = [];
  let clock = Date.now();
  for (let i = 0; i < 5; i++) {
    // The clock moved on by the TTL, nothing shipped (the minute may turn once: then every hall is rebuilt).
    t0 = performance.now();
    await cache.get((clock += 1000));
    quiet.push(performance.now() - t0);
    // Five halls shipped a ticket since the last check.
    for (const id of ids.slice(i * 5, i * 5 + 5)) await ships.get(id)!.ticket();
    t0 = performance.now();
    await cache.get((clock += 1000));
    busy.push(performance.now() - t0);
  }
  lines.push(['version check, nothing shipped', ms(median(quiet)), 'median of 5']);
  lines.push(['version check, 5 halls shipped a ticket', ms(median(busy)), 'median of 5']);

  // 2. Phones: the JSON (and its 304) against the static page, same express, while halls ship a ticket every 50 ms.
  let shipping = true;
  let shipped = 0;
  const background = (async () => {
    while (shipping) {
      await ships.get(ids[shipped++ % ids.length]!)!.ticket();
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const cannon = async (path: string, headers: Record<string, string> = {}) => {
    const r = await autocannon({ url: central.url + path, connections: CONNECTIONS, duration: SECONDS, headers });
    return r.requests.average;
  };
  const checksBefore = central.publicCache.computations;
  const rebuiltBefore = central.publicCache.hallsRebuilt;
  const staticRps = await cannon('/city');
  const jsonRps = await cannon('/api/public/city', { 'accept-encoding': 'gzip' });
  const plainRps = await cannon('/api/public/city', { 'accept-encoding': 'identity' });
  const etag = (await fetch(`${central.url}/api/public/city`)).headers.get('etag')!;
  const notModifiedRps = await cannon('/api/public/city', { 'if-none-match': etag, 'accept-encoding': 'gzip' });
  shipping = false;
  await background;
  const checks = central.publicCache.computations - checksBefore;
  const rebuilt = central.publicCache.hallsRebuilt - rebuiltBefore;
  lines.push([`static file: GET /city (${pageBytes} bytes, express sendFile), ${CONNECTIONS} connections`, `${staticRps.toFixed(0)} req/s`, 'baseline']);
  lines.push([`GET /api/public/city, gzip (${(first.gzip.length / 1024).toFixed(0)} KB, as phones ask)`, `${jsonRps.toFixed(0)} req/s`, `${((jsonRps / staticRps) * 100).toFixed(0)}% of static`]);
  lines.push([`GET /api/public/city, identity (${(first.body.length / 1024).toFixed(0)} KB)`, `${plainRps.toFixed(0)} req/s`, `${((plainRps / staticRps) * 100).toFixed(0)}% of static`]);
  lines.push(['GET /api/public/city, If-None-Match (304 while current; halls ship meanwhile)', `${notModifiedRps.toFixed(0)} req/s`, `${((notModifiedRps / staticRps) * 100).toFixed(0)}% of static`]);
  lines.push([`  meanwhile: ${shipped} tickets shipped, ${checks} version checks, ${rebuilt} halls rebuilt`, '', `${(rebuilt / Math.max(1, checks)).toFixed(1)} halls a check`]);
  await central.close();

  const w = Math.max(...lines.map((l) => l[0].length));
  console.log(`city public bench — ${HALLS} halls, PostgreSQL (throwaway cluster), node ${process.version}, ${new Date().toISOString()} (autocannon in the same process)`);
  for (const [a, b, c] of lines) console.log(`${a.padEnd(w)}  ${b.padStart(12)}  ${c}`);
} finally {
  cluster.stop();
}
