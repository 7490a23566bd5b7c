// Figures for the device layer, each beside a baseline measured in the same run: a Link (queue,
// framing, request matching, counters) against a bare socket or serial port doing the same job, over
// TCP on loopback and over a kernel pty pair (socat). Read the ratios: the machines are shared.
//
//   npm run bench:devices          (HALL_BENCH_FRAMES=… to change the frame count)
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { delimiterSplitter } from '../devices/framing.js';
import { openLink, type Link } from '../devices/link.js';
import { startPtyPair, stopAllPtys } from '../devices/pty.js';
import { callSentence } from '../shared/vocabulary.js';
import { median, percentileOf } from '../shared/percentile.js';

const FRAMES = Number(process.env.HALL_BENCH_FRAMES ?? 2000);
const ROUND_TRIPS = Math.max(50, Math.floor(FRAMES / 10));
const rows: string[][] = [];

const frame = (i: number) => Buffer.from(`F${String(i).padStart(6, '0')} ${callSentence(`A${String(i % 1000).padStart(3, '0')}`, '3').zh}\n`);

function row(name: string, count: number, totalMs: number, latencies: number[], baseline?: { name: string; perSec: number }): number {
  const perSec = (count / totalMs) * 1000;
  rows.push([
    name,
    perSec.toFixed(0),
    latencies.length ? median(latencies).toFixed(3) : '',
    latencies.length ? percentileOf(latencies, 0.99).toFixed(3) : '',
    baseline ? `${baseline.name}: ${baseline.perSec.toFixed(0)}/s (${(perSec / baseline.perSec).toFixed(2)}×)` : '',
  ]);
  return perSec;
}

/** Counts newline-ended frames arriving on a stream; echoes "?…" requests as "!…". */
function peer(stream: { on(e: 'data', f: (b: Buffer) => void): unknown; write(b: Buffer): unknown }) {
  let rest = '';
  let count = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  stream.on('data', (b: Buffer) => {
    const text = rest + b.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('?')) stream.write(Buffer.from(`!${l.slice(1)}\n`));
      else count++;
    }
    for (const w of waiters.splice(0)) {
      if (count >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  return {
    reached: (n: number) => (count >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    reset: () => void (count = 0),
  };
}

async function linkFigures(label: string, link: Link, device: ReturnType<typeof peer>): Promise<{ stream: number; rtt: number }> {
  await link.whenOnline();
  device.reset();
  let t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < FRAMES; i++) sends.push(link.send(frame(i)));
  await Promise.all(sends);
  await device.reached(FRAMES);
  const stream = row(`${label}: ${FRAMES} frames through a Link`, FRAMES, performance.now() - t0, []);
  const latencies: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const s = performance.now();
    const tag = String(i);
    await link.request(Buffer.from(`?${tag}\n`), { match: (f) => f.toString() === `!${tag}\n`, timeoutMs: 2000 });
    latencies.push(performance.now() - s);
  }
  const rtt = row(`${label}: request → answer through a Link`, ROUND_TRIPS, performance.now() - t0, latencies);
  return { stream, rtt };
}

async function rawFigures(label: string, write: (b: Buffer) => Promise<void>, answers: { next(): Promise<string> }, device: ReturnType<typeof peer>) {
  device.reset();
  let t0 = performance.now();
  for (let i = 0; i < FRAMES; i++) await write(frame(i));
  await device.reached(FRAMES);
  const stream = row(`${label}: ${FRAMES} frames, bare writes`, FRAMES, performance.now() - t0, []);
  const latencies: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const s = performance.now();
    await write(Buffer.from(`?${i}\n`));
    const got = await answers.next();
    if (got !== `!${i}`) throw new Error(`bare round trip: expected !${i}, got ${got}`);
    latencies.push(performance.now() - s);
  }
  const rtt = row(`${label}: request → answer, bare`, ROUND_TRIPS, performance.now() - t0, latencies);
  return { stream, rtt };
}

/** Lines from a stream, one at a time. */
function lineQueue(stream: { on(e: 'data', f: (b: Buffer) => void): unknown }) {
  let rest = '';
  const lines: string[] = [];
  const waiting: Array<(l: string) => void> = [];
  stream.on('data', (b: Buffer) => {
    const parts = (rest + b.toString('utf8')).split('\n');
    rest = parts.pop()!;
    for (const l of parts) {
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  return { next: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((r) => waiting.push(r))) };
}

async function tcp(): Promise<void> {
  let device!: ReturnType<typeof peer>;
  const server = createServer((s) => (device = peer(s)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  // Baseline: a bare socket, each write awaited.
  const sock: Socket = connect(port, '127.0.0.1');
  await once(sock, 'connect');
  await new Promise((r) => setTimeout(r, 20));
  const bare = await rawFigures('tcp', (b) => new Promise<void>((res, rej) => sock.write(b, (e) => (e ? rej(e) : res()))), lineQueue(sock), device);
  sock.destroy();

  const link = openLink(`tcp://127.0.0.1:${port}`, { parser: delimiterSplitter('\n', { includeDelimiter: true }), maxQueue: FRAMES + 10 }).start();
  await link.whenOnline();
  await new Promise((r) => setTimeout(r, 20));
  const viaLink = await linkFigures('tcp', link, device);
  await link.close();
  server.close();
  rows.push(['', '', '', '', `Link vs bare: stream ${(viaLink.stream / bare.stream).toFixed(2)}×, round trip ${(viaLink.rtt / bare.rtt).toFixed(2)}×`]);
}

async function pty(): Promise<void> {
  const pair = await startPtyPair();
  const devicePort = new SerialPort({ path: pair.b, baudRate: 115200 });
  await once(devicePort, 'open');
  const device = peer(devicePort);

  const host = new SerialPort({ path: pair.a, baudRate: 115200 });
  await once(host, 'open');
  const bare = await rawFigures(
    'pty',
    (b) => new Promise<void>((res, rej) => host.write(b, (e) => (e ? rej(e) : host.drain((d) => (d ? rej(d) : res()))))),
    lineQueue(host),
    device,
  );
  await new Promise<void>((r) => host.close(() => r()));

  const link = openLink(`serial:${pair.a}?baud=115200`, { parser: delimiterSplitter('\n', { includeDelimiter: true }), maxQueue: FRAMES + 10 }).start();
  const viaLink = await linkFigures('pty', link, device);
  await link.close();
  await new Promise<void>((r) => devicePort.close(() => r()));
  await stopAllPtys();
  rows.push(['', '', '', '', `Link vs bare: stream ${(viaLink.stream / bare.stream).toFixed(2)}×, round trip ${(viaLink.rtt / bare.rtt).toFixed(2)}×`]);
}

await tcp();
await pty();
const head = ['what', 'per second', 'p50 ms', 'p99 ms', 'baseline'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
console.log([head, ...rows].map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ')).join('\n'));
