// A device on 127.0.0.1 that speaks lines (what tests/support/call-driver.ts writes): it records every
// line it receives, can send lines to the hub's side, drop its connections, and stop and come back on
// the same port (a converter or network printer rebooting).
import { createServer, type Server, type Socket } from 'node:net';
import { waitFor } from '../../devices/testing/wait.js';

export interface LinePeer {
  readonly port: number;
  readonly address: string;
  /** Every line received, over all connections, in order. */
  readonly lines: string[];
  readonly connections: number;
  readonly connected: boolean;
  /** Sends a line to every open connection. */
  send(line: string): void;
  dropConnections(): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits for a received line that matches (a string: exactly), from line `from` on; returns it. */
  waitForLine(match: string | RegExp, timeoutMs?: number, from?: number): Promise<string>;
}

const peers = new Set<LinePeer>();

export async function startLinePeer(): Promise<LinePeer> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let connections = 0;
  let port = 0;
  const lines: string[] = [];
  const test = (m: string | RegExp, l: string) => (typeof m === 'string' ? l === m : m.test(l));
  const peer: LinePeer = {
    get port() {
      return port;
    },
    get address() {
      return `tcp://127.0.0.1:${port}`;
    },
    lines,
    get connections() {
      return connections;
    },
    get connected() {
      return sockets.size > 0;
    },
    send(line) {
      for (const s of sockets) s.write(`${line}\n`);
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
        let rest = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          rest += chunk;
          let i: number;
          while ((i = rest.indexOf('\n')) >= 0) {
            lines.push(rest.slice(0, i));
            rest = rest.slice(i + 1);
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
      port = (s.address() as { port: number }).port;
    },
    async waitForLine(match, timeoutMs = 5000, from = 0) {
      let found: string | undefined;
      await waitFor(() => (found = lines.slice(from).find((l) => test(match, l))) !== undefined, `a line ${String(match)} at the peer (got ${JSON.stringify(lines.slice(-10))})`, timeoutMs);
      return found!;
    },
  };
  await peer.start();
  peers.add(peer);
  return peer;
}

/** Stops every peer started here (afterEach). */
export async function stopLinePeers(): Promise<void> {
  await Promise.all([...peers].map((p) => p.stop()));
  peers.clear();
}
