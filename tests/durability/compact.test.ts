// Compact events: the store keeps what each event changed, yet every stored event reads back
// exactly as it was committed (the API's /api/events and a ticket's history), from the start or from
// the middle of the log; and a store of the earlier format is migrated to the same contents, its chain
// verified, and a hub runs on it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../hub/engine/types.js';
import { DB_FILE, openDatabase } from '../../hub/store/database.js';
import { HallStore } from '../../hub/store/hall-store.js';
import { verifyPath } from '../../hub/store/verify.js';
import { MONDAY_10AM, useHubsPerTest, type TestHub } from '../support/hub.js';
import { writeLegacyStore } from '../support/legacy-store.js';
import { serveAndRate } from '../support/ticket-workload.js';

const hubs = useHubsPerTest();

const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x));
/** Config events are stored without their secrets: compared elsewhere (secrets.test.ts). */
const comparable = (events: readonly StoredEvent[]) => plain(events.filter((e) => e.type !== 'config.changed'));

/** A working morning: tickets served and rated, a pause, a transfer, a recall, a skip, a hold. */
async function morning(h: TestHub): Promise<StoredEvent[]> {
  const committed: StoredEvent[] = [];
  h.hall.subscribe((events) => committed.push(...plain(events)));
  const staff = await h.login('1001', '1');
  await serveAndRate(h.api, staff, 6);
  const other = await h.login('1002', '2');
  for (let i = 0; i < 4; i++) await h.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
  expect((await h.api('POST', '/api/counters/2/call', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/recall', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/start', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/transfer', { token: other, body: { toService: 'household' } })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/call', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/hold', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/pause', { token: other, body: { reason: 'break' } })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/resume', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/call', { token: other })).status).toBe(200);
  expect((await h.api('POST', '/api/counters/2/skip', { token: other })).status).toBe(200);
  return committed;
}

describe('compact events', () => {
  it('every stored event reads back as committed, from the start and from the middle', async () => {
    const dataDir = hubs.dir('hall-compact-');
    const hub = await hubs.start(dataDir, MONDAY_10AM);
    const committed = await morning(hub);
    expect(committed.length).toBeGreaterThan(50);
    const first = committed[0]!.seq;
    const stored = hub.hall.store.eventsAfter(first - 1, 100_000);
    expect(comparable(stored)).toEqual(comparable(committed));
    // From the middle: the decoder finds each ticket's and counter's earlier state in the log.
    for (const k of [7, 23, 41]) expect(comparable(hub.hall.store.eventsAfter(committed[k]!.seq - 1, 5))).toEqual(comparable(committed.slice(k, k + 5)));
    // A ticket's history, as GET /api/tickets/:id/events answers it.
    const t = committed.find((e) => e.type === 'ticket.transferred')!;
    const id = 'ticket' in t ? t.ticket.id : '';
    const manager = await hub.managerToken();
    const history = await hub.api('GET', `/api/tickets/${id}/events`, { token: manager });
    expect(history.body.events).toEqual(comparable(committed.filter((e) => 'ticket' in e && e.ticket.id === id)));
    // Events are smaller than whole copies: a call stores a few fields, not the ticket.
    const sizes = hub.hall.store.db.prepare(`SELECT type, AVG(LENGTH(payload)) AS n FROM events GROUP BY type`).all() as { type: string; n: number }[];
    const called = sizes.find((s) => s.type === 'ticket.called')!.n;
    expect(called).toBeLessThan(JSON.stringify(committed.find((e) => e.type === 'ticket.called')).length / 3);
  });

  it('a store of the earlier format is migrated: same events, same tickets, chain verified, a hub runs on it', async () => {
    const dataDir = hubs.dir('hall-compact-');
    const legacyDir = hubs.dir('hall-legacy-');
    let hub = await hubs.start(dataDir, MONDAY_10AM);
    await morning(hub);
    const before = hub.hall.store.eventsAfter(0, 100_000);
    const ticketsBefore = hub.hall.view.tickets;
    writeLegacyStore(hub.hall.store, join(legacyDir, DB_FILE));
    const open = [...ticketsBefore.values()].filter((t) => t.state === 'waiting').length;
    await hubs.stop(hub);

    const store = new HallStore(openDatabase(legacyDir));
    expect(comparable(store.eventsAfter(0, 100_000))).toEqual(comparable(before));
    for (const [id, t] of ticketsBefore) expect(store.ticket(id)).toEqual(plain(t));
    expect(store.db.prepare(`SELECT COUNT(*) FROM events WHERE payload LIKE '{"type":%'`).pluck().get()).toBe(0);
    store.close();
    expect((await verifyPath(legacyDir)).ok).toBe(true);

    hub = await hubs.start(legacyDir, MONDAY_10AM);
    expect([...hub.hall.view.tickets.values()].filter((t) => t.state === 'waiting').length).toBe(open);
    const staff = await hub.login('1003', '3');
    expect((await hub.api('POST', '/api/counters/3/call', { token: staff })).status).toBe(200);
    await hubs.stop(hub);
    expect((await verifyPath(legacyDir)).ok).toBe(true);
  });
});
