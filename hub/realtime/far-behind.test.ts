// A terminal that stops reading (hub/realtime/far-behind.ts), over a real socket.io server and clients
// on loopback: the client's TCP socket is paused, so the kernel's buffers fill and engine.io keeps the
// rest in the server's memory. Past the limit the terminal is taken off the feed and what the server
// holds for it stops growing; when it reads again it gets what was already waiting, in order, then the
// snapshot, then the feed again. A terminal that keeps reading beside it is never taken off.
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import { farBehindGuard } from './far-behind.js';
import { pendingPackets } from './one-write.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Frames big enough that a few hundred fill loopback's buffers (several MiB) within a second. */
const PAD = 'x'.repeat(64 * 1024);
const LIMIT = 8;

interface Seen {
  kinds: string[];
  seqs: number[];
}

async function setUp() {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  let seq = 0;
  const guard = farBehindGuard({ limit: LIMIT, pollMs: 10, feeds: () => ['hall'], catchUp: (s) => s.emit('snapshot', { seq }) });
  io.on('connection', (s) => void s.join('hall'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => io.close(() => r())), () => guard.close());
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = async (): Promise<{ client: ClientSocket; server: Socket; seen: Seen }> => {
    const connected = new Promise<Socket>((r) => io.once('connection', r));
    const c = connect(url, { transports: ['websocket'], forceNew: true });
    cleanup.push(() => void c.close());
    const seen: Seen = { kinds: [], seqs: [] };
    c.on('event', (e: { seq: number }) => (seen.kinds.push('event'), seen.seqs.push(e.seq)));
    c.on('snapshot', (e: { seq: number }) => (seen.kinds.push('snapshot'), seen.seqs.push(e.seq)));
    const server = await connected;
    await new Promise((r) => (c.connected ? r(null) : c.once('connect', () => r(null))));
    return { client: c, server, seen };
  };
  /** One batch: the guard looks first (as the realtime layer does), then the feed gets an event. */
  const push = async () => {
    guard.check(io.of('/').sockets.values());
    io.to('hall').emit('event', { seq: ++seq, pad: PAD });
    await new Promise((r) => setImmediate(r));
  };
  return { io, guard, client, push, lastSeq: () => seq };
}

/** The client's TCP socket (engine.io-client → its ws WebSocket → the net.Socket). */
function tcpOf(c: ClientSocket): NetSocket {
  const transport = (c.io as unknown as { engine: { transport: { ws: { _socket: NetSocket } } } }).engine.transport;
  return transport.ws._socket;
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

it('takes a terminal that stopped reading off the feed, holds a bounded backlog, and puts it back with a snapshot', async () => {
  const { guard, client, push, lastSeq } = await setUp();
  const slow = await client();
  const healthy = await client();
  tcpOf(slow.client).pause();

  // Until the slow one is taken off: the kernel's buffers first, then engine.io's.
  for (let i = 0; i < 2000 && guard.stats.takenOff === 0; i++) await push();
  expect(guard.stats.takenOff).toBe(1);
  expect(guard.behind).toBe(1);
  expect(slow.server.rooms.has('hall')).toBe(false);
  const held = pendingPackets(slow.server.conn)!;
  expect(held).toBeGreaterThan(LIMIT);
  // Off the feed, nothing more is kept for it.
  for (let i = 0; i < 50; i++) await push();
  expect(pendingPackets(slow.server.conn)).toBe(held);
  expect(guard.stats.takenOff).toBe(1);

  // It reads again: what was waiting arrives in order, then the hall as it is now, then the feed.
  tcpOf(slow.client).resume();
  await until(() => slow.seen.kinds.includes('snapshot'));
  expect(guard.stats.caughtUp).toBe(1);
  expect(guard.behind).toBe(0);
  expect(slow.server.rooms.has('hall')).toBe(true);
  const at = slow.seen.kinds.indexOf('snapshot');
  const before = slow.seen.seqs.slice(0, at);
  expect(before).toEqual(before.map((_, i) => i + 1));
  expect(slow.seen.seqs[at]).toBe(lastSeq());
  await push();
  await until(() => slow.seen.seqs.at(-1) === lastSeq());
  expect(slow.seen.kinds.at(-1)).toBe('event');

  // The one that kept reading had every event, in order, and no snapshot.
  await until(() => healthy.seen.seqs.length === lastSeq());
  expect(healthy.seen.seqs).toEqual(healthy.seen.seqs.map((_, i) => i + 1));
  expect(healthy.seen.kinds).not.toContain('snapshot');
});

it('forgets a terminal that disconnects while it is off the feed', async () => {
  const { guard, client, push } = await setUp();
  const slow = await client();
  tcpOf(slow.client).pause();
  for (let i = 0; i < 2000 && guard.stats.takenOff === 0; i++) await push();
  expect(guard.behind).toBe(1);
  slow.server.disconnect(true);
  await until(() => guard.behind === 0);
  expect(guard.stats.caughtUp).toBe(0);
  // engine.io closes a connection once what it holds has left, which a paused reader never takes.
  tcpOf(slow.client).destroy();
});
