// The bus scheduler over a real kernel pty (socat) with the virtual LED bus on the other end: calls go
// before routine refreshes, newer content replaces unsent older content, a switched-off screen is
// reported and found again, and after the cable is pulled and replugged every screen gets its current
// content again; content that cannot be encoded is dropped (the event loop keeps running, the screen is
// reported, the others are written).
import { afterEach, describe, expect, it } from 'vitest';
import { splitFamily } from '../devices/driver.js';
import { Link } from '../devices/link.js';
import { stopAllPtys } from '../devices/pty.js';
import { waitFor } from '../devices/testing/wait.js';
import { transportFactory } from '../devices/transport/factory.js';
import { openBus } from './bus.js';
import { bx5Codec } from './codecs/onbon-bx.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import type { BoardCodec, ScreenContent } from './codecs/types.js';
import type { BusScheduler } from './scheduler.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

const ADDRESSES = Array.from({ length: 12 }, (_, i) => i + 1);
const text = (s: string): ScreenContent => ({ lines: [{ text: s }] });

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  await stopAllPtys();
});

async function bus(codec: BoardCodec, opts: { retryMs?: number } = {}): Promise<{ sim: BoardSimulator; link: Link; scheduler: BusScheduler }> {
  const sim = await startBoardSimulator({ codec, transport: 'pty', units: ADDRESSES.map((unit) => ({ unit, counter: String(unit) })), reconnect: { initialMs: 10, maxMs: 50 } });
  // Not started yet: the test queues first, then lets the bus come up.
  const link = new Link({ transport: transportFactory(splitFamily(sim.address).transport), parser: codec.splitter, reconnect: { initialMs: 150, maxMs: 400, factor: 2, jitter: 0.1 }, requestTimeoutMs: 1000 });
  const scheduler = openBus({ link, codec, answerTimeoutMs: 400, retryMs: opts.retryMs ?? 200 });
  cleanup.push(async () => {
    scheduler.stop();
    await link.close({ flushTimeoutMs: 100 });
    await sim.close();
  });
  return { sim, link, scheduler };
}

