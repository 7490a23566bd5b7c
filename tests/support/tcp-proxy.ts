// A network link between two parts on loopback that a test can cut and restore: a TCP proxy. cut() is
// the WAN or the switch going down (every connection reset, new ones refused); restore() brings it back
// on the same port.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let connections = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((inbound) => {
        connections++;
        const outbound = connect(target, targetHost);
        for (const x of [inbound, outbound]) {
          sockets.add(x);
          x.on('error', () => {});
          x.on('close', () => {
            sockets.delete(x);
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await listen();
  const stop = async () => {
    for (const x of sockets) x.resetAndDestroy();
    sockets.clear();
    const s = server;
    server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    cut: stop,
    restore: listen,
    close: stop,
  };
}
