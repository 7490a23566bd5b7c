// Device health of terminal pages: a display's socket is its heartbeat. Connected → online; gone →
// offline with the reason; managers hear each change pushed; a device gone past the grace is an alert.
import { beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../devices/testing/wait.js';
import { next, useTestHub } from '../support/hub.js';

let manager: string;
const hub = useTestHub();
beforeAll(async () => {
  manager = await hub.managerToken();
});

const healthOf = async (id: string) => (await hub.api('GET', '/api/devices/health', { token: manager })).body.devices.find((d: any) => d.id === id);

it('follows a display page from unknown to online to offline, pushed to managers, and raises a device-down alert', async () => {
  expect(await healthOf('display-1')).toMatchObject({ state: 'unknown', seen: false, kind: 'display' });
  const dashboard = hub.socket({ token: manager });
  await next(dashboard, 'snapshot');

  const online = next(dashboard, 'device.health');
  const display = hub.socket({ token: 'demo-display' });
  await next(display, 'snapshot');
  expect(await online).toMatchObject({ id: 'display-1', state: 'online', via: 'socket' });
  expect(await healthOf('display-1')).toMatchObject({ state: 'online', seen: true });

  // A second page with the same token keeps the device online when the first closes.
  const second = hub.socket({ token: 'demo-display' });
  await next(second, 'snapshot');
  const secondId = second.id;
  second.disconnect();
  // Fence: the hub has seen the second page go (its socket left the server) before health is read.
  await waitFor(() => !hub.io.of('/').sockets.has(secondId!), 'the second page gone on the hub');
  expect((await healthOf('display-1')).state).toBe('online');

  const offline = next(dashboard, 'device.health');
  display.disconnect();
  expect(await offline).toMatchObject({ id: 'display-1', state: 'offline', reason: { code: 'SOCKET_CLOSED', params: { detail: 'client namespace disconnect' } } });

  // Within the grace a reload is no alert; past it, the manager sees one.
  const alerts = async () => (await hub.api('GET', '/api/alerts', { token: manager })).body.alerts.filter((a: any) => a.kind === 'device-down');
  expect(await alerts()).toEqual([]);
  hub.clock.advance(31_000);
  const [alert] = await alerts();
  expect(alert).toMatchObject({ id: 'device-down:display-1', severity: 'critical', values: { device: 'display-1', state: 'offline' } });
  expect(alert.message.zh).toContain('综合屏');

  // The live snapshot carries the same health for the devices tab.
  const live = (await hub.api('GET', '/api/live', { token: manager })).body;
  expect(live.devices.find((d: any) => d.id === 'display-1')).toMatchObject({ state: 'offline' });
  // Only managers may read it.
  expect((await hub.api('GET', '/api/devices/health', { token: 'demo-display' })).status).toBe(403);
});
