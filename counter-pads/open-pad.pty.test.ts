// The open pad protocol end to end over real kernel ptys (socat): the open-pad driver, run by a
// DeviceHost as the hub runs it, against the simulated pad and keypad buses. Covers presses becoming
// inputs with their bus address, the displays (亮身份, current number, waiting count), garbage on the
// line, a unit's repeated event (lost ack) dropped as a duplicate, a unit's reboot (new boot id, event
// ids from 1 again) not mistaken for a repeat (nor a v1 unit's, back from away), a command repeated
// until the unit acknowledges it, key bounce judged by the unit's own press times, and a TCP bus.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceInput, DriverDevice, HallSnapshot } from '../devices/driver.js';
import { DriverRegistry } from '../devices/driver.js';
import { DeviceHost, type HostedHealth } from '../devices/host.js';
import { stopAllPtys } from '../devices/pty.js';
import { waitFor } from '../devices/testing/wait.js';
import { openLink } from '../devices/link.js';
import { silentLogger } from '../devices/logger.js';
import { displayPayload, encodeFrame, eventPayload, MSG, splitFrames } from './protocol.js';
import { DEFAULT_TIMING, OpenPadBus, openPadFactory } from './open-pad-driver.js';
import { OpenPadSimulator, startOpenPadSimulator } from './simulator.js';

const hosts: DeviceHost[] = [];
const sims: OpenPadSimulator[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  for (const s of sims.splice(0)) await s.close();
  await stopAllPtys();
});

function snapshot(): HallSnapshot {
  const counter = (id: string, staff: { no: string; name: string } | null, ticket: string | null) => ({
    id,
    name: null,
    zone: 'F1',
    state: staff ? (ticket ? 'serving' : 'idle') : 'closed',
    pauseReason: null,
    staff,
    ticket: ticket ? { id: `t-${ticket}`, number: ticket, serviceId: 'svc-a', state: 'serving' } : null,
    services: ['svc-a'],
  });
  return {
    seq: 1,
    at: Date.now(),
    businessDay: '2026-11-23',
    hall: { id: 'h', name: { zh: '大厅' }, timezone: 'Asia/Shanghai' },
    zones: [],
    counters: [counter('2', { no: '1002', name: '李四' }, 'A007'), counter('3', null, null)],
    recentCalls: [],
    services: [{ id: 'svc-a', prefix: 'A', name: { zh: '社保' }, zone: 'F1', note: null, waiting: 4, estimatedWaitMin: 10 }],
    notice: null,
  };
}

async function bus(kind: 'pad' | 'keypad', transport: 'pty' | 'tcp' = 'pty', timing = {}) {
  const sim = await startOpenPadSimulator(kind, { transport, units: [{ unit: 2, counter: '2' }, { unit: 3, counter: '3' }] });
  sims.push(sim);
  const registry = new DriverRegistry();
  registry.register(openPadFactory(kind, { pollIntervalMs: 20, ...timing }));
  const device: DriverDevice = {
    id: `${kind}-bus`,
    kind,
    name: null,
    zone: 'F1',
    counter: null,
    address: sim.address,
    kiosk: null,
    units: [
      { unit: 2, counter: '2', name: null },
      { unit: 3, counter: '3', name: null },
    ],
  };
  const inputs: DeviceInput[] = [];
  const health: HostedHealth[] = [];
  const host = new DeviceHost({ device, registry, onHealth: (h) => health.push(h), onInput: (i) => inputs.push(i), link: { reconnect: { initialMs: 20, maxMs: 200 } } });
  hosts.push(host);
  host.start(snapshot());
  return { sim, host, inputs, health };
}

