// A hub listens before it loads today's tickets: while they load, /api/health says "starting" and the
// queue routes answer 503 HUB_STARTING (never a half-loaded queue); once loaded, the same queue as a
// hub that loaded in one go. The load is held between pages by the test (no timing involved).
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_TOKENS, demoHallConfig } from '../../hub/config/demo-hall.js';
import type { Hub } from '../../hub/server.js';
import { openDatabase } from '../../hub/store/database.js';
import { HallStore } from '../../hub/store/hall-store.js';
import { MONDAY_10AM, removeDir, startHeldHub, startTestHub, tempDir } from '../support/hub.js';

const dirs: string[] = [];
const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const TICKETS = 25;

/** A data directory with a morning's tickets: issued, some called and finished. */
async function seeded(): Promise<string> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const hub = await startTestHub({ dataDir });
  const staff = await hub.login('1001', '1');
  for (let i = 0; i < TICKETS; i++) {
    hub.clock.advance(1000);
    expect((await hub.api('POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId: i % 3 ? 'social-security' : 'household' } })).status).toBe(201);
  }
  for (const action of ['call', 'start', 'finish', 'call', 'start', 'finish', 'call'])
    expect((await hub.api('POST', `/api/counters/1/${action}`, { token: staff })).status, action).toBe(200);
  await hub.stop();
  return dataDir;
}

describe('start-up listens first', () => {
  it('answers health as starting and queue routes 503 until the day is loaded, then the whole queue', async () => {
    const dataDir = await seeded();
    // The second page waits for the test: the day is half loaded while the test asks.
    const held = await startHeldHub(dataDir, 10);
    const url = held.url;
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'starting', hall: demoHallConfig().hall.id });
    const live = await fetch(`${url}/api/live`, { headers: { authorization: `Bearer ${DEMO_DEVICE_TOKENS.display}` } });
    expect(live.status).toBe(503);
    expect(live.headers.get('retry-after')).toBe('1');
    expect((await live.json()).error).toEqual({ code: 'HUB_STARTING', message: '服务器正在启动（载入今日排队），请稍候再试' });
    const issue = await fetch(`${url}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_DEVICE_TOKENS.kiosk}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ serviceId: 'household' }),
    });
    expect(issue.status).toBe(503);
    expect((await issue.json()).error.message).toMatch(/starting/);
    expect(held.pages()).toBe(2);

    held.release();
    const hub = await held.started;
    hubs.push(hub);
    expect(hub.url).toBe(url);
    const ready = await (await fetch(`${url}/api/health`)).json();
    expect(ready.status).toBe('ok');
    expect(hub.hall.view.tickets.size).toBe(TICKETS);
    const after = await fetch(`${url}/api/live`, { headers: { authorization: `Bearer ${DEMO_DEVICE_TOKENS.display}` } });
    expect(after.status).toBe(200);
  });

  it('loads in pages exactly the state a load in one go gives (issue order, queue index, counts)', async () => {
    const dataDir = await seeded();
    const store = new HallStore(openDatabase(dataDir));
    try {
      const config = demoHallConfig({ realHours: true });
      const whole = store.loadState(config, MONDAY_10AM);
      const paged = await store.loadStateInPages(config, MONDAY_10AM, { pageSize: 3 });
      expect([...paged.tickets.keys()]).toEqual([...whole.tickets.keys()]);
      expect(paged.tickets.size).toBe(TICKETS);
      expect(paged.index).toEqual(whole.index);
      expect(paged.sequences).toEqual(whole.sequences);
      expect(paged.issuedToday).toEqual(whole.issuedToday);
      expect(paged.counters).toEqual(whole.counters);
      expect(paged.serviceTimes).toEqual(whole.serviceTimes);
      // Issue order: the day's first ticket first.
      const issuedAt = [...paged.tickets.values()].map((t) => t.issuedAt);
      expect(issuedAt).toEqual([...issuedAt].sort((a, b) => a - b));
    } finally {
      store.close();
    }
  });
});
