// A hall whose upload token is revoked is refused by the central and goes on working locally; the public
// page's JSON carries centres, queues and estimates only (no ticket numbers or keys, no staff, no seqs or
// ratings), is checked once per second whatever the number of phones, rebuilt only for the halls that
// shipped something, and answers 304 to a phone whose copy is current.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { cityHallConfig, FAST_UPSTREAM, hallTraffic, startTestCity, type TestCity } from '../support/central.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let city: TestCity;
let hubA: TestHub;
let hubB: TestHub;
let manager: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  city = await startTestCity();
  tokenA = await city.addHall('hall-a', '甲镇便民服务中心', { tier: 'district', address: '甲镇人民路1号' });
  tokenB = await city.addHall('hall-b', '乙镇便民服务中心', { tier: 'township', address: '乙镇解放路8号' });
  // Hall A is given its central in the hall config (`central: {url, token}`), hall B by the shipper's settings.
  hubA = await startTestHub({ config: cityHallConfig('hall-a', '甲镇便民服务中心', { url: city.central.url, token: tokenA }), upstream: FAST_UPSTREAM });
  hubB = await startTestHub({ config: cityHallConfig('hall-b', '乙镇便民服务中心'), upstream: { ...FAST_UPSTREAM, settings: { url: city.central.url, token: tokenB } } });
  manager = await city.managerToken();
  hallTraffic(hubA.hall, { issue: 12, serve: 4 });
  hallTraffic(hubB.hall, { issue: 8, serve: 2 });
}, 180_000);

afterAll(async () => {
  await hubA?.stop();
  await hubB?.stop();
  await city?.stop();
}, 180_000);

const hallRow = async (id: string) => ((await city.api('GET', '/api/halls', { token: manager })).body.halls as any[]).find((h) => h.hallId === id);

describe('a revoked hall', () => {
  it('is refused by the central and keeps working locally', async () => {
    await waitForValue(() => hallRow('hall-b'), (h) => h?.lastSeq === hubB.hall.lastSeq, 'hall B shipped');
    const before = hubB.hall.lastSeq;
    const r = await city.api('POST', '/api/halls/hall-b/revoke', { token: manager });
    expect(r.status).toBe(204);
    expect((await city.api('GET', '/api/ingest/high-water', { token: tokenB })).status).toBe(401);
    // The hub's next batch is refused; it says so and keeps trying slowly, and the hall goes on.
    const issued = await hubB.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    expect(issued.status).toBe(201);
    hallTraffic(hubB.hall, { issue: 3, serve: 2 });
    await waitFor(() => hubB.upstream.status()?.state === 'refused', 'the shipper refused');
    expect(hubB.upstream.status()!.lastError).toMatch(/401/);
    expect((await hubB.api('GET', '/api/health')).body.upstream).toMatchObject({ state: 'refused', connected: false, lastErrorCode: 'REFUSED' });
    // It keeps retrying (every 150–300 ms here) and stays refused during the retries too (it said
    // "connecting" while asking the central again, a few ms each time): looked at every millisecond or so.
    const seen = new Set<string>();
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      seen.add(hubB.upstream.status()!.state);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect([...seen]).toEqual(['refused']);
    const me = await hubB.login('1002', '2');
    const called = await hubB.api('POST', '/api/counters/2/call', { token: me });
    expect(called.status).toBe(200);
    expect(hubB.hall.lastSeq).toBeGreaterThan(before);
    expect((await hallRow('hall-b')).lastSeq).toBe(before);
    expect((await hallRow('hall-b')).revoked).toBe(true);
    // Hall A is untouched.
    hallTraffic(hubA.hall, { issue: 2 });
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A still shipping');
  });

  it('is refused on the managers\' API without a session, and a wrong login is refused', async () => {
    expect((await city.api('GET', '/api/halls')).status).toBe(401);
    expect((await city.api('GET', '/api/reports?from=2026-01-01&to=2026-12-31')).status).toBe(401);
    expect((await city.api('POST', '/api/sessions', { body: { username: 'admin', password: 'wrong' } })).status).toBe(401);
    expect((await city.api('POST', '/api/ingest/events', { token: 'hc_nonsense', body: { hub: { lastSeq: 0, now: 0 }, events: [] } })).status).toBe(401);
  });
});

describe('the central in a hall config', () => {
  it('ships from the config, and the upload token stays in the hub: not in GET /api/config nor /api/events', async () => {
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A shipped');
    const m = await hubA.managerToken();
    const config = await hubA.api('GET', '/api/config', { token: m });
    expect(config.body.central).toEqual({ url: city.central.url });
    const events = await hubA.api('GET', '/api/events?after=0&limit=1000', { token: m });
    expect(JSON.stringify(events.body)).not.toContain(tokenA);
    // A PUT of the config as GET gave it keeps the token: still shipping afterwards.
    const put = await hubA.api('PUT', '/api/config', { token: m, body: config.body });
    expect(put.status).toBe(200);
    expect(hubA.hall.config.central?.token).toBe(tokenA);
    hallTraffic(hubA.hall, { issue: 1 });
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A still shipping after the PUT');
    // Its config.changed events reached the central without the token.
    const shipped = await city.sql<{ payload: unknown }>(`SELECT payload FROM events WHERE hall_id = 'hall-a' AND type = 'config.changed'`);
    expect(shipped.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(shipped)).not.toContain(tokenA);
  });
});

