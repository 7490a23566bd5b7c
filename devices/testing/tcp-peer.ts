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

export async function startTcpPeer(port = 0): Promise<TcpPeer> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let connections = 0;
  const peer: TcpPeer = {
    port,
    seqs: [],
    get connections() {
      return connections;
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    async stop() {
      peer.dropConnections();
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
        // A fresh parser per connection: a partial frame cut by a drop is garbage, never a frame.
        const reader = new SeqFrameCollector((seq, payload) => {
          peer.seqs.push(seq);
          peer.onFrame?.(seq, payload, socket);
        });
        socket.on('data', (chunk: Buffer) => {
          if (!socket.destroyed) reader.push(chunk);
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(peer.port, '127.0.0.1', () => resolve());
      });
      server = s;
      (peer as { port: number }).port = (s.address() as { port: number }).port;
    },
  };
  await peer.start();
  return peer;
}
