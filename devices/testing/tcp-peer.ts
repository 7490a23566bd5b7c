// A TCP peer for device tests on 127.0.0.1: collects sequence-numbered frames per connection, can
// drop its connection (a converter rebooting) or stop listening and come back on the same port.
import { createServer, type Server, type Socket } from 'node:net';
import { SeqFrameCollector } from './seq-frames.js';

export interface TcpPeer {
  readonly port: number;
  /** Every complete frame's seq, in arrival order, over all connections. */
  readonly seqs: number[];
  readonly connections: number;
  /** Called for each complete frame, with its connection. */
  onFrame?: (seq: number, payload: string, socket: Socket) => void;
  /** Destroys the open connections (the peer goes away without a goodbye). */
  dropConnections(): void;
  /** Stops listening and drops connections. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that can drop its connections, stop, and listen again on the same port. */
export interface RestartableServer {
  readonly port: number;
  readonly connections: number;
  readonly connected: boolean;
  /** Writes to every open connection. */
  broadcast(data: string | Buffer): void;
  dropConnections(): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The server under the test peers (a converter or a network printer that reboots): `onConnection` reads each socket. */
export function restartableServer(onConnection: (socket: Socket) => void, port = 0): RestartableServer {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let connections = 0;
  const self: RestartableServer = {
    get port() {
      return port;
    },
    get connections() {
      return connections;
    },
    get connected() {
      return sockets.size > 0;
    },
    broadcast(data) {
      for (const s of sockets) s.write(data);
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    async stop() {
      self.dropConnections();
      const s = server;
      server = null;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    async start() {
      const s = createServer((socket) => {
        connections += 1;
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
        onConnection(socket);
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
      port = (s.address() as { port: number }).port;
    },
  };
  return self;
}

export async function startTcpPeer(port = 0): Promise<TcpPeer> {
  const seqs: number[] = [];
  const server = restartableServer((socket) => {
    // A fresh parser per connection: a partial frame cut by a drop is garbage, never a frame.
    const reader = new SeqFrameCollector((seq, payload) => {
      seqs.push(seq);
      peer.onFrame?.(seq, payload, socket);
    });
    socket.on('data', (chunk: Buffer) => {
      if (!socket.destroyed) reader.push(chunk);
    });
  }, port);
  const peer: TcpPeer = {
    get port() {
      return server.port;
    },
    seqs,
    get connections() {
      return server.connections;
    },
    dropConnections: () => server.dropConnections(),
    stop: () => server.stop(),
    start: () => server.start(),
  };
  await peer.start();
  return peer;
}
