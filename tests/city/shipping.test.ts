// Two real hubs ship their event logs to a real central on a throwaway PostgreSQL cluster. Hall B reaches
// the central through a TCP proxy standing for the WAN: cut for a while, during which the hall goes on
// issuing, calling and rating, then restored; it catches up with no event missing or doubled (lastSeq
// equals the hub's last seq, the stored seqs are exactly 1…lastSeq, in the hub's order and types), and
// the city view agrees with the hall's own state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { cityHallConfig, FAST_UPSTREAM, hallTraffic, startTestCity, type TestCity } from '../support/central.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

let city: TestCity;
let hubA: TestHub;
let hubB: TestHub;
let wan: TcpProxy;
let manager: string;

beforeAll(async () => {
  city = await startTestCity();
  const tokenA = await city.addHall('hall-a', '甲镇便民服务中心', { tier: 'township', address: '甲镇人民路1号' });
  const tokenB = await city.addHall('hall-b', '乙镇便民服务中心', { tier: 'township', address: '乙镇解放路8号' });
  wan = await startTcpProxy(city.central.port);
  hubA = await startTestHub({ config: cityHallConfig('hall-a', '甲镇便民服务中心'), upstream: { ...FAST_UPSTREAM, settings: { url: city.central.url, token: tokenA } } });
  hubB = await startTestHub({ config: cityHallConfig('hall-b', '乙镇便民服务中心'), upstream: { ...FAST_UPSTREAM, settings: { url: wan.url, token: tokenB } } });
  manager = await city.managerToken();
}, 180_000);

afterAll(async () => {
  await hubA?.stop();
  await hubB?.stop();
  await wan?.close();
  await city?.stop();
}, 180_000);

const hallRow = async (id: string) => {
  const r = await city.api('GET', '/api/halls', { token: manager });
  return (r.body.halls as any[]).find((h) => h.hallId === id);
};

/** The stored log of a hall is exactly the hub's: seqs 1…n, each once, same types in the same order. */
async function expectSameLog(hub: TestHub, hallId: string) {
  const stored = await city.sql<{ seq: number; type: string }>('SELECT seq, type FROM events WHERE hall_id = $1 ORDER BY seq', [hallId]);
  const local = hub.hall.store.eventsAfter(0, 1_000_000);
  expect(stored.length).toBe(local.length);
  expect(stored.map((e) => e.seq)).toEqual(local.map((e) => e.seq));
  expect(stored.map((e) => e.type)).toEqual(local.map((e) => e.type));
  expect(local.at(-1)!.seq).toBe(hub.hall.lastSeq);
}

describe('two hubs ship to the central', () => {
  it('both catch up from the start, in order, with the projections matching the halls', async () => {
    hallTraffic(hubA.hall, { issue: 30, serve: 10 });
    hallTraffic(hubB.hall, { issue: 20, serve: 5 });
    for (const [hub, id] of [[hubA, 'hall-a'], [hubB, 'hall-b']] as const) {
      const row = await waitForValue(() => hallRow(id), (h) => h?.lastSeq === hub.hall.lastSeq, `${id} shipped to ${hub.hall.lastSeq}`);
      await expectSameLog(hub, id);
      const waitingHere = [...hub.hall.view.tickets.values()].filter((t) => t.state === 'waiting').length;
      expect(row.waiting).toBe(waitingHere);
      expect(row.countersOpen).toBe([...hub.hall.view.counters.values()].filter((c) => c.state !== 'closed').length);
      expect(row.servedToday).toBeGreaterThan(0);
      expect(row.satisfactionToday).toBeGreaterThan(0);
      expect(row.satisfactionToday).toBeLessThan(1);
      expect(row.lagSeconds).not.toBeNull();
    }
  });

  it('a hall cut off from the central goes on working and catches up afterwards, nothing missing or doubled', async () => {
    const before = hubB.hall.lastSeq;
    await waitForValue(() => hallRow('hall-b'), (h) => h?.lastSeq === before, 'hall B caught up before the cut');
    await wan.cut();
    // The hall keeps working: tickets issued over HTTP as a kiosk would, served at counters.
    for (let i = 0; i < 5; i++) {
      const r = await hubB.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
      expect(r.status).toBe(201);
    }
    hallTraffic(hubB.hall, { issue: 40, serve: 20 });
    await waitFor(() => hubB.upstream.status()?.state === 'backoff', 'the shipper backing off while the WAN is down');
    expect((await hallRow('hall-b')).lastSeq).toBe(before);
    expect(hubB.hall.lastSeq).toBeGreaterThan(before + 40);
    // The hub's health says so: not connected, the backlog, the last seq the central acknowledged, the code.
    const down = (await hubB.api('GET', '/api/health')).body.upstream;
    expect(down).toMatchObject({ state: 'backoff', connected: false, lastShippedSeq: before, backlog: hubB.hall.lastSeq - before, lastErrorCode: 'UNREACHABLE' });
    expect(down.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(down)).not.toContain(String(wan.port));

    await wan.restore();
    await waitForValue(() => hallRow('hall-b'), (h) => h?.lastSeq === hubB.hall.lastSeq, 'hall B caught up after the cut', 30_000);
    await expectSameLog(hubB, 'hall-b');
    const up = await waitForValue(async () => (await hubB.api('GET', '/api/health')).body.upstream, (u) => u.lastShippedSeq === hubB.hall.lastSeq, 'the health shows hall B caught up');
    expect(up).toMatchObject({ connected: true, backlog: 0, lagSeconds: 0, lastErrorCode: null });
    expect(up.lastContactAt).toBeGreaterThan(0);
    // Hall A was not affected.
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A current');
    await expectSameLog(hubA, 'hall-a');
  });

  it('the per-day aggregates add up to the hall log', async () => {
    await waitForValue(() => hallRow('hall-b'), (h) => h?.lastSeq === hubB.hall.lastSeq, 'hall B current');
    const local = hubB.hall.store.eventsAfter(0, 1_000_000);
    const [sums] = await city.sql('SELECT sum(issued)::int AS issued, sum(served)::int AS served, sum(rated)::int AS rated, sum(bad)::int AS bad FROM day_stats WHERE hall_id = $1', ['hall-b']);
    expect(sums.issued).toBe(local.filter((e) => e.type === 'ticket.issued').length);
    expect(sums.served).toBe(local.filter((e) => e.type === 'ticket.finished').length);
    expect(sums.rated).toBe(local.filter((e) => e.type === 'ticket.rated').length);
    expect(sums.bad).toBe(local.filter((e) => e.type === 'ticket.rated' && 'ticket' in e && e.ticket.rating!.score <= 2).length);
  });

  it('ships no secrets and no personal data: no ticket ids, comments, staff names or credential hashes', async () => {
    const rows = await city.sql<{ payload: unknown }>('SELECT payload FROM events WHERE hall_id = $1', ['hall-a']);
    const all = JSON.stringify(rows);
    for (const t of hubA.hall.store.eventsAfter(0, 1_000_000)) if ('ticket' in t) expect(all).not.toContain(t.ticket.id);
    expect(all).not.toContain('13800000000');
    expect(all).not.toContain('张三');
    expect(all).not.toContain('scrypt$');
    expect(all).not.toContain('demo-kiosk');
    expect(all).not.toContain('王芳');
    expect(all).not.toContain('passwordHash');
    // What the city needs is there.
    expect(all).toContain('"type":"ticket.rated"');
    expect(all).toContain('"staffNo":"1001"');
  });
});
