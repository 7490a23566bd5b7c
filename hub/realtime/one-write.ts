// The frames engine.io flushes to a WebSocket together go to the kernel in one write. engine.io sends
// a socket's buffered packets one ws frame at a time, and ws writes each frame by itself: a batch of
// events (a burst of 8 calls is ~25 frames) cost every screen ~25 writev calls, each doing the loopback
// receive and waking the reader in the kernel. On the busy day these writes were the hub's longest busy
// stretches (60–230 ms of `writev` on a loaded machine). Corking the TCP socket around the flush makes
// them one writev (the frames' bytes and order are unchanged; ws's own cork per frame nests inside).
//
// A batch of the hall's events goes further: `batch(fn)` holds every socket's flushes while `fn` pushes
// the batch, then flushes each socket once, so everything the batch pushed it leaves in one send (one
// write). Without it the first push of a batch left at once and the rest waited in engine.io's buffer
// for that write's callback, after the whole command had run: a board had a call's ticket.called (the
// third frame of a call that finishes the ticket in hand) in a second write, and 2,000 screens cost
// 4,000 writes a call. The packets wait in engine.io's own buffer (its `flush` is what is held), so its
// bookkeeping (one send, one drain) is unchanged; a socket whose `flush` is not there is not held.
// `fn` is synchronous. A socket `fn` disconnects still gets what was pushed to it before: engine.io closes
// a connection only once its buffer has been flushed, which is at the batch's end (one-write.test.ts).
// The realtime layer still ends sessions after its batch, so that "session ended" is the last push.
//
// The TCP socket is not public API: engine.io's WebSocket transport keeps ws's WebSocket in `socket`,
// and ws keeps the net.Socket in `_socket` (engine.io 6.6, ws 8). So it is feature-detected per
// transport, at the moment of each flush: anything else (another engine.io or ws, a transport with no
// socket yet or any more) is sent as engine.io would, one write per frame. hub/realtime/
// one-write.test.ts proves both with the installed versions.
import type { Server } from 'socket.io';

interface RawSocket {
  cork(): void;
  uncork(): void;
}
interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: unknown;
}
interface EngineSocket {
  transport: EngineTransport;
  flush?: () => void;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

/** Flushes sent corked (one write) and sent plainly (the TCP socket was not found): for the tests and the bench. */
export interface OneWriteStats {
  corked: number;
  plain: number;
}

/** The transport's TCP socket if it is where engine.io 6 / ws 8 keep it and can be corked, else null. */
export function corkableSocketOf(transport: EngineTransport): RawSocket | null {
  const ws = transport.socket as { _socket?: unknown } | undefined;
  const raw = ws?._socket as Partial<RawSocket> & { destroyed?: unknown } | undefined;
  if (!raw || typeof raw.cork !== 'function' || typeof raw.uncork !== 'function' || raw.destroyed === true) return null;
  return raw as RawSocket;
}

const patched = new WeakSet<EngineTransport>();

function oneWritePerFlush(transport: EngineTransport, stats: OneWriteStats): void {
  if (transport.name !== 'websocket' || patched.has(transport)) return;
  patched.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    const raw = corkableSocketOf(transport);
    if (!raw) {
      stats.plain++;
      return send(packets);
    }
    stats.corked++;
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}

/**
 * Packets engine.io holds for a connection because its transport has not finished the last write (the
 * reader is not keeping up), or undefined where they are not found (`writeBuffer`, engine.io 6's).
 */
export function pendingPackets(conn: unknown): number | undefined {
  const buffer = (conn as { writeBuffer?: unknown } | null)?.writeBuffer;
  return Array.isArray(buffer) ? buffer.length : undefined;
}

/** The flushes `batch` holds: each socket's own, once, in the order the sockets were first pushed to. */
interface Holding {
  depth: number;
  held: Set<() => void>;
}

function heldWhileBatching(socket: EngineSocket, holding: Holding): void {
  if (typeof socket.flush !== 'function') return;
  const flush = socket.flush.bind(socket);
  socket.flush = () => {
    if (holding.depth === 0) flush();
    else holding.held.add(flush);
  };
}

export interface OneWrite {
  stats: OneWriteStats;
  /** Runs `fn` (synchronous) with the flushes held; then each socket's pushes go in one send. */
  batch<T>(fn: () => T): T;
}

export function oneWritePerFlushOf(io: Server): OneWrite {
  const stats: OneWriteStats = { corked: 0, plain: 0 };
  const holding: Holding = { depth: 0, held: new Set() };
  io.engine.on('connection', (socket: EngineSocket) => {
    oneWritePerFlush(socket.transport, stats);
    heldWhileBatching(socket, holding);
    // A client that starts with long-polling moves to a WebSocket later.
    socket.on('upgrade', (transport) => oneWritePerFlush(transport, stats));
  });
  return {
    stats,
    batch(fn) {
      holding.depth++;
      try {
        return fn();
      } finally {
        if (--holding.depth === 0) {
          const held = [...holding.held];
          holding.held.clear();
          for (const flush of held) flush();
        }
      }
    },
  };
}
