// The Link over a real serial port (serialport on a kernel pty made by socat): the RS-485 adapter is
// pulled twice while a queue of sequence-numbered frames is written, and plugged back on the same
// path. Every frame must reach the far end exactly once, in order; reconnects and health are counted.
//
// Like a USB adapter whose /dev/ttyUSB0 vanishes and comes back, the link's path `dev` is a symlink
// the test removes on unplug and makes again on replug — after the far end has opened its side,
// because serialport flushes a tty's input when it opens it (tcflush), which would eat frames that
// arrived before.
import { renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, stopAllPtys, type PtyPair } from './pty.js';
import type { HealthState, Link } from './link.js';
import { openLink } from './link.js';
import { SeqFrameCollector, encodeSeqFrame } from './testing/seq-frames.js';
import { endAfterEach } from './testing/cleanup.js';
import { waitFor } from './testing/wait.js';
import { createTransport } from './transport/factory.js';
import { hallSerialPortClass, type HallSerialPort } from './transport/serial.js';
import type { Transport } from './transport/types.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// Registered first, so it runs last (vitest runs after-hooks as a stack): the links close before their ptys go.
afterEach(() => stopAllPtys());
const atEnd = endAfterEach();

/**
 * The far end: serialport on side B (on the hangup-aware binding, so that it notices the pull while
 * only reading), recording the seqs it reads; it can stop reading.
 */
class FarEnd {
  readonly seqs: number[] = [];
  opens = 0;
  private port: HallSerialPort | null = null;
  onFrame?: (seq: number) => void;

