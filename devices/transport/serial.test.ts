// The serial transport with the real serialport over kernel ptys (socat): line settings reach the
// tty, bytes go both ways unaltered, a missing or locked port is refused with the right code, and a
// pulled cable (socat killed) closes the transport with DISCONNECTED.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, stopAllPtys } from '../pty.js';
import { TransportError } from '../errors.js';
import { waitFor } from '../testing/wait.js';
import { createTransport } from './factory.js';
import { serialPortLoader } from './native.js';
import type { SerialPortConstructor, SerialPortOptionsLike, UnixPortBindingLike } from './serial.js';
import { hallSerialPortClass, hangupAwareRead } from './serial.js';
import type { Transport, TransportCloseInfo } from './types.js';

const open: Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await stopAllPtys();
});

async function opened(address: string): Promise<Transport> {
  const t = createTransport(address);
  await t.open();
  open.push(t);
  return t;
}

function collect(t: Transport): () => Buffer {
  const chunks: Buffer[] = [];
  t.on('data', (c) => chunks.push(c));
  return () => Buffer.concat(chunks);
}

describe('serial transport over a pty pair', () => {
  it('sets the line as the address says (the kernel reads it back; parity and data bits reach serialport)', async () => {
    const pair = await startPtyPair();
    // A spy around the real serialport class: what it was asked to set.
    const asked: SerialPortOptionsLike[] = [];
    class SpySerialPort extends hallSerialPortClass() {
      constructor(o: SerialPortOptionsLike) {
        asked.push(o);
        super(o);
      }
    }
    const t = createTransport(`serial:${pair.a}?baud=19200&parity=even&dataBits=7&stopBits=2&rtscts=1`, {
      SerialPort: SpySerialPort as unknown as SerialPortConstructor,
    });
    await t.open();
    open.push(t);
    expect(asked).toEqual([{ path: pair.a, baudRate: 19200, parity: 'even', dataBits: 7, stopBits: 2, rtscts: true, autoOpen: false, lock: true }]);
    // The tty itself: speed, stop bits and flow control as set. (A pty always keeps cs8 -parenb:
    // Linux's pty driver overrides CSIZE and PARENB, so those two are checked at serialport above.)
    const a = execFileSync('stty', ['-F', pair.ptyA, '-a'], { encoding: 'utf8' });
    expect(a).toMatch(/speed 19200 baud/);
    expect(a).toMatch(/(^|\s)cstopb(\s|$)/);
    expect(a).toMatch(/(^|\s)crtscts(\s|$)/);
    await opened(`serial:${pair.b}?baud=115200`);
    const b = execFileSync('stty', ['-F', pair.ptyB, '-a'], { encoding: 'utf8' });
    expect(b).toMatch(/speed 115200 baud/);
    expect(b).toMatch(/(^|\s)-cstopb(\s|$)/);
    expect(b).toMatch(/(^|\s)-crtscts(\s|$)/);
  });

  it('carries every byte value both ways, unaltered', async () => {
    const pair = await startPtyPair();
    const a = await opened(`serial:${pair.a}?baud=9600`);
    const b = await opened(`serial:${pair.b}?baud=9600`);
    const atB = collect(b);
    const atA = collect(a);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await a.write(all);
    await a.drain();
    await waitFor(() => atB().length >= 256, 'A → B');
    expect(atB()).toEqual(all);
    const reply = Buffer.from([0x10, 0x04, 0x01, 0x12, 0x00, 0xff, 0x0d, 0x0a]);
    await b.write(reply);
    await waitFor(() => atA().length >= reply.length, 'B → A');
    expect(atA()).toEqual(reply);
  });

  it('a missing port is NOT_FOUND; a port in use is BUSY', async () => {
    const pair = await startPtyPair();
    const missing = await createTransport(`serial:${pair.a}-nope`).open().catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TransportError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', address: `serial:${pair.a}-nope?baud=9600` });
    await opened(`serial:${pair.a}`);
    const busy = await createTransport(`serial:${pair.a}`).open().catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'BUSY' });
  });

  it('closes with DISCONNECTED when the cable is pulled (socat killed)', async () => {
    const pair = await startPtyPair();
    const a = await opened(`serial:${pair.a}`);
    const closed = new Promise<TransportCloseInfo>((r) => a.once('close', r));
    await pair.kill();
    const info = await closed;
    expect(info.requested).toBe(false);
    expect(info.error?.code).toBe('DISCONNECTED');
    expect(a.isOpen).toBe(false);
    await expect(a.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });
});

describe('hangupAwareRead (the fix on serialport\'s Unix binding)', () => {
  it('reads what is there, waits on the poller when nothing is, and reports read(2) = 0 as a disconnect', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-hangup-'));
    const fifo = join(dir, 'line');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    let wake: ((err?: Error | null) => void) | undefined;
    const port: UnixPortBindingLike = { fd, isOpen: true, poller: { once: (_e, cb) => (wake = cb) }, read: async () => ({ buffer: Buffer.alloc(0), bytesRead: 0 }) };
    const read = hangupAwareRead(port);
    const buf = Buffer.alloc(64);
    const pending = read(buf, 0, 64); // EAGAIN: waits for the poller
    await waitFor(() => wake !== undefined, 'a wait on the poller');
    writeSync(fd, 'abc');
    wake!(null);
    const r = await pending;
    expect(r.bytesRead).toBe(3);
    expect(buf.subarray(0, 3).toString()).toBe('abc');
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });

    // /dev/null reads 0 bytes, as a hung-up tty does: a disconnect, not a loop.
    const nul = openSync('/dev/null', 'r');
    const hung: UnixPortBindingLike = { ...port, fd: nul };
    await expect(hangupAwareRead(hung)(buf, 0, 64)).rejects.toMatchObject({ disconnect: true, code: 'EHANGUP' });
    closeSync(nul);
    await expect(hangupAwareRead({ ...port, fd: null })(buf, 0, 64)).rejects.toMatchObject({ canceled: true });
  });
});

describe('serialport is loaded lazily', () => {
  it('where it cannot load, only serial addresses fail, with MODULE_UNAVAILABLE naming the address', async () => {
    // What node-gyp-build throws when @serialport/bindings-cpp has no binding for this machine.
    const missing = new Error('No native build was found for platform=linux arch=x64 runtime=node abi=115 uv=1 libc=glibc node=20.19.0 loaded from: /opt/hall/node_modules/@serialport/bindings-cpp');
    let tries = 0;
    const failing = serialPortLoader((id) => {
      tries += 1;
      expect(id).toBe('serialport');
      throw missing;
    });
    const pair = await startPtyPair();
    const address = `serial:${pair.a}?baud=9600`;
    const serial = createTransport(address, { serialport: failing });
    const err = await serial.open().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'MODULE_UNAVAILABLE', address, cause: missing });
    expect((err as Error).message).toContain('No native build was found');
    // Asked again at the next attempt (a reconnect): nothing cached from a failure.
    await expect(createTransport(address, { serialport: failing }).open()).rejects.toMatchObject({ code: 'MODULE_UNAVAILABLE' });
    expect(tries).toBe(2);

    // Another transport with the same deps does not care.
    const server = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const tcp = createTransport(`tcp://127.0.0.1:${(server.address() as { port: number }).port}`, { serialport: failing });
    try {
      await tcp.open();
      const got = collect(tcp);
      await tcp.write(Buffer.from('ok'));
      await waitFor(() => got().toString() === 'ok', 'the echo');
    } finally {
      await tcp.close();
      await new Promise((r) => server.close(r));
    }
    // And the same pty opens with the real serialport.
    await opened(address);
  });
});
