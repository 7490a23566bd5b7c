// A test hub driving virtual LED buses through the real board driver: floor-1 window screens on a BX
// bus over a kernel pty (units 1–4 → counters 1–4), the hall board (BX over TCP, no units) and a
// plain window screen (TCP). A call over HTTP shows "A001 请到3号窗口" on unit 3 and on the hall board;
// a recall is sent again; a pause shows 暂停服务 with its reason; a screen switched off makes the device
// degraded ("screen 2 not answering") until it answers again; a config change resends every screen
// with the edited words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../devices/pty.js';
import { waitFor } from '../devices/testing/wait.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { removeDir, startTestHub, type TestHub } from '../tests/support/hub.js';
import { bx5Codec } from './codecs/onbon-bx.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import { boardTuning } from './driver.js';
import './index.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 };
let hub: TestHub;
let floor1: BoardSimulator;
let hallBoard: BoardSimulator;
let windowScreen: BoardSimulator;
let manager: string;

const textOf = (sim: BoardSimulator, unit: number) => sim.screen(unit)?.content.lines.map((l) => l.text) ?? [];

beforeAll(async () => {
  boardTuning.answerTimeoutMs = 300;
  boardTuning.retryMs = 200;
  floor1 = await startBoardSimulator({ codec: bx5Codec, transport: 'pty', units: [1, 2, 3, 4].map((u) => ({ unit: u, counter: String(u) })), reconnect: { initialMs: 10, maxMs: 50 } });
  hallBoard = await startBoardSimulator({ codec: bx5Codec, transport: 'tcp' });
  windowScreen = await startBoardSimulator({ codec: windowScreenCodec, transport: 'tcp', units: [{ unit: 7, counter: '3' }] });
  const config = demoHallConfig({ realHours: true });
  config.devices.push(
    { id: 'screens-f1', kind: 'board', zone: 'F1', address: floor1.address, units: [1, 2, 3, 4].map((u) => ({ unit: u, counter: String(u) })) },
    { id: 'hall-board', kind: 'board', address: hallBoard.address },
    { id: 'screen-3b', kind: 'board', zone: 'F1', address: windowScreen.address, units: [{ unit: 7, counter: '3' }] },
  );
  hub = await startTestHub({ config, devices: { link: { reconnect: FAST } } });
  manager = await hub.managerToken();
});
afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  for (const s of [floor1, hallBoard, windowScreen]) await s?.close();
  await stopAllPtys();
  delete boardTuning.answerTimeoutMs;
  delete boardTuning.retryMs;
});

const waitHealth = (id: string, pred: (h: any) => boolean, what: string) => hub.waitDeviceHealth(id, pred, what);