  async open(path: string): Promise<void> {
    const port = new (hallSerialPortClass())({ path, baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', rtscts: false, autoOpen: false, lock: true });
    const collector = new SeqFrameCollector((seq) => {
      this.seqs.push(seq);
      this.onFrame?.(seq);
    });
    port.on('data', (c: Buffer) => collector.push(c));
    port.on('error', () => {});
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    this.port = port;
    this.opens += 1;
  }

  /** Stops reading: the pty's buffers fill and the writer's write stays pending. */
  pause(): void {
    this.port?.pause();
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async close(): Promise<void> {
    const port = this.port;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }
}

/** Points `dev` at side A's pty (atomically, as udev would make the node appear). */
function plugDev(dev: string, pair: PtyPair): void {
  const tmp = `${dev}.new`;
  rmSync(tmp, { force: true });
  symlinkSync(pair.ptyA, tmp);
  renameSync(tmp, dev);
}

/** A USB-serial adapter plugged in: a pty pair, the far end listening on one side, `dev` naming the other. */
async function pluggedAdapter(name: string): Promise<{ pair: PtyPair; dev: string; far: FarEnd }> {
  const pair = await startPtyPair();
  const dev = join(dirname(pair.a), name);
  const far = new FarEnd();
  atEnd(() => far.close());
  await far.open(pair.b);
  plugDev(dev, pair);
  return { pair, dev, far };
}

describe('link over a serial pty: unplug and replug mid-queue', () => {
  it('pulls the adapter twice while 30 frames are written: each arrives once, in order', async () => {
    const { pair, dev, far } = await pluggedAdapter('ttyUSB0');

    const link = openLink(`serial:${dev}?baud=115200`, { interFrameGapMs: 25, reconnect: { initialMs: 10, maxMs: 80, factor: 2, jitter: 0.2 } });
    atEnd(() => link.close());
    const states: HealthState[] = [];
    // Health changes with their reasons; the state sequence without repeats (offline's reason changes
    // from "disconnected" to "no such file" while the adapter is out).
    link.on('health', (h) => states.at(-1) !== h.state && states.push(h.state));
    const notFound: string[] = [];
    link.on('fault', (e) => e.code === 'NOT_FOUND' && notFound.push(e.message));

    // The cable goes right after frames 7 and 18. Those two are requests: the link holds its queue
    // for their answer, so no later frame is in the pty's or socat's buffers when socat dies — bytes
    // the OS took when the line dies are lost to any sender (see the guarantee in link.ts), and on a
    // loaded machine the next frame could otherwise slip out before the kill lands.
    let replugs: Promise<void> = Promise.resolve();
    const pulls = [7, 18];
    const pullAt = new Set(pulls);
    far.onFrame = (seq) => {
      if (!pullAt.delete(seq)) return;
      // Pull the cable right after this frame: the device node goes, then the line dies.
      rmSync(dev, { force: true });
      const refusedBefore = notFound.length;
      replugs = replugs.then(async () => {
        await pair.kill();
        await waitFor(() => !far.isOpen, 'the far end hung up');
        await waitFor(() => link.health.state === 'offline', 'the link offline');
        await waitFor(() => notFound.length > refusedBefore, 'a reconnect refused for the missing device');
        await pair.restart();
        await far.open(pair.b);
        plugDev(dev, pair);
      });
    };

    const sent = Promise.all(
      range(1, 30).map((i) =>
        pulls.includes(i)
          ? expect(link.request(encodeSeqFrame(i, `window ${i}`), { match: () => false, timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'DISCONNECTED' })
          : link.send(encodeSeqFrame(i, `window ${i}`)),
      ),
    );
    // A failed replug step fails the test at once (the frames would wait for ever).
    await Promise.race([sent, new Promise((_r, reject) => void waitFor(() => pullAt.size === 0, 'both pulls', 20_000).then(() => replugs).catch(reject))]);
    await sent;
    await replugs;
    await waitFor(() => far.seqs.length >= 30, 'all frames at the far end').catch((e: Error) => {
      throw new Error(`${e.message}: got ${far.seqs.join(',')}`);
    });
    expect(far.seqs).toEqual(range(1, 30));
    expect(far.opens).toBe(3);
    const s = link.stats();
    expect(s.reconnects).toBe(2);
    expect(s.txFrames).toBe(30);
    expect(s.errors).toBeGreaterThanOrEqual(4); // two drops, and at least one refused reopen each
    expect(notFound[0]).toMatch(/no such file|ENOENT|cannot open/i);
    expect(states).toEqual(['online', 'offline', 'online', 'offline', 'online']);
  });

  it('a frame stuck in the pty when the cable is pulled is written again, whole, after the replug', async () => {
    const { pair, dev, far } = await pluggedAdapter('ttyUSB1');
    far.onFrame = (seq) => seq === 3 && far.pause();
    const link = openLink(`serial:${dev}?baud=115200`, { interFrameGapMs: 5, reconnect: { initialMs: 10, maxMs: 80, factor: 2, jitter: 0 }, stallAfterMs: 50 });
    atEnd(() => link.close());
    const big = 'y'.repeat(1 << 20); // far more than the pty and socat buffer
    const sent = range(1, 8).map((i) => link.send(encodeSeqFrame(i, i === 4 ? big : `window ${i}`)));
    await waitFor(() => link.stats().inFlight && link.stats().txFrames === 3 && far.seqs.length === 3, 'frame 4 stuck in flight');
    // Stuck, not slow: the link's own stall watch fires on frame 4 (the stall reason is cleared before a
    // finished write is counted, so with 3 counted it is frame 4's), i.e. the OS has not taken it.
    await waitFor(() => link.health.reason?.code === 'WRITE_STALLED' && link.stats().txFrames === 3, "the link's stall watch on frame 4");
    expect(link.health.state).toBe('degraded');
    expect(link.stats()).toMatchObject({ inFlight: true, txFrames: 3 });
    rmSync(dev, { force: true });
    await pair.kill();
    await waitFor(() => link.health.state === 'offline', 'the link offline');
    await pair.restart();
    far.onFrame = undefined;
    await far.open(pair.b);
    plugDev(dev, pair);
    await Promise.all(sent);
    await waitFor(() => far.seqs.length >= 8, 'all frames at the far end');
    expect(far.seqs).toEqual(range(1, 8));
    expect(link.stats()).toMatchObject({ writeRetries: 1, reconnects: 1, txFrames: 8 });
  });

  it('answers a request across the pty, and degrades after unanswered ones', async () => {
    const pair = await startPtyPair();
    const far = createTransport(`serial:${pair.b}?baud=9600`);
    await far.open();
    atEnd(() => far.close());
    // The far end answers "PING n" with "PONG n", and ignores "MUTE".
    let buf = '';
    far.on('data', (c) => {
      buf += c.toString('latin1');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('PING ')) void far.write(Buffer.from(`noise\x00\nPO`)).then(() => far.write(Buffer.from(`NG ${line.slice(5)}\n`)));
      }
    });
    const { delimiterSplitter } = await import('./framing.js');
    const link = openLink(`serial:${pair.a}?baud=9600`, { parser: delimiterSplitter('\n'), degradeAfterTimeouts: 2 });
    atEnd(() => link.close());
    const answer = await link.request(Buffer.from('PING 7\n'), { match: (f) => f.toString() === 'PONG 7', timeoutMs: 2000 });
    expect(answer.toString()).toBe('PONG 7');
    for (const n of [1, 2]) {
      await expect(link.request(Buffer.from(`MUTE ${n}\n`), { match: () => false, timeoutMs: 30 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    }
    expect(link.health).toMatchObject({ state: 'degraded', reason: { code: 'NO_ANSWER', params: { count: 2 } } });
    await link.request(Buffer.from('PING 8\n'), { match: (f) => f.toString() === 'PONG 8', timeoutMs: 2000 });
    expect(link.health.state).toBe('online');
    // The answer may be read before the write's own completion is: count once both are in.
    await waitFor(() => link.stats().txFrames === 4, 'four frames counted');
    expect(link.stats()).toMatchObject({ timeouts: 2, txFrames: 4, inFlight: false });
  });
});
