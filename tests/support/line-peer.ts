// A device on 127.0.0.1 that speaks lines (what tests/support/call-driver.ts writes): it records every
// line it receives, can send lines to the hub's side, drop its connections, and stop and come back on
// the same port (a converter or network printer rebooting).
import { restartableServer } from '../../devices/testing/tcp-peer.js';
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
  const lines: string[] = [];
  const test = (m: string | RegExp, l: string) => (typeof m === 'string' ? l === m : m.test(l));
  const server = restartableServer((socket) => {
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
  const peer: LinePeer = {
    get port() {
      return server.port;
    },
    get address() {
      return `tcp://127.0.0.1:${server.port}`;
    },
    lines,
    get connections() {
      return server.connections;
    },
    get connected() {
      return server.connected;
    },
    send: (line) => server.broadcast(`${line}\n`),
    dropConnections: () => server.dropConnections(),
    stop: () => server.stop(),
    start: () => server.start(),
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
