// GET /api/staffing on a real hub: past Mondays' tickets (issued, served, the day rolled over and
// summarised) give next Monday's advice for that half-hour, beside the counters open now; bad weeks
// are refused; managers only. The API's ticket answer with no counter open has no wait figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersNeeded } from '../../hub/planning/erlang.js';
import { MONDAY_10AM, removeDir, startTestHub, type TestHub } from '../support/hub.js';

const MIN = 60_000;
const WEEK = 7 * 86_400_000;
let hub: TestHub;
let manager: string;

async function ok(method: string, path: string, token: string, body: unknown = {}) {
  const r = await hub.api(method, path, method === 'GET' ? { token } : { token, body });
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  // Monday 2026-11-16 10:00: four social-security tickets, each served in 6 minutes at counter 1.
  hub = await startTestHub({ now: MONDAY_10AM - WEEK });
  const s1 = await hub.login('1001', '1');
  const first = await ok('POST', '/api/tickets', 'demo-kiosk', { serviceId: 'social-security' });
  expect(first).toMatchObject({ countersOpen: 1, waitReason: null });
  for (let i = 0; i < 3; i++) await ok('POST', '/api/tickets', 'demo-kiosk', { serviceId: 'social-security' });
  for (let i = 0; i < 4; i++) {
    await ok('POST', '/api/counters/1/call', s1);
    await ok('POST', '/api/counters/1/start', s1);
    hub.clock.advance(6 * MIN);
    await ok('POST', '/api/counters/1/finish', s1);
  }
  // A week later the day has rolled over (and been summarised).
  hub.clock.set(MONDAY_10AM);
  manager = await hub.managerToken();
}, 120_000);

afterAll(async () => {
  await hub?.close();
  if (hub) removeDir(hub.dataDir);
});

describe('GET /api/staffing', () => {
  it("gives next week's counters per service, day and half-hour, beside the counters open now", async () => {
    // Nobody is logged in today: a ticket has no wait figure, only the reason.
    const t = await ok('POST', '/api/tickets', 'demo-kiosk', { serviceId: 'social-security' });
    expect(t).toMatchObject({ estimatedWaitMin: null, countersOpen: 0, waitReason: 'NO_COUNTER_OPEN' });
    const r = await ok('GET', '/api/staffing?week=2026-11-23', manager);
    expect(r).toMatchObject({ week: '2026-11-23', target: { share: 0.8, waitMin: 20 } });
    const social = r.services.find((s: any) => s.serviceId === 'social-security');
    expect(social).toMatchObject({ countersOpen: 0, waiting: 1 });
    expect(social.counters).toBeGreaterThan(0);
    const monday = social.days[0];
    expect(monday).toMatchObject({ date: '2026-11-23', weekday: 1, basedOnDays: 1 });
    // 4 tickets in the 10:00 half-hour = 8 an hour, 6 minutes each.
    const expected = countersNeeded({ arrivalsPerHour: 8, serviceMin: 6, targetMin: 20, level: 0.8 });
    expect(monday.slots).toEqual([{ half: 20, arrivalsPerHour: 8, serviceMin: 6, counters: expected.counters, withinTarget: Math.round(expected.withinTarget * 1e4) / 1e4 }]);
    expect(social.days[1]).toMatchObject({ basedOnDays: 0, peak: 0, slots: [] });
    // Without a week: next Monday.
    expect((await ok('GET', '/api/staffing', manager)).week).toBe('2026-11-30');
  });

  it('refuses a week that is not a Monday, and anyone but a manager', async () => {
    expect((await hub.api('GET', '/api/staffing?week=2026-11-24', { token: manager })).status).toBe(400);
    expect((await hub.api('GET', '/api/staffing')).status).toBe(401);
    const staff = await hub.login('1002', '2');
    expect((await hub.api('GET', '/api/staffing', { token: staff })).status).toBe(403);
  });
});
