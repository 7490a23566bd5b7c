// The agent relaying a device through a hub restart, with real processes: a child `hall start` and a
// child `hall agent` (loading the test driver family), a TCP device on 127.0.0.1 plugged into the
// agent's "PC". A call reaches the device through the agent; the hub is killed with SIGKILL and
// started again on the same data directory and port; the agent reconnects by itself, resyncs, and the
// next call reaches the device again. Killing the agent leaves the device offline, "agent offline".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { demoHallInput } from '../../hub/config/demo-hall.js';
import { AGENT_OFFLINE } from '../../hub/device-supervision/supervisor.js';
import { CALL_FAMILY } from '../support/call-driver.js';
import { http, runHall, startChildAgent, startChildHub, type ChildHub } from '../support/child-hub.js';
import { waitForValue } from '../../devices/testing/wait.js';
import { useChildrenPerTest } from '../support/hub.js';
import { startLinePeer, stopLinePeers } from '../support/line-peer.js';

const AGENT_TOKEN = 'agent-token-counter-3-pc';
// Registered first, so it runs last (vitest runs after-hooks as a stack): the children go before their peers.
afterEach(() => stopLinePeers());
const children = useChildrenPerTest();

/** Polls the child hub's device health until `pred` holds for device `id` (the hub may be restarting: no answer counts as not yet). */
function waitHealth(hub: ChildHub, token: string, id: string, pred: (h: any) => boolean, what: string, timeoutMs = 30_000): Promise<any> {
  const read = () =>
    http(hub.url, 'GET', '/api/devices/health', { token, timeoutMs: 2000 }).then(
      (r) => r.body?.devices?.find((d: any) => d.id === id),
      () => undefined,
    );
  return waitForValue(read, (h) => !!h && pred(h), `${id}: ${what}`, timeoutMs);
}

/** A hall with the agent pc-3 and board-3 (the line peer `board`) behind it, written to a new temp dir; then its hub and agent started, the board online through the agent. */
async function startAgentHall(board: { address: string }, placement: { zone?: string; counter?: string }) {
  const dir = children.dir('hall-agent-');
  const input = demoHallInput();
  input.devices = [
    ...(input.devices ?? []),
    { id: 'pc-3', kind: 'agent', ...placement, token: AGENT_TOKEN },
    { id: 'board-3', kind: 'board', ...(placement.zone ? { zone: placement.zone } : {}), counter: '3', agent: 'pc-3', address: `${board.address}?family=${CALL_FAMILY}` },
  ];
  const configFile = join(dir, 'hall.json');
  writeFileSync(configFile, JSON.stringify(input));
  const dataDir = join(dir, 'data');
  const hub = await startChildHub({ dataDir, config: configFile });
  const agent = await startChildAgent({ hub: hub.url, token: AGENT_TOKEN, drivers: ['tests/support/call-driver.ts'] });
  const manager = (await http(hub.url, 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } })).body.token as string;
  await waitHealth(hub, manager, 'board-3', (h) => h.state === 'online' && h.via === 'agent', 'online via the agent');
  return { hub, agent, manager, dataDir, configFile };
}

it('relays a call through the agent, survives kill -9 of the hub, and shows "agent offline" when the agent dies', async () => {
  const board = await startLinePeer();
  const started = await startAgentHall(board, { zone: 'F1', counter: '3' });
  let hub = started.hub;
  const { agent, manager, dataDir, configFile } = started;
  expect(board.connections).toBe(1);

  const staff = (await http(hub.url, 'POST', '/api/sessions', { body: { staffNo: '1003', pin: '1234', counter: '3' } })).body.token as string;
  const first = await http(hub.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
  expect(first.status).toBe(201);
  await http(hub.url, 'POST', '/api/counters/3/call', { token: staff });
  await board.waitForLine(`CALL ${first.body.number} 3`);
  await http(hub.url, 'POST', '/api/counters/3/start', { token: staff });
  await http(hub.url, 'POST', '/api/counters/3/finish', { token: staff });

  // The hub dies without a word and comes back on the same data directory and port.
  const port = hub.port;
  await hub.kill9();
  const linesBefore = board.lines.length;
  hub = await startChildHub({ dataDir, config: configFile, port });
  // The agent reconnects by itself and resyncs: its driver gets the hall again (a fresh snapshot).
  await waitHealth(hub, manager, 'board-3', (h) => h.state === 'online' && h.via === 'agent', 'online via the agent after the restart');
  await board.waitForLine(/^SNAP \d+$/, 5000, linesBefore);
  // The device link on the agent's PC stayed up through it.
  expect(board.connections).toBe(1);

  // Sessions and the counter survived the restart: the next call reaches the device again.
  const second = await http(hub.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
  expect(second.status).toBe(201);
  const call = await http(hub.url, 'POST', '/api/counters/3/call', { token: staff });
  expect(call.body.ticket.number).toBe(second.body.number);
  await board.waitForLine(`CALL ${second.body.number} 3`, 5000, linesBefore);

  // The agent's PC goes down: its devices are offline, and say why.
  await agent.kill9();
  const h = await waitHealth(hub, manager, 'board-3', (x) => x.state === 'offline', 'offline after the agent died');
  expect(h).toMatchObject({ reason: AGENT_OFFLINE, via: 'agent' });
  expect(await waitHealth(hub, manager, 'pc-3', (x) => x.state === 'offline', 'the agent offline')).toMatchObject({ via: 'socket' });
}, 120_000); // child processes started, killed and started again on a shared machine: a bound for a hang, not a speed

it('also comes back after a clean hub restart (SIGTERM), which closes the agent\'s connection from the hub\'s side', async () => {
  const board = await startLinePeer();
  const started = await startAgentHall(board, {});
  let hub = started.hub;
  const { agent, manager, dataDir, configFile } = started;
  const port = hub.port;
  expect((await hub.stop()).code).toBe(0);
  hub = await startChildHub({ dataDir, config: configFile, port });
  await waitHealth(hub, manager, 'board-3', (h) => h.state === 'online' && h.via === 'agent', 'online via the agent after the restart');
  expect(agent.proc.exitCode).toBeNull();
  // It was a server-side disconnect, which socket.io does not retry by itself: the agent did.
  expect(agent.stdout()).toContain('"reason":"io server disconnect"');
  expect(board.connections).toBe(1);
}, 120_000); // child processes started, killed and started again on a shared machine: a bound for a hang, not a speed

it('refuses to start without a hub URL and a token, with a bad URL, or with a driver module that cannot load (exit 2)', async () => {
  const none = await runHall(['agent']);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('usage: hall agent --hub URL [--token-file FILE]');
  expect((await runHall(['agent', '--hub', 'http://127.0.0.1:1'])).stderr).toContain('the agent token is missing');
  expect((await runHall(['agent', '--hub', 'ftp://x'], { env: { HALL_AGENT_TOKEN: 't' } })).code).toBe(2);
  const bad = await runHall(['agent', '--hub', 'http://127.0.0.1:1', '--driver', './no-such-family.ts'], { env: { HALL_AGENT_TOKEN: 't' } });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('cannot load the driver module ./no-such-family.ts');
});
