// Many kiosks and counters at once over real HTTP: no duplicate number, no ticket called twice, no
// counter with two tickets in hand, and every terminal sees the same gap-free event stream.
import { expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { waitFor } from '../../devices/testing/wait.js';
import { next, useTestHub } from '../support/hub.js';

const hub = useTestHub();

const SERVICES = ['social-security', 'medical-insurance', 'household', 'exit-entry', 'tax', 'comprehensive'];
// Counters 1–6 and 9–10 between them serve every service above.
const COUNTERS = ['1', '2', '3', '4', '5', '6', '9', '10'];

// 240 tickets over HTTP on a shared 2-core machine: the limit bounds a hang, it asserts no speed.
it('issues and calls from many clients at once without duplicates', { timeout: 120_000 }, async () => {
  const watchers: { socket: Socket; seqs: number[] }[] = [];
  for (let i = 0; i < 10; i++) {
    const socket = hub.socket({ token: 'demo-display' });
    const w = { socket, seqs: [] as number[] };
    socket.onAny((type: string, data: { seq?: number }) => {
      if ((type.startsWith('ticket.') || type.startsWith('counter.')) && typeof data?.seq === 'number') w.seqs.push(data.seq);
    });
    await next(socket, 'snapshot');
    watchers.push(w);
  }
  const firstSeq = hub.hall.lastSeq + 1;

  const tokens = await Promise.all(COUNTERS.map((c) => hub.login(String(1000 + Number(c)), c)));
  const TICKETS = 240;
  const issuing = Array.from({ length: TICKETS }, (_, i) =>
    hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: SERVICES[i % SERVICES.length], ...(i % 7 === 0 ? { priority: 'green' } : {}) } }),
  );

  // Each counter calls, finishes and calls again, concurrently with the kiosks and each other, until
  // every ticket is issued and its call finds nobody left (fenced on the issuing, not on a count of
  // empty calls: a slow kiosk must not make the counters give up early).
  let allIssued = false;
  const issuedAll = Promise.all(issuing).then((r) => {
    allIssued = true;
    return r;
  });
  const calledBy = new Map<string, string[]>();
  const work = COUNTERS.map(async (counter, i) => {
    const token = tokens[i]!;
    for (;;) {
      const issuingDone = allIssued;
      const r = await hub.api('POST', `/api/counters/${counter}/call`, { token, body: {} });
      expect(r.status).toBe(200);
      if (!r.body.ticket) {
        if (issuingDone) break;
        // Nobody waiting yet: a pause before asking again (pacing, not a fence: the loop ends on the issuing).
        await new Promise((res) => setTimeout(res, 5));
        continue;
      }
      const list = calledBy.get(r.body.ticket.id) ?? [];
      list.push(counter);
      calledBy.set(r.body.ticket.id, list);
      const f = await hub.api('POST', `/api/counters/${counter}/finish`, { token, body: {} });
      expect(f.status).toBe(200);
    }
  });
  const issued = await issuedAll;
  await Promise.all(work);

  expect(issued.every((r) => r.status === 201)).toBe(true);
  const numbers = issued.map((r) => r.body.number as string);
  expect(new Set(numbers).size).toBe(TICKETS);
  const ids = issued.map((r) => r.body.id as string);
  expect(new Set(ids).size).toBe(TICKETS);
  // Per service the sequence is exactly 1…n.
  for (const prefix of ['A', 'B', 'C', 'K', 'H', 'J']) {
    const seqs = numbers.filter((n) => n.startsWith(prefix)).map((n) => Number(n.slice(1))).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  }
  // Every ticket was called exactly once, and is done.
  expect(calledBy.size).toBe(TICKETS);
  for (const [id, counters] of calledBy) expect(counters, id).toHaveLength(1);
  for (const id of ids) expect(hub.hall.view.tickets.get(id)?.state).toBe('done');

  // The event log says the same: one call per ticket, and a counter never held two tickets.
  const manager = await hub.managerToken();
  const log = (await hub.api('GET', `/api/events?after=${firstSeq - 1}&limit=5000`, { token: manager })).body.events as any[];
  const inHand = new Map<string, string | null>();
  const calls = new Map<string, number>();
  for (const e of log) {
    if (e.type === 'ticket.called') {
      expect(inHand.get(e.ticket.counterId) ?? null, `counter ${e.ticket.counterId}`).toBeNull();
      inHand.set(e.ticket.counterId, e.ticket.id);
      calls.set(e.ticket.id, (calls.get(e.ticket.id) ?? 0) + 1);
    }
    if (e.type === 'ticket.finished') inHand.set(e.ticket.counterId, null);
  }
  expect([...calls.values()].every((n) => n === 1)).toBe(true);
  expect(calls.size).toBe(TICKETS);

  // Every watcher saw every event, in order, without a gap.
  const last = hub.hall.lastSeq;
  // Fence on what each watcher received, not a sleep: wait until each has the last seq, then check it has every one.
  await waitFor(() => watchers.every((w) => w.seqs.at(-1) === last), 'every watcher at the last seq');
  for (const w of watchers) {
    expect(w.seqs).toEqual(Array.from({ length: last - firstSeq + 1 }, (_, i) => firstSeq + i));
    w.socket.disconnect();
  }
});
