// The hub's device supervisor with real devices on 127.0.0.1 (TCP peers speaking lines) and the test
// driver family (tests/support/call-driver.ts): a staff call over the API reaches the bytes of the
// boards it is routed to and no others; a finish reaches the counter's pad; the pad's keys come back as
// inputs; health follows the link (online → offline when the peer goes → online when it is back) and
// the driver (degraded "paper near end"); an unknown family still shows link health; config changes
// start, restart and stop only the devices that changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInputEnvelope } from '../../devices/driver.js';
import { DeviceCommandError } from '../../devices/driver.js';
import { waitFor } from '../../devices/testing/wait.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { DeviceConfig } from '../../hub/config/schema.js';
import { ALL_FAMILY, CALL_FAMILY } from '../support/call-driver.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';
import { startLinePeer, stopLinePeers, type LinePeer } from '../support/line-peer.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 };

let hub: TestHub;
let manager: string;
let staff: string;
const inputs: DeviceInputEnvelope[] = [];
const peers: Record<'board3' | 'hallBoard' | 'zone2Board' | 'board4' | 'pad3' | 'unknown' | 'printer', LinePeer> = {} as never;

beforeAll(async () => {
  for (const k of ['board3', 'hallBoard', 'zone2Board', 'board4', 'pad3', 'unknown', 'printer'] as const) peers[k] = await startLinePeer();
  const config = demoHallConfig({ realHours: true });
  const devices: DeviceConfig[] = [
    { id: 'board-3', kind: 'board', zone: 'F1', counter: '3', address: `${peers.board3.address}?family=${CALL_FAMILY}` },
    { id: 'hall-board', kind: 'board', address: `${peers.hallBoard.address}?family=${CALL_FAMILY}` },
    { id: 'board-f2', kind: 'board', zone: 'F2', address: `${peers.zone2Board.address}?family=${CALL_FAMILY}` },
    { id: 'board-4', kind: 'board', zone: 'F1', counter: '4', address: `${peers.board4.address}?family=${CALL_FAMILY}` },
    { id: 'pad-3', kind: 'pad', zone: 'F1', counter: '3', address: `${peers.pad3.address}?family=${CALL_FAMILY}` },
    { id: 'board-odd', kind: 'board', address: `${peers.unknown.address}?family=no-such-family` },
    { id: 'printer-all', kind: 'printer', address: `${peers.printer.address}?family=${ALL_FAMILY}` },
  ];
  config.devices.push(...devices);
  hub = await startTestHub({ config, devices: { link: { reconnect: FAST }, onInput: (e) => void inputs.push(e) } });
  manager = await hub.managerToken();
});
afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  await stopLinePeers();
});

const healthList = async () => (await hub.api('GET', '/api/devices/health', { token: manager })).body.devices as any[];
const healthOf = async (id: string) => (await healthList()).find((d) => d.id === id);
const waitHealth = (id: string, pred: (h: any) => boolean, what: string) => hub.waitDeviceHealth(id, pred, what);
const calls = (p: LinePeer) => p.lines.filter((l) => l.startsWith('CALL '));

