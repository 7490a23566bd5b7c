// After a hub restart every screen is sent its current content: a call shown on a counter's screen,
// the hub stopped, the screen power-cycled meanwhile (it comes back blank), a new hub on the same data
// directory → the screen shows the call again, drawn from the hall's stored state.
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../devices/pty.js';
import { waitFor } from '../devices/testing/wait.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { removeDir, startTestHub, tempDir, type TestHub } from '../tests/support/hub.js';
import { bx5Codec } from './codecs/onbon-bx.js';
import './index.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 };
const hubs: TestHub[] = [];
let screens: BoardSimulator | undefined;
const dataDir = tempDir();

afterAll(async () => {
  for (const h of hubs) await h.stop().catch(() => undefined);
  removeDir(dataDir);
  await screens?.close();
  await stopAllPtys();
});

describe('board screens across a hub restart', () => {
  it('a screen power-cycled while the hub was down shows the current call again once the hub is back', async () => {
    screens = await startBoardSimulator({ codec: bx5Codec, transport: 'pty', units: [{ unit: 3, counter: '3' }], reconnect: { initialMs: 10, maxMs: 50 } });
    const config = demoHallConfig({ realHours: true });
    config.devices.push({ id: 'screens-f1', kind: 'board', zone: 'F1', address: screens.address, units: [{ unit: 3, counter: '3' }] });
    const text = () => screens!.screen(3)?.content.lines.map((l) => l.text).join(' ') ?? '';

    const first = await startTestHub({ config, dataDir, devices: { link: { reconnect: FAST } } });
    hubs.push(first);
    const staff = await first.login('1003', '3');
    const issued = await first.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    expect((await first.api('POST', '/api/counters/3/call', { token: staff })).status).toBe(200);
    await waitFor(() => text().includes(issued.body.number), 'the call on screen 3');
    await first.stop();
    hubs.splice(0);

    // The hall lost power at the screen while the hub was down: it comes back blank.
    screens.setPowered(3, false);
    screens.setPowered(3, true);
    expect(text()).toBe('');

    const second = await startTestHub({ config, dataDir, devices: { link: { reconnect: FAST } } });
    hubs.push(second);
    await waitFor(() => text().includes(issued.body.number), 'the call drawn again after the restart');
    expect(text()).toMatch(/3号窗口/);
    expect(screens.counts.bad).toBe(0);
  });
});
