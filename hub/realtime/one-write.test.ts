// One write per flush (hub/realtime/one-write.ts) with the installed engine.io and ws, over a real
// socket.io server and client on loopback: a burst of pushes reaches the kernel in far fewer writes
// when the TCP socket is corked, and when the socket is not where engine.io 6 / ws 8 keep it (another
// version) the frames are written plainly and all of them still arrive, in order. Inside `batch` a
// socket's pushes wait for the batch's end and leave in one write.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { oneWritePerFlushOf, type OneWrite, type OneWriteStats } from './one-write.js';

const BURST = 30;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

interface Transport {
  socket: { _socket?: NetSocket };
}

/** A hub-like server with one-write attached, one WebSocket client, and the server side of its connection. */
async function pair(hide: boolean): Promise<{ stats: OneWriteStats; oneWrite: OneWrite; server: Socket; client: ClientSocket; raw: NetSocket }> {
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false });
  if (hide) {
    // Registered before one-write's own listener: the ws socket as another ws version would look,
    // its TCP socket not at `_socket` (everything else passes through, so sending still works).
    io.engine.on('connection', (s: { transport: Transport }) => {
      s.transport.socket = new Proxy(s.transport.socket, {
        get: (t, k) => {
          if (k === '_socket') return undefined;
          const v: unknown = Reflect.get(t, k);
          // ws's own methods run on the real object, which still has its socket.
          return typeof v === 'function' ? v.bind(t) : v;
        },
      });
    });
  }
  const oneWrite = oneWritePerFlushOf(io);
  const stats = oneWrite.stats;
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => io.close(() => r())));
  const connected = new Promise<Socket>((r) => io.on('connection', r));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  cleanup.push(async () => void client.close());
  const server = await connected;
  const transport = (server.conn as unknown as { transport: Transport }).transport;
  // The TCP socket behind the connection (found through the server's request, not through ws).
  const raw = server.request.socket as NetSocket;
  return { stats, oneWrite, server, client, raw };
}

/** Counts the calls that hand bytes to the kernel on the server's TCP socket (its own methods, wrapped). */
function countWrites(raw: NetSocket): { n: number } {
  const count = { n: 0 };
  const s = raw as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
  for (const m of ['_write', '_writev'] as const) {
    const own = s[m].bind(raw);
    s[m] = (...a: unknown[]) => {
      count.n++;
      return own(...a);
    };
  }
  return count;
}

async function burst(hide: boolean, batched = false) {
  const { stats, oneWrite, server, client, raw } = await pair(hide);
  const got: number[] = [];
  const all = new Promise<void>((r) => client.on('n', (i: number) => (got.push(i), got.length === BURST && r())));
  const writes = countWrites(raw);
  const before = { ...stats };
  let writesInside = 0;
  const push = () => {
    for (let i = 0; i < BURST; i++) server.emit('n', i);
    writesInside = writes.n;
  };
  if (batched) oneWrite.batch(push);
  else push();
  await all;
  return { got, writes: writes.n, writesInside, corked: stats.corked - before.corked, plain: stats.plain - before.plain };
}

describe('one write per flush', () => {
  it('corks the TCP socket with the installed engine.io: a burst of pushes is a few writes, not one per frame', async () => {
    const r = await burst(false);
    expect(r.got).toEqual([...Array(BURST).keys()]);
    expect(r.corked).toBeGreaterThan(0);
    expect(r.plain).toBe(0);
    // The first push goes alone; the rest wait for it and leave in one flush: one write each.
    expect(r.writes).toBeLessThanOrEqual(r.corked);
    expect(r.writes).toBeLessThan(BURST / 3);
  });

  it('in a batch, holds every push until the batch ends and sends them in one write, in order', async () => {
    const r = await burst(false, true);
    expect(r.writesInside).toBe(0);
    expect(r.got).toEqual([...Array(BURST).keys()]);
    expect(r.writes).toBe(1);
    expect(r.corked).toBe(1);
  });

  it('a batch with the socket hidden still sends everything, in order, when it ends', async () => {
    const r = await burst(true, true);
    expect(r.writesInside).toBe(0);
    expect(r.got).toEqual([...Array(BURST).keys()]);
    expect(r.corked).toBe(0);
    expect(r.plain).toBe(1);
  });

  it('falls back to plain writes when the TCP socket is not where it is looked for, and every frame still arrives', async () => {
    const r = await burst(true);
    expect(r.got).toEqual([...Array(BURST).keys()]);
    expect(r.corked).toBe(0);
    expect(r.plain).toBeGreaterThan(0);
    // Written as engine.io does by itself: one write per frame.
    expect(r.writes).toBeGreaterThanOrEqual(BURST);
  });
});

describe('a batch that disconnects a socket', () => {
  it('still sends that socket what was pushed before, then closes it; the others get everything', async () => {
    const http: HttpServer = createServer();
    const io = new Server(http, { serveClient: false });
    const oneWrite = oneWritePerFlushOf(io);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => io.close(() => r())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const join = async () => {
      const connected = new Promise<Socket>((r) => io.once('connection', r));
      const client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      cleanup.push(async () => void client.close());
      const server = await connected;
      const got: number[] = [];
      client.on('n', (i: number) => got.push(i));
      const reason = new Promise<string>((r) => client.once('disconnect', r));
      return { server, got, reason };
    };
    const leaving = await join();
    const staying = await join();

    oneWrite.batch(() => {
      io.emit('n', 1);
      leaving.server.disconnect(true);
      io.emit('n', 2);
    });

    expect(await leaving.reason).toBe('io server disconnect');
    expect(leaving.got).toEqual([1]);
    for (let i = 0; i < 200 && staying.got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(staying.got).toEqual([1, 2]);
  });
});
