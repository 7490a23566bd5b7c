// Content that would not fit in a frame, through the real board driver over a kernel pty (socat) with
// the virtual LED bus on the other end: the reviewer's configs that froze the hub (a long pause text
// and reason on a window screen, a 16-line hall board of 16 calls, a 200-character `show`) give
// frames the screens take, fitted so that the ticket number and the counter stay; a too-long `show` is
// refused at the edge (a 400 to an API caller); and should a frame still not be made (a codec whose
// declared limit is wrong), the frame is dropped, the hub stays responsive, the device is degraded
// "screen 3: content too long for the screen" and the other screens are still written.
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceCommandError, splitFamily, type DeviceDriver, type DriverHealth, type HallSnapshot, type SnapshotCounter } from '../devices/driver.js';
import { silentLogger } from '../devices/logger.js';
import { Link } from '../devices/link.js';
import { stopAllPtys } from '../devices/pty.js';
import { waitFor } from '../devices/testing/wait.js';
import { transportFactory } from '../devices/transport/factory.js';
import { toApiError } from '../hub/api/errors.js';
import { bx5Codec, bx6Codec } from './codecs/onbon-bx.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import type { BoardCodec } from './codecs/types.js';
import { boardTuning, createBoardDriver } from './driver.js';
import { boardTextsSchema } from './content.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  await stopAllPtys();
  delete boardTuning.answerTimeoutMs;
});

const counter = (id: string, state: string, extra: Partial<SnapshotCounter> = {}): SnapshotCounter => ({
  id,
  name: { zh: `${id}号窗口` },
  zone: 'F1',
  state,
  pauseReason: null,
  staff: null,
  ticket: null,
  ...extra,
});

function snapshot(counters: SnapshotCounter[], boards: unknown, calls = 0): HallSnapshot & { boards: unknown } {
  return {
    seq: 1,
    at: 0,
    businessDay: '2026-11-23',
    hall: { id: 'h', name: { zh: '大厅' }, timezone: 'Asia/Shanghai' },
    zones: [{ id: 'F1', name: { zh: '一楼' } }],
    counters,
    // Newest first, as the hub sends them: A016 at counter 16 … A001 at counter 1.
    recentCalls: Array.from({ length: calls }, (_, i) => {
      const k = calls - i;
      return { ticketId: `t${k}`, number: `A${String(k).padStart(3, '0')}`, counterId: String(k), zone: 'F1', at: k, state: 'called' };
    }),
    services: [{ id: 's', prefix: 'A', name: { zh: '社保' }, zone: 'F1', note: null, waiting: 12, estimatedWaitMin: 10 }],
    notice: null,
    boards,
  };
}

interface Rig {
  sim: BoardSimulator;
  driver: DeviceDriver;
  health: DriverHealth[];
  link: Link;
}

/** The real board driver on one end of a pty pair, the virtual bus of `units` on the other. */
async function rig(codec: BoardCodec, units: Array<{ unit: number; counter: string | null }>, driverCodec: BoardCodec = codec): Promise<Rig> {
  boardTuning.answerTimeoutMs = 400;
  const sim = await startBoardSimulator({ codec, transport: 'pty', units, reconnect: { initialMs: 10, maxMs: 50 } });
  const link = new Link({ transport: transportFactory(splitFamily(sim.address).transport), parser: codec.splitter, reconnect: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 }, requestTimeoutMs: 1000 }).start();
  const health: DriverHealth[] = [];
  const driver = createBoardDriver(driverCodec, {
    device: { id: 'screens', kind: 'board', name: null, zone: null, counter: null, address: sim.address, kiosk: null, units: units.map((u) => ({ ...u, name: null })) },
    family: codec.family,
    link,
    log: silentLogger,
    report: (h) => health.push(h),
    emit: () => {},
  });
  cleanup.push(async () => {
    await driver.stop?.();
    await link.close({ flushTimeoutMs: 100 });
    await sim.close();
  });
  return { sim, driver, health, link };
}

const textOf = (sim: BoardSimulator, unit: number) => sim.screen(unit)?.content.lines.map((l) => l.text) ?? [];
const bytesShown = (sim: BoardSimulator, unit: number) => sim.codec.textBytes(sim.screen(unit)!.content);
const HANZI = '社会保障卡补办业务请携带身份证原件及复印件前往窗口办理谢谢合作';

