// A terminal far behind (hub/realtime/far-behind.ts) in the running hub: taken off the hall's feeds,
// it gets the hall as it is now once its backlog has left, then the feed again, and the board's own
// merge (ui/live-apply.ts) builds on that snapshot without a gap. The limit is 0 here so that a burst
// in one turn reaches it: the first batch's write keeps the connection busy until its callback, so the
// second batch waits in engine.io, and at the third the board has packets waiting. (The hub's default,
// 512 packets, is for a terminal that stopped reading: hub/realtime/far-behind.test.ts shows that over
// a paused TCP connection.)
import { expect, it } from 'vitest';
import { waitFor } from '../../devices/testing/wait.js';
import { applyHallEvent } from '../../ui/live-apply.js';
import type { LiveView } from '../../shared/wire.js';
import { next, record, useTestHub } from '../support/hub.js';

const hub = useTestHub({ realtime: { farBehindPackets: 0 } });
const KIOSK = { kind: 'device', id: 'kiosk-1' } as const;

it('takes a board far behind off the feeds and puts it back with a snapshot', async () => {
  const display = hub.socket({ token: 'demo-display' });
  let view: LiveView = await next(display, 'snapshot');
  const got = record(display);
  const before = hub.hall.lastSeq;
  const health: string[] = [];
  const unsubscribe = hub.health.subscribe((h) => h.id === 'display-1' && health.push(`${h.state}:${h.reason?.code ?? ''}`));

  for (const serviceId of ['tax', 'household', 'tax']) hub.hall.execute({ type: 'issue', serviceId }, KIOSK);
  expect(hub.realtime.farBehind.takenOff).toBe(1);
  await waitFor(() => got.some((e) => e.type === 'snapshot'), 'the snapshot after catching up');
  expect(hub.realtime.farBehind.caughtUp).toBe(1);
  // The dashboard saw the board degraded while it was off the feeds, and online again.
  unsubscribe();
  expect(health).toEqual(['degraded:SOCKET_BEHIND', 'online:']);

  // The first two issues came as events (they were sent or waiting already); the third is in the snapshot.
  const at = got.findIndex((e) => e.type === 'snapshot');
  const issued = got.slice(0, at).filter((e) => e.type === 'ticket.issued');
  expect(issued.map((e) => e.data.seq)).toEqual([before + 1, before + 2]);
  expect(got[at]!.data.seq).toBe(hub.hall.lastSeq);

  // Back on the feed: the next call applies on top of the snapshot, no gap, no resync.
  const staff = await hub.login('1004', '4');
  const called = await hub.api('POST', '/api/counters/4/call', { token: staff, body: {} });
  expect(called.body.ticket.serviceId).toBe('household');
  await waitFor(() => got.some((e) => e.type === 'ticket.called'), 'the call');
  view = got[at]!.data;
  for (const e of got.slice(at + 1)) {
    if (!e.type.startsWith('ticket.') && e.type !== 'counter.state') continue;
    const r = applyHallEvent(view, e.data);
    expect(r.kind).toBe('applied');
    if (r.kind === 'applied') view = r.view;
  }
  const fresh = (await hub.api('GET', '/api/live', { token: 'demo-display' })).body as LiveView;
  expect(view.seq).toBe(fresh.seq);
  expect(view.recentCalls).toEqual(fresh.recentCalls);
  expect(hub.realtime.farBehind.takenOff).toBe(1);
});