describe('bus scheduler over a pty', () => {
  for (const codec of [bx5Codec, windowScreenCodec]) {
    it(`${codec.name}: calls first, then routine refreshes in arrival order, one frame per screen with its newest content`, async () => {
      const { sim, link, scheduler } = await bus(codec);
      for (const a of ADDRESSES) scheduler.set(a, text(`${a}号窗口 空闲`));
      scheduler.set(3, text('3号窗口 暂停服务'));
      scheduler.set(3, text('3号窗口 暂停服务 午休'));
      scheduler.set(7, text('A007 请到7号窗口'), 'call');
      scheduler.set(11, text('A011 请到11号窗口'), 'call');
      // The same content again is not sent twice.
      scheduler.set(12, text('12号窗口 空闲'));
      link.start();
      // The screen shows the last frame a moment before its answer reaches the scheduler: wait for both.
      await waitFor(() => sim.received.length >= ADDRESSES.length && scheduler.counts.sent >= ADDRESSES.length, 'every screen written');
      expect(sim.received.map((r) => r.address)).toEqual([7, 11, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12]);
      expect(sim.screen(3)?.content.lines[0]?.text).toBe('3号窗口 暂停服务 午休');
      expect(sim.screen(7)?.content.lines[0]?.text).toBe('A007 请到7号窗口');
      expect(sim.counts.bad).toBe(0);
      // Replaced before sending: screen 3 twice, and the idle texts of 7 and 11 by their calls.
      expect(scheduler.counts).toMatchObject({ sent: 12, calls: 2, coalesced: 4 });
      expect(sim.view().units?.find((u) => u.unit === 11)?.text).toEqual(['A011 请到11号窗口']);
    });
  }

  it('a call made while routine frames wait goes out next', async () => {
    const { sim, link, scheduler } = await bus(bx5Codec);
    for (const a of ADDRESSES) scheduler.set(a, text(`${a}号窗口 空闲`));
    // When the first frame has gone out, a call comes for the last screen and a refresh for the second.
    scheduler.once('sent', () => {
      scheduler.set(2, text('2号窗口 暂停服务'));
      scheduler.set(12, text('B001 请到12号窗口'), 'call');
    });
    link.start();
    await waitFor(() => sim.received.length >= ADDRESSES.length, 'every screen written');
    expect(sim.received.map((r) => r.address)).toEqual([1, 12, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(sim.screen(2)?.content.lines[0]?.text).toBe('2号窗口 暂停服务');
  });

  it('reports a screen that stops answering and clears it when it answers again', async () => {
    const { sim, link, scheduler } = await bus(bx5Codec, { retryMs: 100 });
    const changes: Array<[number, boolean]> = [];
    scheduler.on('answering', (a, on) => changes.push([a, on]));
    link.start();
    sim.setPowered(5, false);
    for (const a of ADDRESSES) scheduler.set(a, text(`${a}号窗口 空闲`));
    await waitFor(() => changes.length > 0, 'screen 5 reported');
    expect(changes[0]).toEqual([5, false]);
    expect(scheduler.silentScreens).toEqual([5]);
    // The others were not held up by it.
    await waitFor(() => ADDRESSES.every((a) => a === 5 || sim.screen(a)), 'the other screens written');
    sim.setPowered(5, true);
    await waitFor(() => changes.length > 1, 'screen 5 back', 8000);
    expect(changes[1]).toEqual([5, true]);
    expect(sim.screen(5)?.content.lines[0]?.text).toBe('5号窗口 空闲');
    expect(scheduler.silentScreens).toEqual([]);
    expect(link.stats().timeouts).toBeGreaterThan(0);
  });

  it('after the cable is pulled and replugged, every screen gets its current content again', async () => {
    const { sim, link, scheduler } = await bus(bx5Codec);
    link.start();
    for (const a of ADDRESSES) scheduler.set(a, text(`${a}号窗口 空闲`));
    await waitFor(() => ADDRESSES.every((a) => sim.screen(a)?.frames === 1), 'every screen written once');
    await sim.pty!.kill();
    await waitFor(() => !link.isOnline, 'the hub side notices the pull');
    // Changes while the bus is down: only the newest reaches the screen.
    scheduler.set(4, text('A004 请到4号窗口'), 'call');
    scheduler.set(4, text('4号窗口 暂停服务'));
    await sim.pty!.restart();
    await waitFor(() => link.stats().reconnects >= 1 && ADDRESSES.every((a) => (sim.screen(a)?.frames ?? 0) >= 2), 'every screen written again', 15_000);
    expect(sim.screen(4)?.content.lines[0]?.text).toBe('4号窗口 暂停服务');
    for (const a of ADDRESSES.filter((x) => x !== 4)) expect(sim.screen(a)?.content.lines[0]?.text).toBe(`${a}号窗口 空闲`);
    expect(sim.counts.bad).toBe(0);
  });

  it('content that cannot be encoded is dropped once, reported, and does not hold up the event loop or the other screens', async () => {
    const { sim, link, scheduler } = await bus(windowScreenCodec);
    const reports: Array<[number, boolean, string]> = [];
    scheduler.on('unencodable', (a, bad, reason) => reports.push([a, bad, reason]));
    link.start();
    await link.whenOnline(5000);
    // 300 Hanzi: 600 GBK bytes, a window screen's frame takes 255.
    scheduler.set(3, text('字'.repeat(300)), 'call');
    scheduler.set(1, text('1号窗口 空闲'));
    scheduler.set(2, text('2号窗口 空闲'));
    // Scheduled while the bad frame is queued first: it runs (no endless loop of microtasks).
    await new Promise<void>((resolve) => setImmediate(resolve));
    await waitFor(() => !!sim.screen(1) && !!sim.screen(2) && scheduler.counts.sent >= 2, 'the other screens written');
    expect(reports).toEqual([[3, true, 'a window screen takes at most 255 text bytes, not 600']]);
    expect(scheduler.unencodableScreens).toEqual([{ address: 3, reason: 'a window screen takes at most 255 text bytes, not 600' }]);
    expect(scheduler.counts).toMatchObject({ unencodable: 1, failed: 0, sent: 2 });
    expect(scheduler.queued).toBe(0);
    expect(sim.screen(3)).toBeUndefined();
    // A resend after a reconnect tries it once more, quietly; newer content goes out and clears it.
    scheduler.resendAll();
    await waitFor(() => scheduler.counts.unencodable === 2 && scheduler.queued === 0, 'the resend dropped again');
    expect(reports).toHaveLength(1);
    scheduler.set(3, text('3号窗口 空闲'));
    await waitFor(() => sim.screen(3)?.content.lines[0]?.text === '3号窗口 空闲' && reports.length === 2, 'screen 3 written');
    expect(reports[1]).toEqual([3, false, 'a window screen takes at most 255 text bytes, not 600']);
    expect(scheduler.unencodableScreens).toEqual([]);
    expect(sim.counts.bad).toBe(0);
  });
});