describe('device supervisor', () => {
  it('opens every addressed device; each gets the hall snapshot first; an unknown family still shows its link', async () => {
    for (const id of ['board-3', 'hall-board', 'board-f2', 'board-4', 'pad-3', 'printer-all'])
      await waitHealth(id, (h) => h.state === 'online' && h.via === 'link' && h.reason === null, 'online via link');
    for (const p of [peers.board3, peers.hallBoard, peers.pad3]) expect(p.lines[0]).toMatch(/^SNAP \d+$/);
    const odd = await waitHealth('board-odd', (h) => h.state === 'online', 'online');
    expect(odd).toMatchObject({ via: 'link', reason: { code: 'NO_DRIVER' } });
    expect(peers.unknown.connections).toBe(1);
    // Terminal pages are not the supervisor's: the display stays unknown.
    expect((await healthOf('display-1')).state).toBe('unknown');
  });

  it('routes a staff call to the boards of that counter, its zone and the hall; a finish to the pad; all to the printer', async () => {
    staff = await hub.login('1003', '3');
    await peers.board3.waitForLine('STATE 3 idle');
    await peers.pad3.waitForLine('STATE 3 idle');
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    expect(issued.status).toBe(201);
    const number = issued.body.number as string;
    const call = await hub.api('POST', '/api/counters/3/call', { token: staff });
    expect(call.body.ticket.number).toBe(number);
    await peers.board3.waitForLine(`CALL ${number} 3`);
    await peers.hallBoard.waitForLine(`CALL ${number} 3`);
    await hub.api('POST', '/api/counters/3/recall', { token: staff });
    await waitFor(() => calls(peers.board3).length === 2, 'the recall at board-3');
    expect(calls(peers.board3)).toEqual([`CALL ${number} 3`, `CALL ${number} 3`]);
    expect((await healthOf('board-3')).stats.txFrames).toBeGreaterThanOrEqual(3);

    await hub.api('POST', '/api/counters/3/start', { token: staff });
    await hub.api('POST', '/api/counters/3/finish', { token: staff });
    await peers.pad3.waitForLine(`DONE ${number} 3`);
    await peers.printer.waitForLine('EV ticket.issued');
    await peers.printer.waitForLine('EV ticket.started');
    // Not routed: the floor-2 board, counter 4's board; the pad hears no calls, the boards no finish.
    // Fence, not a sleep: a device's routed events are on its link before the API answers, and an echo
    // command is written after them on the same link, so once each peer has its ECHO, anything routed
    // to it earlier has arrived.
    for (const [id, peer] of [['board-f2', peers.zone2Board], ['board-4', peers.board4], ['pad-3', peers.pad3], ['board-3', peers.board3]] as const) {
      await hub.devices.command(id, { type: 'echo', text: 'fence-1' });
      await peer.waitForLine('ECHO fence-1');
    }
    expect(calls(peers.zone2Board)).toEqual([]);
    expect(calls(peers.board4)).toEqual([]);
    expect(peers.board4.lines.filter((l) => !l.startsWith('SNAP') && !l.startsWith('ECHO') && !l.startsWith('STATE'))).toEqual([]);
    expect(calls(peers.pad3)).toEqual([]);
    expect(peers.board3.lines.some((l) => l.startsWith('DONE'))).toBe(false);
  });

  it('hands a device input (a pad key) to the input hook, and runs commands on a driver', async () => {
    peers.pad3.send('RATE 5');
    await waitFor(() => inputs.length > 0, 'an input');
    expect(inputs[0]).toMatchObject({ deviceId: 'pad-3', kind: 'pad', counter: '3', zone: 'F1', via: 'link', agentId: null, input: { type: 'rating', score: 5 } });
    expect(await hub.devices.command('board-3', { type: 'echo', text: 'hi' })).toEqual({ echoed: 'hi' });
    await peers.board3.waitForLine('ECHO hi');
    await expect(hub.devices.command('board-odd', { type: 'echo' })).rejects.toMatchObject({ code: 'NO_DRIVER' });
    await expect(hub.devices.command('kiosk-1', { type: 'echo' })).rejects.toBeInstanceOf(DeviceCommandError);
    await expect(hub.devices.command('nope', { type: 'echo' })).rejects.toMatchObject({ code: 'DEVICE_UNKNOWN' });
  });

  it('shows health as it changes: degraded by the driver, offline when the peer goes, online when it is back', async () => {
    peers.board3.send('PAPER LOW');
    await waitHealth('board-3', (h) => h.state === 'degraded', 'degraded');
    expect(await healthOf('board-3')).toMatchObject({ reason: { code: 'PAPER_NEAR_END' }, via: 'link' });
    peers.board3.send('PAPER OK');
    await waitHealth('board-3', (h) => h.state === 'online' && h.reason === null, 'online again');

    // Managers see the change pushed.
    const dashboard = hub.socket({ token: manager });
    const pushed: any[] = [];
    dashboard.on('device.health', (h: any) => pushed.push(h));
    await new Promise<void>((r) => dashboard.once('snapshot', () => r()));

    await peers.board3.stop();
    const offline = await waitHealth('board-3', (h) => h.state === 'offline', 'offline');
    expect(offline.via).toBe('link');
    expect(offline.reason).toBeTruthy();
    // A call while the board is away is queued by the link and written once it is back.
    await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    const call = await hub.api('POST', '/api/counters/3/call', { token: staff });
    const before = peers.board3.lines.length;
    await peers.board3.start();
    const online = await waitHealth('board-3', (h) => h.state === 'online', 'online after the peer came back');
    expect(online.stats.reconnects).toBeGreaterThanOrEqual(1);
    await peers.board3.waitForLine(`CALL ${call.body.ticket.number} 3`, 5000, before);
    await waitFor(() => pushed.some((h) => h.id === 'board-3' && h.state === 'offline') && pushed.some((h) => h.id === 'board-3' && h.state === 'online'), 'pushed offline and online');
    // The other devices were not disturbed.
    expect(peers.hallBoard.connections).toBe(1);
  });

  it('follows config changes: a new device starts, a changed address restarts only that device, a removed one stops', async () => {
    const fresh = await startLinePeer();
    const r = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'board-5', kind: 'board', zone: 'F1', counter: '5', address: `${fresh.address}?family=${CALL_FAMILY}` } });
    expect(r.status).toBe(201);
    await waitHealth('board-5', (h) => h.state === 'online' && h.via === 'link', 'board-5 online');
    await fresh.waitForLine(/^SNAP \d+$/);

    const moved = await startLinePeer();
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    config.devices = config.devices.map((d: any) => (d.id === 'board-4' ? { ...d, address: `${moved.address}?family=${CALL_FAMILY}` } : d));
    expect((await hub.api('PUT', '/api/config', { token: manager, body: config })).status).toBe(200);
    await waitFor(() => moved.connections === 1, 'board-4 at its new address');
    await waitFor(() => !peers.board4.connected, 'board-4 gone from its old address');
    await waitHealth('board-4', (h) => h.state === 'online', 'board-4 online again');
    expect(peers.board3.connections).toBe(2); // its own restart in the test before, nothing since
    expect(peers.hallBoard.connections).toBe(1);
    expect(fresh.connections).toBe(1);

    const without = (await hub.api('GET', '/api/config', { token: manager })).body;
    without.devices = without.devices.filter((d: any) => d.id !== 'board-5');
    expect((await hub.api('PUT', '/api/config', { token: manager, body: without })).status).toBe(200);
    await waitFor(() => !fresh.connected, 'board-5 closed');
    expect(await healthOf('board-5')).toBeUndefined();
    expect(hub.devices.driven).not.toContain('board-5');
  });
});
