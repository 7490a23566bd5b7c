// The frames engine.io flushes to a WebSocket together go to the kernel in one write. engine.io sends
// a socket's buffered packets one ws frame at a time, and ws writes each frame by itself: a batch of
// events (a burst of 8 calls is ~25 frames) cost every screen ~25 writev calls, each doing the loopback
// receive and waking the reader in the kernel. On the busy day these writes were the hub's longest busy
// stretches (60–230 ms of `writev` on a loaded machine). Corking the TCP socket around the flush makes
// them one writev (the frames' bytes and order are unchanged; ws's own cork per frame nests inside).
import type { Server } from 'socket.io';

interface RawSocket {
  cork(): void;
  uncork(): void;
}
interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: RawSocket };
}
interface EngineSocket {
  transport: EngineTransport;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

const patched = new WeakSet<EngineTransport>();

function oneWritePerFlush(transport: EngineTransport): void {
  if (transport.name !== 'websocket' || patched.has(transport)) return;
  patched.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    const raw = transport.socket?._socket;
    raw?.cork();
    try {
      send(packets);
    } finally {
      raw?.uncork();
    }
  };
}

export function oneWritePerFlushOf(io: Server): void {
  io.engine.on('connection', (socket: EngineSocket) => {
    oneWritePerFlush(socket.transport);
    // A client that starts with long-polling moves to a WebSocket later.
    socket.on('upgrade', (transport) => oneWritePerFlush(transport));
  });
}
