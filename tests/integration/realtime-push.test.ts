// What a call costs on the wire: the queues push carries only the services that changed, and
// a board that merges the pushes with the web client's own merge (ui/live.ts) has the same services
// as a fresh snapshot; a phone following a ticket hears only when its place or its ticket changes.
import { describe, expect, it } from 'vitest';
import { withQueues, type LiveView } from '../../ui/live.js';
import { waitFor } from '../../devices/testing/wait.js';
import { next, record, useTestHub } from '../support/hub.js';

const hub = useTestHub();

describe('pushes sized by what changed', () => {
  it('sends the changed services only, and merged they equal a fresh snapshot', async () => {
    const display = hub.socket({ token: 'demo-display' });
    let view: LiveView = await next(display, 'snapshot');
    const all = view.services.length;
    expect(all).toBeGreaterThan(4);
    const got = record(display);

    const staff = await hub.login('1001', '1');
    for (const serviceId of ['social-security', 'tax', 'social-security', 'household']) {
      expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } })).status).toBe(201);
    }
    expect((await hub.api('POST', '/api/counters/1/call', { token: staff, body: {} })).status).toBe(200);
    await waitFor(() => got.some((e) => e.type === 'queues' && e.data.seq === hub.hall.lastSeq), 'the pushes');

    const pushes = got.filter((e) => e.type === 'queues').map((e) => e.data);
    // An issue moves its own service; a call its service (and whatever the counter's login changed).
    for (const q of pushes) expect(q.services.length).toBeLessThan(all);
    const issues = pushes.slice(-5, -1);
    for (const q of issues) expect(q.services.length).toBeLessThanOrEqual(2);

    // The board's merge, push by push, in seq order, ends where a fresh snapshot is.
    for (const e of got) if (e.type === 'queues') view = withQueues({ ...view, seq: e.data.seq }, e.data.services);
    const fresh = (await hub.api('GET', '/api/live', { token: 'demo-display' })).body as LiveView;
    expect(view.services).toEqual(fresh.services);
  });

  it("tells a phone of its ticket's moves, not of every ticket in the hall", async () => {
    const mine = (await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } })).body;
    const first = (await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } })).body;
    expect(first.ahead).toBe(1);
    const phone = hub.socket({ ticketId: mine.id });
    const initial = await next(phone, 'ticket.update');
    expect(initial).toMatchObject({ id: mine.id, ahead: 0 });
    const got = record(phone);

    // Other services' tickets, and tickets behind mine: my place and estimate stay, so nothing comes.
    for (const serviceId of ['tax', 'household', 'medical-insurance']) {
      expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } })).status).toBe(201);
    }
    // Fenced on the display's copy of the same batch: by then the phone's update (if any) was sent first.
    const display = hub.socket({ token: 'demo-display' });
    await next(display, 'snapshot');
    const displayGot = record(display);
    expect(got).toEqual([]);
    // A second counter serving my service opens: my estimate changes (an idle counter, nobody ahead), and
    // that is news for the citizen (the wait model counts the tickets in hand at the open counters).
    const staff = await hub.login('1003', '3');
    await waitFor(() => displayGot.some((e) => e.type === 'counter.state' && e.data.counter?.id === '3'), 'the pushes');
    await waitFor(() => got.length > 0, 'the pushes');
    expect(got).toHaveLength(1);
    expect(got[0]!.data).toMatchObject({ id: mine.id, state: 'waiting', ahead: 0, countersOpen: initial.countersOpen + 1 });
    expect(got[0]!.data.estimatedWaitMin).not.toBe(initial.estimatedWaitMin);
    const called = await hub.api('POST', '/api/counters/3/call', { token: staff, body: {} });
    expect(called.body.ticket.id).toBe(mine.id);
    await waitFor(() => got.some((e) => e.data?.state === 'called'), 'the pushes');
    await waitFor(() => displayGot.some((e) => e.type === 'ticket.called'), 'the pushes');
    // Only the new estimate and the call of my own ticket reached the phone.
    expect(got.map((e) => `${e.type}:${e.data.state}`)).toEqual(['ticket.update:waiting', 'ticket.update:called']);
  });
});