describe('city reports', () => {
  it('sums the shipped days by hall, tier and service, and exports them as XLSX', async () => {
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A shipped');
    const day = hubA.hall.view.businessDay;
    const byHall = await city.api('GET', `/api/reports?from=${day}&to=${day}&by=hall`, { token: manager });
    expect(byHall.status).toBe(200);
    const a = (byHall.body.rows as any[]).find((r) => r.key === 'hall-a');
    const issuedA = hubA.hall.store.eventsAfter(0, 1_000_000).filter((e) => e.type === 'ticket.issued').length;
    expect(a.issued).toBe(issuedA);
    expect(a.label.zh).toBe('甲镇便民服务中心');
    expect(byHall.body.total.issued).toBeGreaterThanOrEqual(issuedA);
    const byTier = await city.api('GET', `/api/reports?from=${day}&to=${day}&by=tier&halls=hall-a`, { token: manager });
    expect(byTier.body.rows).toHaveLength(1);
    expect(byTier.body.rows[0]).toMatchObject({ key: 'district', issued: issuedA, halls: 1 });
    const byService = await city.api('GET', `/api/reports?from=${day}&to=${day}&by=service&halls=hall-a`, { token: manager });
    expect((byService.body.rows as any[]).find((r) => r.key === 'social-security').label.zh).toBe('社保业务');
    // By day reads the per-hall day rows (hall_day_stats): the same sums as the per-service rows.
    const byDay = await city.api('GET', `/api/reports?from=${day}&to=${day}&by=day&halls=hall-a`, { token: manager });
    expect(byDay.body.rows).toHaveLength(1);
    expect(byDay.body.rows[0]).toMatchObject({ key: day, issued: issuedA, served: a.served, rated: a.rated, bad: a.bad, halls: 1 });
    expect((await city.api('GET', `/api/reports?from=${day}&to=2020-01-01`, { token: manager })).status).toBe(400);

    const res = await fetch(`${city.central.url}/api/reports/export?from=${day}&to=${day}&by=hall`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const sheet = wb.worksheets[0]!;
    const names = sheet.getColumn(2).values.map(String);
    expect(names).toContain('甲镇便民服务中心');
  });
});

describe('the public page', () => {
  it('shows centres, addresses and queues by service with estimates, and nothing personal', async () => {
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A shipped');
    const r = await city.api('GET', '/api/public/city');
    expect(r.status).toBe(200);
    const a = (r.body.halls as any[]).find((h) => h.id === 'hall-a');
    expect(a.name.zh).toBe('甲镇便民服务中心');
    expect(a.address.zh).toBe('甲镇人民路1号');
    expect(a.open).toBe(true);
    const waitingHere = [...hubA.hall.view.tickets.values()].filter((t) => t.state === 'waiting');
    expect(a.waiting).toBe(waitingHere.length);
    const social = (a.services as any[]).find((s) => s.id === 'social-security');
    expect(social.waiting).toBe(waitingHere.filter((t) => t.serviceId === 'social-security').length);
    expect(typeof social.estimatedWaitMin === 'number' || social.estimatedWaitMin === null).toBe(true);

    // Only these keys, at every level: nothing else can carry personal data.
    const allowed = new Set(['generatedAt', 'version', 'halls', 'id', 'name', 'zh', 'en', 'tier', 'address', 'open', 'live', 'waiting', 'services', 'estimatedWaitMin']);
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          expect(allowed.has(k), `key "${k}" on the public page`).toBe(true);
          walk(x);
        }
    };
    walk(r.body);
    const text = JSON.stringify({ ...r.body, generatedAt: null });
    for (const t of [...hubA.hall.view.tickets.values()]) {
      expect(text).not.toContain(t.id);
      expect(text).not.toContain(`"${t.number}"`);
    }
    expect(text).not.toMatch(/100[0-9]|staff|seq|rating|score|comment/i);
  });

  it('is one computation per second for every phone, with an ETag a current phone gets 304 for', async () => {
    const first = await city.api('GET', '/api/public/city');
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=1/);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await city.api('GET', '/api/public/city', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // 200 phones at once: at most one computation per second of wall time, shared by all of them.
    const cache = city.central.publicCache;
    const before = cache.computations;
    const started = Date.now();
    const all = await Promise.all(Array.from({ length: 200 }, () => city.api('GET', '/api/public/city')));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    expect(all.every((x) => x.status === 200)).toBe(true);
    expect(cache.computations - before).toBeLessThanOrEqual(seconds + 1);
  });

  it('is kept by version: a check with nothing shipped rebuilds no hall, a ticket rebuilds its hall only', async () => {
    const cache = city.central.publicCache;
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'hall A shipped');
    // Times chosen (not waited for) so that no hall's minute of office hours turns between the checks.
    const offsets = (await city.sql<{ o: number }>('SELECT clock_offset_ms AS o FROM hall_state')).map((r) => Number(r.o));
    let t = Date.now();
    const minute = (at: number) => offsets.map((o) => Math.floor((at + o) / 60_000)).join();
    if (minute(t) !== minute(t + 5_000)) t += 6_000;
    const first = await cache.get(t);
    const rebuilt = cache.hallsRebuilt;
    const quiet = await cache.get(t + 1_500);
    expect(cache.hallsRebuilt).toBe(rebuilt);
    expect(quiet.etag).toBe(first.etag);
    expect(quiet.version).toBe(first.version);

    const issued = await hubA.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(issued.status).toBe(201);
    await waitForValue(() => hallRow('hall-a'), (h) => h?.lastSeq === hubA.hall.lastSeq, 'the ticket shipped');
    const after = await cache.get(t + 3_000);
    expect(cache.hallsRebuilt).toBe(rebuilt + 1);
    expect(after.version).toBe(first.version + 1);
    expect(after.etag).not.toBe(first.etag);
    const waitingA = (b: { body: string }) => (JSON.parse(b.body).halls as any[]).find((h) => h.id === 'hall-a').waiting;
    expect(waitingA(after)).toBe(waitingA(first) + 1);
  });
});
