// The demo hall as `npm start` runs it: every virtual device of the plan started from the built-in
// families' simulators (real TCP ports and kernel ptys), added to the demo config, and driven by the
// hub like hardware. One citizen goes through it: the kiosk press prints on the virtual printer, a
// caller keypad's call-next calls the ticket, the counter's LED screen and the hall board show it, the
// counter's hardware pad rates it — all through /api/virtual's views and controls, as the demo page does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDriverFamilies } from '../../devices/families.js';
import { stopAllPtys } from '../../devices/pty.js';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { validateHallConfig } from '../../hub/config/load.js';
import { demoHallConfig, demoVirtualToken } from '../../hub/config/demo-hall.js';
import { DEMO_VIRTUAL_DEVICES, startVirtualHall, type VirtualHall } from '../../hub/device-supervision/virtual-hall.js';
import { snap, useHubInBrowser } from '../support/browser.js';

let virtual: VirtualHall | undefined;
let ptyDir: string | undefined;

const e2e = useHubInBrowser({
  async hub() {
    await loadDriverFamilies();
    ptyDir = mkdtempSync(join(tmpdir(), 'hall-demo-virtual-'));
    virtual = await startVirtualHall({ ptyDir, tcpPortBase: 0 });
    const base = demoHallConfig(); // open round the clock, as npm start runs it
    const config = validateHallConfig({ ...base, devices: [...base.devices, ...virtual.configDevices()] }, 'the demo hall with virtual devices');
    return { config, realTime: true, virtual, devices: { link: { reconnect: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 } } } };
  },
  async cleanup() {
    await virtual?.close();
    await stopAllPtys();
    if (ptyDir) rmSync(ptyDir, { recursive: true, force: true });
  },
});

/** A virtual device's token, as the /virtual page is opened with (the landing page's link): it reads the listing. */
const VIRTUAL = demoVirtualToken('board-hall');
const views = async () => (await e2e.hub.api('GET', '/api/virtual', { token: VIRTUAL })).body.devices as Array<{ id: string; view: any }>;
const viewOf = async (id: string) => (await views()).find((d) => d.id === id)!.view;
const unitText = async (id: string, unit: number) => ((await viewOf(id)).units as Array<{ unit: number; text: string[] }>).find((u) => u.unit === unit)!.text.join(' ');
/** A control pressed with the device's own token (each virtual device is a device). */
const control = (id: string, c: string, unit?: number, token: string | null = demoVirtualToken(id)) =>
  e2e.hub.api('POST', `/api/virtual/${id}/control`, { ...(token ? { token } : {}), body: unit === undefined ? { control: c } : { control: c, unit } });

