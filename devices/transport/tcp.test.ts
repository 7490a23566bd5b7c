// The TCP transport against a real net server on 127.0.0.1 (port 0): round trips both ways, the
// peer closing, a refused connection.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../errors.js';
import { waitFor } from '../testing/wait.js';
import { createTransport } from './factory.js';
import type { Transport, TransportCloseInfo } from './types.js';
import { refusedPort } from '../testing/refused-port.js';

const servers: Server[] = [];
const transports: Transport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function server(onSocket: (s: Socket) => void): Promise<number> {
  const s = createServer(onSocket);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as { port: number }).port;
}

describe('tcp transport', () => {
  it('writes to the peer and reads what it sends back', async () => {
    let peer!: Socket;
    const got: Buffer[] = [];
    const port = await server((s) => {
      peer = s;
      s.on('data', (d) => {
        got.push(d);
        s.write(Buffer.concat([Buffer.from('ack:'), d]));
      });
    });
    const t = createTransport(`tcp://127.0.0.1:${port}`);
    transports.push(t);
    const back: Buffer[] = [];
    t.on('data', (d) => back.push(d));
    await t.open();
    expect(t.isOpen).toBe(true);
    await t.write(Buffer.from([0x1b, 0x40, 0x41]));
    await waitFor(() => Buffer.concat(back).length === 7, 'the echo');
    expect(Buffer.concat(got)).toEqual(Buffer.from([0x1b, 0x40, 0x41]));
    expect(Buffer.concat(back).toString('latin1')).toBe('ack:\x1b@A');
    const closes: TransportCloseInfo[] = [];
    t.on('close', (i) => closes.push(i));
    await t.close();
    expect(closes).toEqual([{ requested: true }]);
    await waitFor(() => peer.destroyed || peer.readableEnded, 'the peer sees the close');
  });

  it('closes with DISCONNECTED when the peer goes away, and refuses writes after', async () => {
    const port = await server((s) => setTimeout(() => s.destroy(), 10));
    const t = createTransport(`tcp://127.0.0.1:${port}`);
    transports.push(t);
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    const closed = new Promise<TransportCloseInfo>((r) => t.once('close', r));
    await t.open();
    const info = await closed;
    expect(info.requested).toBe(false);
    expect(info.error).toBeInstanceOf(TransportError);
    expect(info.error!.code).toBe('DISCONNECTED');
    expect(info.error!.address).toBe(`tcp://127.0.0.1:${port}`);
    expect(errors).toHaveLength(1);
    await expect(t.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('a refused connection is OPEN_FAILED with a hint', async () => {
    const port = await refusedPort();
    const t = createTransport(`tcp://127.0.0.1:${port}?connectTimeoutMs=2000`);
    const err = await t.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'OPEN_FAILED' });
    expect((err as Error).message).toMatch(/connection refused: nothing listens on port/);
  });
});
