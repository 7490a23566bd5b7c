// Which counters' desks a batch rebuilds (hub/realtime/realtime.ts): a counter's own change rebuilds its
// own desk; another counter opening or closing changes where a ticket in hand may be transferred, so the
// desks of the other counters are re-checked then, and only then.
import { describe, expect, it } from 'vitest';
import { next, record, useTestHub } from '../support/hub.js';
import { waitFor } from '../../devices/testing/wait.js';

const hub = useTestHub();

describe("a counter's desk", () => {
  it('follows other counters opening (transfer targets) and is not rebuilt for their calls', async () => {
    const staff3 = await hub.login('1003', '3');
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } })).status).toBe(201);
    expect((await hub.api('POST', '/api/counters/3/call', { token: staff3, body: {} })).status).toBe(200);
    const at3 = hub.socket({ token: staff3 });
    try {
      const first = await next(at3, 'counter.desk');
      expect(first.view.ticket?.state).toBe('called');
      expect(first.transferCounters.map((k: { id: string }) => k.id)).not.toContain('1');
      const desks = record(at3);
      // Counter 1 opens: counter 3's ticket may now go there.
      const staff1 = await hub.login('1001', '1');
      await waitFor(() => desks.some((e) => e.type === 'counter.desk' && e.data.transferCounters.some((k: { id: string }) => k.id === '1')), "counter 3's desk with counter 1 open");
      // Counter 1 calls (a ticket for it, then call-next) and pauses: open counters stay the same, counter 3 hears nothing.
      const pushed = desks.length;
      expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } })).status).toBe(201);
      expect((await hub.api('POST', '/api/counters/1/call', { token: staff1, body: {} })).status).toBe(200);
      // Then counter 3's own recall: its desk is the next thing it hears, nothing of counter 1's before it.
      expect((await hub.api('POST', '/api/counters/3/recall', { token: staff3, body: {} })).status).toBe(200);
      await waitFor(() => desks.slice(pushed).some((e) => e.type === 'counter.desk'), "counter 3's desk after its recall");
      const after = desks.slice(pushed).filter((e) => e.type === 'counter.desk');
      expect(after).toHaveLength(1);
      expect(after[0]!.data.view.ticket?.recalls).toBe(1);
    } finally {
      at3.close();
    }
  });
});
