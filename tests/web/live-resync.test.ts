// The web terminals' live view (ui/live.ts): events apply in seq order, and a gap (a missed event)
// makes the terminal ask the hub for a fresh snapshot instead of building on a view that lacks it.
// The pure rule (ui/live-apply.ts) is tested directly; then LiveHall itself against a real socket.io
// server that plays the hub: it skips an event and must be asked to resync.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveView } from '../../hub/views.js';
import { applyHallEvent } from '../../ui/live-apply.js';
import { LiveHall } from '../../ui/live.js';

/** A view with what the rule touches; the rest of LiveView is carried through untouched. */
function view(seq: number): LiveView {
  return {
    seq,
    hall: { id: 'h', name: { zh: '大厅' }, timezone: 'Asia/Shanghai' },
    counters: [{ id: '1', state: 'idle', ticket: null } as unknown as LiveView['counters'][number]],
    recentCalls: [],
    services: [],
  } as unknown as LiveView;
}

const called = (seq: number, id: string, number: string) => ({
  seq,
  type: 'ticket.called',
  at: 1000 + seq,
  ticket: { id, number, zone: 'F1', state: 'called', counterId: '1', lastCalledAt: 2000 + seq },
});

describe('applyHallEvent', () => {
  it('applies the next seq, and only the next', () => {
    const r = applyHallEvent(view(5), called(6, 't1', 'A001'));
    expect(r.kind).toBe('applied');
    if (r.kind !== 'applied') return;
    expect(r.view.seq).toBe(6);
    expect(r.view.recentCalls).toEqual([{ ticketId: 't1', number: 'A001', counterId: '1', zone: 'F1', at: 2006, state: 'called' }]);
  });

  it('reports a gap instead of applying past a missed event', () => {
    expect(applyHallEvent(view(5), called(8, 't1', 'A001'))).toEqual({ kind: 'gap', expected: 6, got: 8 });
  });

  it('ignores an event it already has (a duplicate after a snapshot)', () => {
    expect(applyHallEvent(view(5), called(5, 't1', 'A001'))).toEqual({ kind: 'stale' });
    expect(applyHallEvent(view(5), called(3, 't1', 'A001'))).toEqual({ kind: 'stale' });
  });

  it('has nothing to apply to before the first snapshot', () => {
    expect(applyHallEvent(null, called(1, 't1', 'A001'))).toEqual({ kind: 'no-view' });
  });

  it('replaces a counter from counter.state and keeps a recall at the top once', () => {
    const v1 = applyHallEvent(view(1), { seq: 2, type: 'counter.state', at: 1, view: { id: '1', state: 'calling', ticket: null } as never });
    expect(v1.kind === 'applied' && v1.view.counters[0]!.state).toBe('calling');
    const a = applyHallEvent(view(1), called(2, 't1', 'A001'));
    const b = a.kind === 'applied' ? applyHallEvent(a.view, called(3, 't2', 'A002')) : a;
    const c = b.kind === 'applied' ? applyHallEvent(b.view, { ...called(4, 't1', 'A001'), type: 'ticket.recalled' }) : b;
    expect(c.kind === 'applied' && c.view.recentCalls.map((x) => x.number)).toEqual(['A001', 'A002']);
  });
});

describe('LiveHall against a real socket.io server', () => {
  let http: HttpServer | undefined;
  let hall: LiveHall | undefined;
  afterEach(async () => {
    hall?.close();
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  });

  it('asks for a snapshot when a seq is skipped, and takes the fresh one', async () => {
    http = createServer();
    const io = new Server(http);
    let resyncs = 0;
    io.on('connection', (socket) => {
      socket.emit('snapshot', view(5));
      socket.on('resync', () => {
        resyncs++;
        const fresh = view(7);
        fresh.recentCalls = [{ ticketId: 't2', number: 'A002', counterId: '1', zone: 'F1', at: 1, state: 'called' }] as LiveView['recentCalls'];
        socket.emit('snapshot', fresh);
      });
      socket.on('ready', () => {
        socket.emit('ticket.called', called(6, 't1', 'A001'));
        // seq 7 "lost": 8 arrives next
        socket.emit('ticket.called', called(8, 't3', 'A003'));
      });
    });
    await new Promise<void>((r) => http!.listen(0, '127.0.0.1', () => r()));
    const port = (http.address() as AddressInfo).port;
    hall = new LiveHall({ token: 'x' }, `http://127.0.0.1:${port}`);
    const seqs: number[] = [];
    const done = new Promise<void>((resolve) =>
      hall!.subscribe((s) => {
        if (!s.view) return;
        if (seqs[seqs.length - 1] !== s.view.seq) seqs.push(s.view.seq);
        if (s.view.seq === 5 && seqs.length === 1) hall!.socket.emit('ready');
        if (s.view.seq === 7) resolve();
      }),
    );
    await done;
    // 5 (snapshot) → 6 (applied) → 7 (the fresh snapshot after the gap); 8 was never applied on top of 6
    expect(seqs).toEqual([5, 6, 7]);
    expect(resyncs).toBe(1);
    expect(hall.current.view!.recentCalls.map((c) => c.number)).toEqual(['A002']);
  });
});
