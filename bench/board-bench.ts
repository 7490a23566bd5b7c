// Figures for the LED bus (display-board): a bus of BX screens on a kernel pty (socat) with the virtual
// bus answering each frame. Measured: the BX codec's encode+decode rate; frames per second through the
// scheduler and the Link with an answer per frame; and how long a call waits when every other screen
// has a routine refresh queued (the call goes first, so it waits for at most the frame on the wire).
// Read them beside each other: the machines are shared. A pty has no baud rate: on a real 9600-baud
// RS-485 line a 40-byte frame alone takes about 42 ms, which is why the call-first order matters.
//
//   npm run bench:board          (HALL_BENCH_SCREENS=… screens on the bus, default 32)
import { performance } from 'node:perf_hooks';
import { splitFamily } from '../devices/driver.js';
import { Link } from '../devices/link.js';
import { stopAllPtys } from '../devices/pty.js';
import { transportFactory } from '../devices/transport/factory.js';
import { openBus } from '../display-board/bus.js';
import { bx5Codec } from '../display-board/codecs/onbon-bx.js';
import { startBoardSimulator } from '../display-board/simulator.js';
import { BOARD_CALL_LINE_ZH, counterWords } from '../shared/vocabulary.js';
import { median } from '../shared/percentile.js';

/** A window screen's default call line. */
const callLine = (number: string, counter: number | string) => BOARD_CALL_LINE_ZH.replace('{number}', number).replace('{counter}', String(counter));

const SCREENS = Math.max(2, Number(process.env.HALL_BENCH_SCREENS ?? 32));
const ROUNDS = 20;
const text = (s: string) => ({ lines: [{ text: s, color: 'red' as const, effect: 'static' as const, speed: 8 }, { text: '欢迎光临', color: 'green' as const, effect: 'static' as const, speed: 8 }] });

function codecRate(): number {
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const f = bx5Codec.encode((i % 200) + 1, text(callLine(`A${String(i % 1000).padStart(3, '0')}`, (i % 16) + 1)));
    if (!bx5Codec.decodeFrame(f).ok) throw new Error('round trip failed');
  }
  return (n / (performance.now() - t0)) * 1000;
}

async function main(): Promise<void> {
  const codecPerSec = codecRate();
  const units = Array.from({ length: SCREENS }, (_, i) => ({ unit: i + 1, counter: String(i + 1) }));
  const sim = await startBoardSimulator({ codec: bx5Codec, transport: 'pty', units });
  const link = new Link({ transport: transportFactory(splitFamily(sim.address).transport), parser: bx5Codec.splitter }).start();
  await link.whenOnline();
  const bus = openBus({ link, codec: bx5Codec, answerTimeoutMs: 1000 });
  const until = (cond: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (cond() ? resolve() : setImmediate(check));
      check();
    });

  // Throughput: every screen refreshed, ROUNDS times.
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const u of units) bus.set(u.unit, text(`${counterWords(String(u.unit)).zh} 第${r}轮`));
    await until(() => bus.queued === 0 && bus.counts.sent >= (r + 1) * SCREENS);
  }
  const framesPerSec = ((ROUNDS * SCREENS) / (performance.now() - t0)) * 1000;

  // A call behind a full backlog of routine refreshes: time until its screen shows it.
  const waits: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const u of units) bus.set(u.unit, text(`${counterWords(String(u.unit)).zh} 刷新${r}`));
    const target = units[units.length - 1]!.unit;
    const number = `C${String(r).padStart(3, '0')}`;
    const start = performance.now();
    bus.set(target, text(callLine(number, target)), 'call');
    await until(() => sim.screen(target)?.content.lines[0]?.text.startsWith(number) ?? false);
    waits.push(performance.now() - start);
    await until(() => bus.queued === 0);
  }
  const perFrameMs = 1000 / framesPerSec;

  console.log(`LED bus bench: ${SCREENS} BX screens on one pty, each frame answered`);
  console.log(`  codec encode+decode      ${codecPerSec.toFixed(0)} frames/s`);
  console.log(`  scheduler + link + ack   ${framesPerSec.toFixed(0)} frames/s (${perFrameMs.toFixed(2)} ms a frame)`);
  console.log(`  call behind ${SCREENS - 1} refreshes  median ${median(waits).toFixed(2)} ms, max ${Math.max(...waits).toFixed(2)} ms` + ` (sending the whole backlog first would take ~${(perFrameMs * SCREENS).toFixed(1)} ms)`);
  console.log(`  frames sent ${bus.counts.sent}, bad frames at the screens ${sim.counts.bad}`);
  bus.stop();
  await link.close();
  await sim.close();
  await stopAllPtys();
}

await main();