describe('LED boards driven by the hub', () => {
  it('draws every screen from the snapshot: closed counters, the empty hall board', async () => {
    await waitFor(() => [1, 2, 3, 4].every((u) => floor1.screen(u)), 'the floor-1 screens drawn');
    expect(textOf(floor1, 1)).toEqual(['未开放', '1号窗口 社保']);
    await waitFor(() => !!hallBoard.screen(1), 'the hall board drawn');
    expect(textOf(hallBoard, 1)[0]).toBe('欢迎光临');
    expect(textOf(hallBoard, 1).at(-1)).toMatch(/^等候 \d+ 人$/);
    await waitFor(() => !!windowScreen.screen(7), 'the window screen drawn');
    for (const s of [floor1, hallBoard, windowScreen]) expect(s.counts.bad).toBe(0);
    for (const id of ['screens-f1', 'hall-board', 'screen-3b']) await waitHealth(id, (h) => h.state === 'online' && h.reason === null, 'online');
  });

  it('a call over HTTP shows "A001 请到3号窗口" on unit 3, the window screen and the hall board; a recall sends it again', async () => {
    const staff = await hub.login('1003', '3');
    await waitFor(() => textOf(floor1, 3)[0] === '3号窗口 医保', 'counter 3 idle with its name');
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(issued.body.number).toBe('A001');
    const call = await hub.api('POST', '/api/counters/3/call', { token: staff });
    expect(call.status).toBe(200);
    await waitFor(() => textOf(floor1, 3)[0] === 'A001 请到3号窗口', 'unit 3 shows the call');
    expect(floor1.screen(3)?.content.lines[0]).toMatchObject({ effect: 'flash', color: 'red' });
    await waitFor(() => textOf(windowScreen, 7)[0] === 'A001 请到3号窗口', 'the window screen shows the call');
    await waitFor(() => textOf(hallBoard, 1)[0] === 'A001 请到3号窗口', 'the hall board shows the call');
    // The hall board's waiting count follows tickets issued, calls or not.
    const waitingBefore = Number(/等候 (\d+) 人/.exec(textOf(hallBoard, 1).at(-1) ?? '')?.[1]);
    await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    await waitFor(() => textOf(hallBoard, 1).at(-1) === `等候 ${waitingBefore + 1} 人`, 'the waiting count up by one');
    // Other counters' screens are untouched by the call.
    expect(textOf(floor1, 4)).toEqual(['未开放', '4号窗口 户籍']);

    const before = floor1.screen(3)!.frames;
    await hub.api('POST', '/api/counters/3/recall', { token: staff });
    await waitFor(() => floor1.screen(3)!.frames > before, 'the recall re-sent');
    expect(textOf(floor1, 3)[0]).toBe('A001 请到3号窗口');

    await hub.api('POST', '/api/counters/3/start', { token: staff });
    await waitFor(() => textOf(floor1, 3)[0] === 'A001 正在办理', 'serving');
    await hub.api('POST', '/api/counters/3/finish', { token: staff });
    await hub.api('POST', '/api/counters/3/pause', { token: staff, body: { reason: '午休' } });
    await waitFor(() => textOf(floor1, 3).join('|') === '暂停服务|午休', 'paused with the reason');
  });

  it('reports a screen that stops answering and clears it when it answers again', async () => {
    floor1.setPowered(2, false);
    // Something for screen 2 to show: its staff logs in.
    await hub.login('1002', '2');
    const h = await waitHealth('screens-f1', (x) => x.state === 'degraded', 'degraded');
    expect(h.reason).toEqual({ code: 'SCREENS_NOT_ANSWERING', params: { screens: [2] } });
    floor1.setPowered(2, true);
    await waitHealth('screens-f1', (x) => x.state === 'online' && x.reason === null, 'online again');
    await waitFor(() => textOf(floor1, 2)[0] === '2号窗口 社保', 'screen 2 shows its counter again');
  });

  it('runs the show and status commands, and refuses a bad one', async () => {
    expect(await hub.devices.command('screens-f1', { type: 'show', unit: 4, text: '测试 TEST' })).toEqual({ shown: [4] });
    await waitFor(() => textOf(floor1, 4)[0] === '测试 TEST', 'the test text on unit 4');
    await expect(hub.devices.command('screens-f1', { type: 'reboot' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const status = (await hub.devices.command('screens-f1', { type: 'status' })) as any;
    expect(status.screens.find((x: any) => x.unit === 4)).toEqual({ unit: 4, counter: '4', text: ['测试 TEST'] });
    expect(status.silent).toEqual([]);
    expect(status.counts.sent).toBeGreaterThan(4);
    await expect(hub.devices.command('screens-f1', { type: 'show', unit: 99, text: 'x' })).rejects.toThrow();
    await expect(hub.devices.command('screens-f1', { type: 'show' })).rejects.toThrow();
  });

  it('a config change (texts edited in the dashboard) resyncs: every screen is sent again, with the new words', async () => {
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    expect(config.boards.paused).toBe('暂停服务');
    const before = new Map([1, 2, 3, 4].map((u) => [u, floor1.screen(u)!.frames]));
    const put = await hub.api('PUT', '/api/config', { token: manager, body: { ...config, boards: { ...config.boards, paused: '暂停受理' } } });
    expect(put.status).toBe(200);
    await waitFor(() => textOf(floor1, 3)[0] === '暂停受理', 'the new pause text on unit 3');
    await waitFor(() => [1, 2, 4].every((u) => floor1.screen(u)!.frames > before.get(u)!), 'every screen sent again');
    // A bad boards section is refused at the edge with the path named.
    const bad = await hub.api('PUT', '/api/config', { token: manager, body: { ...config, boards: { ...config.boards, recentCalls: 99 } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('boards');
  });
});