describe('content fitted to what a frame carries, through the driver over a pty', () => {
  it('window screen: a 30-Hanzi pause text with a 100-character reason shows the whole pause text and as much of the reason as fits', async () => {
    const { sim, driver, health } = await rig(windowScreenCodec, [
      { unit: 3, counter: '3' },
      { unit: 4, counter: '4' },
    ]);
    const paused = HANZI.slice(0, 30);
    const reason = (HANZI + HANZI + HANZI + HANZI).slice(0, 100);
    const boards = boardTextsSchema.parse({ paused });
    await driver.onSnapshot?.(snapshot([counter('3', 'paused', { pauseReason: reason }), counter('4', 'idle')], boards));
    await waitFor(() => textOf(sim, 3).length === 2 && textOf(sim, 4).length === 2, 'both screens written');
    const [first, second] = textOf(sim, 3);
    expect(first).toBe(paused);
    expect(reason.startsWith(second!)).toBe(true);
    expect(second!.length).toBeLessThan(reason.length);
    expect(second!.length).toBeGreaterThan(80);
    expect(bytesShown(sim, 3)).toBeLessThanOrEqual(windowScreenCodec.limits.maxTextBytes);
    expect(textOf(sim, 4)).toEqual(['4号窗口', '欢迎光临']);
    expect(sim.counts.bad).toBe(0);
    expect(health.filter((h) => h.state !== 'online')).toEqual([]);
  });

  it('window screen: a call template longer than the frame keeps the ticket number and the counter', async () => {
    const { sim, driver } = await rig(windowScreenCodec, [{ unit: 3, counter: '3' }]);
    // {name} four times, the counter's name 40 Hanzi: 320 bytes before the number and the counter.
    const boards = boardTextsSchema.parse({ calling: '{name}{name}{name}{name} 请 {number} 到 {counter} 号窗口' });
    const name = (HANZI + HANZI).slice(0, 40);
    await driver.onSnapshot?.(snapshot([counter('3', 'calling', { name: { zh: name }, ticket: { id: 't', number: 'A123', serviceId: 's', state: 'called' } })], boards));
    await waitFor(() => textOf(sim, 3).length === 1, 'the call written');
    const [line] = textOf(sim, 3);
    expect(line).toContain('A123');
    expect(line).toContain('3');
    expect(line!.startsWith(name)).toBe(true);
    expect(bytesShown(sim, 3)).toBeLessThanOrEqual(255);
    expect(sim.counts.bad).toBe(0);
  });

  it('window-screen hall board of 16 lines and recentCalls 16: fewer calls, the newest first, and the waiting count', async () => {
    const { sim, driver, health } = await rig(windowScreenCodec, [{ unit: 1, counter: null }]);
    const boards = boardTextsSchema.parse({ recentCalls: 16, hallScreen: { width: 32, lines: 16 } });
    await driver.onSnapshot?.(snapshot([], boards, 16));
    await waitFor(() => textOf(sim, 1).length > 0, 'the hall board written');
    const lines = textOf(sim, 1);
    expect(lines[0]).toBe('A016 请到16号窗口');
    expect(lines.at(-1)).toBe('等候 12 人');
    // Each shown call is whole, in order; the oldest ones went.
    const calls = lines.slice(0, -1);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThan(15);
    calls.forEach((l, i) => expect(l).toBe(`A${String(16 - i).padStart(3, '0')} 请到${16 - i}号窗口`));
    expect(bytesShown(sim, 1)).toBeLessThanOrEqual(255);
    expect(sim.counts.bad).toBe(0);
    expect(health.filter((h) => h.state !== 'online')).toEqual([]);
  });

  it('BX hall board with a long call template: the frame stays within the BX limit', async () => {
    const { sim, driver } = await rig(bx5Codec, [{ unit: 1, counter: null }]);
    const boards = boardTextsSchema.parse({ recentCalls: 16, hallScreen: { width: 64, lines: 16 }, hallCall: `{number} 请到{counter}号窗口 ${HANZI.slice(0, 40)}` });
    await driver.onSnapshot?.(snapshot([], boards, 16));
    await waitFor(() => textOf(sim, 1).length > 0, 'the hall board written');
    const lines = textOf(sim, 1);
    expect(lines[0]!.startsWith('A016 请到16号窗口')).toBe(true);
    expect(lines.at(-1)).toBe('等候 12 人');
    expect(lines.length).toBeLessThan(16);
    expect(bytesShown(sim, 1)).toBeLessThanOrEqual(bx5Codec.limits.maxTextBytes);
    expect(sim.counts.bad).toBe(0);
  });

  it('show: 200 characters that fit are shown; 200 Hanzi are refused for a window screen (a 400 to an API caller), shown on a BX-6 screen (a BX-5 takes less: 512-byte buffer)', async () => {
    const ws = await rig(windowScreenCodec, [{ unit: 3, counter: '3' }]);
    await ws.driver.onSnapshot?.(snapshot([counter('3', 'idle')], undefined));
    const ascii = 'TEST 0123456789 '.repeat(13).slice(0, 200);
    expect(await ws.driver.onCommand?.({ type: 'show', unit: 3, text: ascii })).toEqual({ shown: [3] });
    await waitFor(() => textOf(ws.sim, 3)[0] === ascii, 'the 200 characters shown');

    const hanzi = (HANZI + HANZI + HANZI + HANZI + HANZI + HANZI + HANZI).slice(0, 200);
    let refused: unknown;
    try {
      await ws.driver.onCommand?.({ type: 'show', unit: 3, text: hanzi });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DeviceCommandError);
    expect((refused as DeviceCommandError).code).toBe('INVALID');
    expect((refused as Error).message).toMatch(/^screens: 显示命令无效.*文字过长.*最多 255 字节.*此文字 400 字节/);
    const api = toApiError(refused);
    expect(api.status).toBe(400);
    expect(api.params.detail).toContain('文字过长');
    // The screen kept the last text.
    expect(textOf(ws.sim, 3)[0]).toBe(ascii);
    expect(ws.sim.counts.bad).toBe(0);

    const bx = await rig(bx6Codec, [{ unit: 5, counter: '5' }]);
    await bx.driver.onSnapshot?.(snapshot([counter('5', 'idle')], undefined));
    expect(await bx.driver.onCommand?.({ type: 'show', unit: 5, text: hanzi })).toEqual({ shown: [5] });
    await waitFor(() => textOf(bx.sim, 5)[0] === hanzi, 'the 200 Hanzi shown on the BX-6 screen');
  });

  it('a frame that still cannot be made is dropped: the hub stays responsive, the device is degraded naming the screen, the other screens are written, newer content clears it', async () => {
    // A codec that claims more than its frame carries: the fitting lets 200 Hanzi through, encode() refuses them.
    const lying: BoardCodec = { ...windowScreenCodec, limits: { maxTextBytes: 4096, maxLines: 128 } };
    const { sim, driver, health } = await rig(
      windowScreenCodec,
      [1, 2, 3].map((u) => ({ unit: u, counter: String(u) })),
      lying,
    );
    await driver.onSnapshot?.(snapshot([counter('1', 'idle'), counter('2', 'idle'), counter('3', 'idle')], undefined));
    await waitFor(() => [1, 2, 3].every((u) => textOf(sim, u).length === 2), 'every screen drawn');
    const hanzi = (HANZI + HANZI + HANZI + HANZI + HANZI + HANZI + HANZI).slice(0, 200);
    await driver.onCommand?.({ type: 'show', unit: 3, text: hanzi });
    await driver.onCommand?.({ type: 'show', unit: 1, text: '一号屏测试' });
    // A macrotask scheduled while the bad frame waits still runs: the event loop is not starved.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await waitFor(() => health.some((h) => h.state === 'degraded'), 'degraded');
    expect(health.find((h) => h.state === 'degraded')).toEqual({ state: 'degraded', reason: { code: 'SCREEN_CONTENT_TOO_LONG', params: { screens: [3] } } });
    await waitFor(() => textOf(sim, 1)[0] === '一号屏测试', 'screen 1 still written');
    const status = (await driver.onCommand?.({ type: 'status' })) as { counts: { unencodable: number; failed: number }; queued: number };
    expect(status.counts.unencodable).toBe(1);
    expect(status.counts.failed).toBe(0);
    expect(status.queued).toBe(0);
    expect(textOf(sim, 3)).toEqual(['3号窗口', '欢迎光临']);
    // The next content for screen 3 goes out and clears it.
    await driver.onCommand?.({ type: 'show', unit: 3, text: '三号屏恢复' });
    await waitFor(() => textOf(sim, 3)[0] === '三号屏恢复', 'screen 3 written again');
    await waitFor(() => health.at(-1)?.state === 'online', 'online again');
    expect(sim.counts.bad).toBe(0);
  });
});