describe('open-pad over a pty', () => {
  it('shows the staff card on pads and the current number and waiting count on keypads', async () => {
    const pads = await bus('pad');
    await waitFor(() => pads.sim.unit(2).display.length > 0 && pads.sim.unit(3).display.length > 0, 'the pads showing something');
    expect(pads.sim.unit(2).display).toEqual(['李四 工号1002', '当前 A007']);
    expect(pads.sim.unit(3).display).toEqual(['3号窗口', '暂停服务 Closed']);
    const keys = await bus('keypad');
    await waitFor(() => keys.sim.unit(2).display.length > 0, 'the keypad showing something');
    expect(keys.sim.unit(2).display).toEqual(['当前 A007', '等候 4人']);
    await waitFor(() => pads.health.some((h) => h.state === 'online'), 'online');
  });

  it('turns presses into inputs with their bus address, prompted tickets included, through garbage on the line', async () => {
    const { sim, host, inputs } = await bus('pad');
    await waitFor(() => sim.unit(2).display.length > 0, 'first display');
    const view = snapshot();
    await host.deliver([{ seq: 2, type: 'ticket.finished', at: Date.now(), ticket: { id: 't-A007', number: 'A007', serviceId: 'svc-a', zone: 'F1', state: 'done', priority: 'normal', channel: 'kiosk', counterId: '2', recalls: 0, issuedAt: 0, calledAt: 0, lastCalledAt: 0, finishedAt: Date.now() } }], view);
    await waitFor(() => sim.unit(2).prompt?.number === 'A007', 'the prompt on pad 2');
    sim.injectGarbage(Buffer.from([0xaa, 0x55, 0x02, 0x01, 0x82, 0x01, 0x05, 0x00, 0x00, 0x13, 0x37]));
    sim.injectGarbage(Buffer.from('line noise'));
    sim.pressLevel(2, 4);
    sim.pressLevel(3, 2);
    await waitFor(() => inputs.length >= 2, 'two ratings');
    expect(inputs).toContainEqual({ type: 'rating', score: 4, unit: 2, ref: 't-A007' });
    expect(inputs).toContainEqual({ type: 'rating', score: 2, unit: 3 });
    // After a rating the prompt is taken down.
    await waitFor(() => sim.unit(2).prompt === null, 'the prompt ended');
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.events).toBe(2);
    expect(host.stats()!.rxDropped).toBeGreaterThan(0);
    await expect(host.command({ type: 'reboot' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('drops a unit event sent again because the ack was lost, and debounces a double press', async () => {
    const { sim, host, inputs } = await bus('pad');
    await waitFor(() => sim.unit(2).display.length > 0, 'first display');
    sim.faults.dropHostAcks = 2;
    sim.pressLevel(2, 5);
    await waitFor(() => sim.unit(2).unacknowledged === 0, 'the press acknowledged in the end');
    expect(sim.unit(2).counters.resends).toBeGreaterThanOrEqual(2);
    await waitFor(() => inputs.length >= 1, 'the rating');
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.duplicates).toBeGreaterThanOrEqual(2);
    expect(inputs.filter((i) => i.type === 'rating')).toHaveLength(1);
    // Debounce goes by when the keys went down on the unit (its press times), not by when the host
    // polled: 100 ms apart on the unit is a bounce; 4 s later is a second answer, though all three
    // presses wait in the unit's queue and reach the host within a few polls of each other.
    sim.pressLevel(3, 1, 5000);
    sim.pressLevel(3, 1, 5100);
    sim.pressLevel(3, 1, 9000);
    await waitFor(() => sim.unit(3).unacknowledged === 0, 'the three presses taken');
    const after = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(after.bounces).toBe(1);
    expect(inputs.filter((i) => i.type === 'rating' && i.score === 1)).toHaveLength(2);
  });

  it('takes the first press after a unit reboots (its event ids start again at 1), and still drops a repeat', async () => {
    const { sim, host, inputs } = await bus('pad');
    await waitFor(() => sim.unit(2).display.length > 0, 'first display');
    sim.pressLevel(2, 5);
    await waitFor(() => inputs.length >= 1 && sim.unit(2).unacknowledged === 0, 'the first press taken and acknowledged');
    sim.reboot(2);
    // After the reboot the unit's next press is event 1 again, as the first one was.
    sim.faults.dropHostAcks = 2;
    sim.pressLevel(2, 4);
    await waitFor(() => inputs.length >= 2, 'the press after the reboot');
    await waitFor(() => sim.unit(2).unacknowledged === 0, 'that press acknowledged in the end');
    expect(inputs.filter((i) => i.type === 'rating').map((i) => (i.type === 'rating' ? i.score : 0))).toEqual([5, 4]);
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.restarts).toBe(1);
    // The lost acks after the reboot still made repeats, and they were dropped.
    expect(sim.unit(2).counters.resends).toBeGreaterThanOrEqual(2);
    expect(stats.duplicates).toBeGreaterThanOrEqual(2);
    expect(stats.events).toBe(2);
    // The rebooted unit came up blank: the hub shows its staff card again.
    await waitFor(() => sim.unit(2).display[0] === '李四 工号1002', 'the staff card shown again after the reboot');
  });

  it('takes the first press of a v1 unit (no boot id) that was away and came back restarted', async () => {
    const { sim, host, inputs, health } = await bus('pad', 'pty', { answerTimeoutMs: 50 });
    const unit = sim.unit(2);
    unit.v1 = true;
    sim.pressLevel(2, 5);
    await waitFor(() => inputs.length >= 1 && unit.unacknowledged === 0, 'the first press taken and acknowledged');
    // Unplugged long enough to be marked away, then back after a power cycle: event 1 again.
    sim.units.delete(2);
    await waitFor(() => health.some((h) => h.state === 'degraded' && h.reason?.code === 'UNITS_NOT_ANSWERING' && JSON.stringify(h.reason.params?.units) === '[2]'), 'unit 2 away', 8000);
    unit.reboot();
    sim.units.set(2, unit);
    sim.pressLevel(2, 4);
    await waitFor(() => inputs.length >= 2, 'the press after it came back');
    expect(inputs.filter((i) => i.type === 'rating').map((i) => (i.type === 'rating' ? i.score : 0))).toEqual([5, 4]);
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats).toMatchObject({ events: 2, restarts: 0 });
  });

  it('sends a command again with the same seq until the unit acknowledges it; the unit applies it once', async () => {
    const { sim, host } = await bus('pad');
    await waitFor(() => sim.unit(2).display.length > 0 && sim.unit(3).display.length > 0, 'first displays');
    sim.faults.ignoreCommands = 1;
    await host.command({ type: 'notice', unit: 2, lines: ['请稍候'], ms: 60_000 });
    await waitFor(() => sim.unit(2).display[0] === '请稍候', 'the notice');
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.commandRetries).toBeGreaterThanOrEqual(1);
    // The ignored try and the retry carried one seq: the unit counts one command, and the late frames
    // of the first try (none here: it was ignored) would not show it twice.
    expect(sim.unit(2).counters.duplicateCommands).toBe(0);
  });

  it('a command carried out whose ACK was lost comes again with the same seq: the unit answers it and does not apply it twice', async () => {
    const { sim, host } = await bus('pad');
    // The faults are the bus's: wait until both units drew their first display, so the lost ACK is the notice's.
    await waitFor(() => sim.unit(2).display.length > 0 && sim.unit(3).display.length > 0, 'first displays');
    const applied = sim.unit(2).counters.commands;
    sim.faults.dropCommandAcks = 1;
    await host.command({ type: 'notice', unit: 2, lines: ['请稍候'], ms: 60_000 });
    await waitFor(() => sim.unit(2).counters.duplicateCommands === 1, 'the retry seen as the same command');
    expect(sim.unit(2).display[0]).toBe('请稍候');
    expect(sim.unit(2).counters.commands).toBe(applied + 1);
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.commandRetries).toBeGreaterThanOrEqual(1);
  });

  it('keypad keys become counter actions; a keypad frame the hub never asked for is counted, not acted on', async () => {
    const { sim, host, inputs } = await bus('keypad');
    await waitFor(() => sim.unit(2).display.length > 0, 'first display');
    sim.pressKey(2, 'call-next');
    sim.pressKey(3, 'pause');
    await waitFor(() => inputs.length >= 2, 'two actions');
    expect(inputs).toEqual(expect.arrayContaining([{ type: 'counter.action', action: 'call-next', unit: 2 }, { type: 'counter.action', action: 'pause', unit: 3 }]));
    // An unsolicited event frame (no poll asked for it; seq 0 is never a host's) is not taken as a key
    // press. A real press after it on the same line arrives after it: by then the host has counted the
    // frame as stray, and it made no action.
    sim.injectGarbage(encodeFrame({ addr: 2, seq: 0, type: MSG.KEY, payload: eventPayload(77, 0x10, sim.unit(2).boot, 0) }));
    sim.pressKey(3, 'resume');
    await waitFor(() => inputs.length >= 3, 'the resume after the stray frame');
    const stats = (await host.command({ type: 'stats' })) as Record<string, number>;
    expect(stats.strayFrames).toBeGreaterThanOrEqual(1);
    const actions = inputs.filter((i) => i.type === 'counter.action');
    expect(actions).toHaveLength(3);
    expect(actions[2]).toEqual({ type: 'counter.action', action: 'resume', unit: 3 });
  });

  it('runs the same over TCP (an RS-485↔TCP converter)', async () => {
    const { sim, inputs } = await bus('keypad', 'tcp');
    expect(sim.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+\?family=open-pad$/);
    sim.pressKey(3, 'recall');
    await waitFor(() => inputs.length >= 1, 'the recall');
    expect(inputs[0]).toEqual({ type: 'counter.action', action: 'recall', unit: 3 });
  });

  it('marks a unit that stops answering, and the bus degraded', async () => {
    const { sim, health } = await bus('pad', 'pty', { answerTimeoutMs: 50 });
    await waitFor(() => health.some((h) => h.state === 'online'), 'online');
    sim.units.delete(3);
    await waitFor(() => health.some((h) => h.state === 'degraded' && h.reason?.code === 'UNITS_NOT_ANSWERING' && JSON.stringify(h.reason.params?.units) === '[3]'), 'degraded for unit 3', 8000);
  });

  it('never gives a new command the seq of the previous one, even when the seq counter wraps onto it', async () => {
    const sim = await startOpenPadSimulator('pad', { transport: 'pty', units: [{ unit: 2, counter: '2' }] });
    sims.push(sim);
    const link = openLink(sim.address.replace(/&family=[^&]*/, ''), { parser: splitFrames });
    const device: DriverDevice = { id: 'p', kind: 'pad', name: null, zone: null, counter: null, address: sim.address, kiosk: null, units: [{ unit: 2, counter: '2', name: null }] };
    // The bus without its polling loop: only the commands below go out.
    const bus = new OpenPadBus({ device, family: 'open-pad', link, log: silentLogger, report: () => {}, emit: () => {} }, 'pad', DEFAULT_TIMING);
    try {
      await link.whenOnline(5000);
      const u = bus.units.get(2)!;
      expect(await bus.command(u, MSG.DISPLAY, displayPayload(['第一行']))).toBe(true);
      // Polls in between moved the counter all the way round: the next seq would be the last command's.
      u.hostSeq = u.lastCommandSeq === 1 ? 255 : u.lastCommandSeq - 1;
      expect(await bus.command(u, MSG.DISPLAY, displayPayload(['第二行']))).toBe(true);
      expect(sim.unit(2).display).toEqual(['第二行']);
      expect(sim.unit(2).counters).toMatchObject({ commands: 2, duplicateCommands: 0 });
    } finally {
      await bus.stop();
      await link.close();
    }
  });
});