describe('the demo hall with its virtual devices', () => {
  it('starts every planned virtual device, and the hub has each one online', async () => {
    expect(virtual!.skipped).toEqual([]);
    expect(virtual!.running.map((r) => r.plan.id).sort()).toEqual(DEMO_VIRTUAL_DEVICES.map((d) => d.id).sort());
    for (const d of DEMO_VIRTUAL_DEVICES) await e2e.hub.waitDeviceHealth(d.id, (h) => h.state === 'online', 'online');
  });

  it('kiosk press → printed ticket; keypad call-next → screen and hall board; finish → the hardware pad rates it', async () => {
    const issued = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const number: string = issued.body.number;
    const printed = await waitForValue(() => viewOf('printer-1'), (v) => v.text.join('\n').includes(number), 'the ticket printed');
    expect(printed.text.join('\n')).toContain('医保业务');
    expect(printed.image).toMatch(/^data:image\/png;base64,/);

    // Staff 1003 logs in at counter 3 (the keypad's counter) and presses call-next on the keypad.
    const staff = await e2e.hub.login('1003', '3');
    // The virtual keypad is a device: without its token (or as another device) nothing is pressed.
    const before = e2e.hub.hall.lastSeq;
    for (const [token, status, code] of [
      [null, 401, 'UNAUTHENTICATED'],
      ['demo-display', 403, 'FORBIDDEN'],
      ['demo-kiosk', 403, 'FORBIDDEN'],
      // Least privilege: another virtual device's token presses only that device.
      [demoVirtualToken('pads-f1'), 403, 'FORBIDDEN'],
      [demoVirtualToken('printer-1'), 403, 'FORBIDDEN'],
    ] as const) {
      const r = await control('keypads-f1', 'call-next', 3, token);
      expect(r.status, String(token)).toBe(status);
      expect(r.body.error.code).toBe(code);
    }
    expect((await e2e.hub.api('GET', '/api/virtual')).status).toBe(401);
    expect(e2e.hub.hall.lastSeq, 'nothing happened').toBe(before);
    expect((await control('keypads-f1', 'call-next', 3)).status).toBe(200);
    await waitFor(() => e2e.hub.hall.view.tickets.get(issued.body.id)?.state === 'called', 'the keypad calls the ticket');
    // …and the supervision log says the virtual keypad called it, not staff 1003.
    const manager = await e2e.hub.managerToken();
    const log = (await e2e.hub.api('GET', `/api/tickets/${issued.body.id}/events`, { token: manager })).body.events as any[];
    expect(log.find((e) => e.type === 'ticket.called').actor).toEqual({ kind: 'device', id: 'keypads-f1' });
    const screen = await waitForValue(() => unitText('screens-f1', 3), (t) => t.includes(number), 'the counter screen shows the call');
    expect(screen).toMatch(/3号窗口/);
    await waitForValue(() => unitText('board-hall', 1), (t) => t.includes(number), 'the hall board shows the call');
    await waitForValue(() => unitText('keypads-f1', 3), (t) => t.includes(number), "the keypad's display shows the number");

    await e2e.hub.api('POST', '/api/counters/3/start', { token: staff });
    await e2e.hub.api('POST', '/api/counters/3/finish', { token: staff });
    await waitForValue(() => unitText('pads-f1', 3), (t) => /满意|评价|rate/i.test(t), 'the pad asks for a rating');
    expect((await control('pads-f1', 'level-5', 3)).status).toBe(200);
    const rated = await waitForValue(
      async () => (await e2e.hub.api('GET', `/api/tickets/${issued.body.id}`)).body,
      (t) => !!t.rating,
      'the rating on the ticket',
    );
    expect(rated.rating.score).toBe(5);
  });

  it('paper out on the virtual printer: the next kiosk ticket is on screen only, and printing resumes when paper is loaded', async () => {
    expect((await control('printer-1', 'paper-out')).status).toBe(200);
    await e2e.hub.waitDeviceHealth('printer-1', (h) => h.state === 'offline', 'the printer offline (paper out)');
    const onScreen = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(onScreen.status).toBe(201);
    expect(onScreen.body.print).toMatchObject({ state: 'unavailable' });

    expect((await control('printer-1', 'paper-ok')).status).toBe(200);
    await e2e.hub.waitDeviceHealth('printer-1', (h) => h.state === 'online', 'the printer back online');
    const printedAgain = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    await waitForValue(() => viewOf('printer-1'), (v) => v.text.join('\n').includes(printedAgain.body.number), 'the next ticket printed');
    expect((await viewOf('printer-1')).text.join('\n')).not.toContain(onScreen.body.number);
  });

  it('refuses an unknown virtual device or control with a code', async () => {
    // No device has the token of a device that does not exist: a manager asks.
    expect((await control('nope', 'paper-out')).status).toBe(401);
    const a = await control('nope', 'paper-out', undefined, await e2e.hub.managerToken());
    expect(a.status).toBe(404);
    expect(a.body.error.code).toBe('VIRTUAL_DEVICE_UNKNOWN');
    const b = await control('pads-f1', 'level-9', 3);
    expect(b.status).toBe(404);
    expect(b.body.error.code).toBe('VIRTUAL_CONTROL_UNKNOWN');
    const c = await e2e.hub.api('POST', '/api/virtual/pads-f1/control', { token: demoVirtualToken('pads-f1'), body: { control: '' } });
    expect(c.status).toBe(400);
    expect(c.body.error.code).toBe('BAD_INPUT');
  });

  it('the /virtual page in Chromium shows the screens and the printout, and its keys act on the devices', async () => {
    const context = await e2e.newContext({ viewport: { width: 1600, height: 1000 } });
    try {
      const page = await context.newPage();
      // Opened with its token once (the landing page's link); the page keeps it and drops it from the URL.
      await page.goto(`${e2e.hub.url}/virtual?token=${VIRTUAL}`);
      await page.getByTestId('vdev-screens-f1').waitFor();
      expect(page.url()).not.toContain('token');
      await expect.poll(() => page.getByTestId('vunit-screens-f1-3').innerText()).toContain('3号窗口');
      expect(await page.getByTestId('vdev-printer-1').locator('img').count()).toBe(1);
      await page.getByTestId('vcontrol-printer-1-paper-near-end').click();
      await waitForValue(() => viewOf('printer-1'), (v) => v.status.paper !== 'ok', 'paper near end from the page');
      // The page words the simulator's status in its language (纸张 将尽 in Chinese); the raw value stays on the chip.
      const paper = page.getByTestId('vdev-printer-1').locator('[data-status-key=paper]');
      await expect.poll(() => paper.getAttribute('data-status-value')).toBe('near-end');
      await expect.poll(() => paper.innerText()).toMatch(/纸张[\s\S]*将尽/);
      await snap(page, 'e2e', '30-virtual-devices');
      await page.getByTestId('vcontrol-printer-1-paper-ok').click();
      await waitForValue(() => viewOf('printer-1'), (v) => v.status.paper === 'ok', 'paper loaded from the page');
    } finally {
      await context.close();
    }
  });
});
