// The agent in-process against a real hub (real socket.io on loopback, real TCP devices): the hub sends
// it the devices the config gives it, a call reaches the device's bytes through the agent, the pad's
// keys come back as inputs, commands go down and answers up, health is the agent's; a server-side
// disconnect (which socket.io does not retry by itself) and the LAN dropping (a TCP proxy cut and
// restored) are survived; a stopped agent leaves its
// devices "agent offline"; a replaced token ends the agent's session and its devices; only an agent's
// token opens the /agent namespace.
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HallAgent } from '../../devices/agent.js';
import type { DeviceInputEnvelope } from '../../devices/driver.js';
import { waitFor } from '../../devices/testing/wait.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { AGENT_OFFLINE } from '../../hub/device-supervision/supervisor.js';
import { CALL_FAMILY } from '../support/call-driver.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';
import { startLinePeer, stopLinePeers, type LinePeer } from '../support/line-peer.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.1 };
const AGENT_TOKEN = 'agent-token-counter-3';
let AGENT_TOKEN_NOW = AGENT_TOKEN;

let hub: TestHub;
let manager: string;
let board: LinePeer;
let pad: LinePeer;
const inputs: DeviceInputEnvelope[] = [];
const agents: HallAgent[] = [];

beforeAll(async () => {
  board = await startLinePeer();
  pad = await startLinePeer();
  const config = demoHallConfig({ realHours: true });
  config.devices.push(
    { id: 'pc-3', kind: 'agent', zone: 'F1', counter: '3', token: AGENT_TOKEN },
    { id: 'board-3', kind: 'board', zone: 'F1', counter: '3', agent: 'pc-3', address: `${board.address}?family=${CALL_FAMILY}` },
    { id: 'pad-3', kind: 'pad', zone: 'F1', counter: '3', agent: 'pc-3', address: `${pad.address}?family=${CALL_FAMILY}` },
  );
  hub = await startTestHub({ config, devices: { onInput: (e) => void inputs.push(e) } });
  manager = await hub.managerToken();
});
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()));
});
afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  await stopLinePeers();
});

const healthOf = (id: string) => hub.deviceHealth(id);
const waitHealth = (id: string, pred: (h: any) => boolean, what: string) => hub.waitDeviceHealth(id, pred, what);

function startAgent(token = AGENT_TOKEN): HallAgent {
  const a = new HallAgent({ hub: hub.url, token, link: { reconnect: FAST }, statsIntervalMs: 200, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500 });
  agents.push(a);
  return a.start();
}

describe('hall agent (in-process)', () => {
  it('hosted devices are "agent offline" until the agent connects; the hub itself does not open them', async () => {
    expect(await healthOf('board-3')).toMatchObject({ state: 'offline', reason: AGENT_OFFLINE, via: 'agent', seen: false });
    expect(hub.devices.driven).toEqual([]);
    expect(board.connections).toBe(0);
  });

  it('gets its devices, relays a call to the board and the finish to the pad, inputs and commands both ways', async () => {
    const agent = startAgent();
    await new Promise<void>((r) => agent.once('synced', () => r()));
    expect(agent.devices.sort()).toEqual(['board-3', 'pad-3']);
    const h = await waitHealth('board-3', (x) => x.state === 'online' && x.via === 'agent', 'online via the agent');
    expect(h.reason).toBeNull();
    await waitHealth('pc-3', (x) => x.state === 'online' && x.via === 'socket', 'the agent itself online');
    await board.waitForLine(/^SNAP \d+$/);

    const staff = await hub.login('1003', '3');
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    await hub.api('POST', '/api/counters/3/call', { token: staff });
    await board.waitForLine(`CALL ${issued.body.number} 3`);
    await hub.api('POST', '/api/counters/3/start', { token: staff });
    await hub.api('POST', '/api/counters/3/finish', { token: staff });
    await pad.waitForLine(`DONE ${issued.body.number} 3`);
    expect(board.lines.some((l) => l.startsWith('DONE'))).toBe(false);

    pad.send('RATE 4');
    await waitFor(() => inputs.length === 1, 'the rating at the hub');
    expect(inputs[0]).toMatchObject({ deviceId: 'pad-3', counter: '3', via: 'agent', agentId: 'pc-3', input: { type: 'rating', score: 4 } });

    expect(await hub.devices.command('board-3', { type: 'echo', text: 'via-agent' })).toEqual({ echoed: 'via-agent' });
    await board.waitForLine('ECHO via-agent');
    await expect(hub.devices.command('board-3', { type: 'bogus' })).rejects.toMatchObject({ code: 'FAILED' });

    // The driver's own health and the link counters come through the agent.
    board.send('PAPER LOW');
    await waitHealth('board-3', (x) => x.state === 'degraded' && x.reason?.code === 'PAPER_NEAR_END', 'degraded via the agent');
    board.send('PAPER OK');
    const back = await waitHealth('board-3', (x) => x.state === 'online' && x.stats?.txFrames >= 3, 'online with counters');
    expect(back.via).toBe('agent');
  });

  it('comes back after the hub closes its connection (no automatic reconnect in socket.io), and resyncs', async () => {
    const agent = startAgent();
    await new Promise<void>((r) => agent.once('synced', () => r()));
    const snaps = board.lines.filter((l) => l.startsWith('SNAP')).length;
    const disconnected = new Promise<string>((r) => agent.once('disconnected', r));
    for (const s of hub.io.of('/agent').sockets.values()) s.disconnect(true);
    expect(await disconnected).toBe('io server disconnect');
    await new Promise<void>((r) => agent.once('synced', () => r()));
    // The device link stayed up through it; the driver got the hall again.
    expect(board.connections).toBe(2); // one per agent started in this file
    await waitFor(() => board.lines.filter((l) => l.startsWith('SNAP')).length > snaps, 'a fresh snapshot at the board');
    await waitHealth('board-3', (x) => x.state === 'online' && x.via === 'agent', 'online again');
  });

  it('rides out the LAN dropping: a rating pressed meanwhile arrives afterwards, and a call made meanwhile reaches the board in the resync', async () => {
    // The LAN between the agent's PC and the hub: cut() is the switch going down.
    const lan = await startTcpProxy(hub.port);
    try {
      const agent = new HallAgent({ hub: `http://127.0.0.1:${lan.port}`, token: AGENT_TOKEN_NOW, link: { reconnect: FAST }, statsIntervalMs: 200, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500 });
      agents.push(agent);
      agent.start();
      await new Promise<void>((r) => agent.once('synced', () => r()));
      await waitFor(() => board.connected && pad.connected, 'board and pad open on the agent');

      // The switch goes down: every connection through it is cut and none gets through.
      const disconnected = new Promise<string>((r) => agent.once('disconnected', r));
      await lan.cut();
      await disconnected;
      const before = inputs.length;
      pad.send('RATE 2');
      const staff = await hub.login('1003', '3');
      const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
      expect((await hub.api('POST', '/api/counters/3/call', { token: staff })).status).toBe(200);
      const callSeq = hub.hall.lastSeq;
      await waitHealth('board-3', (x) => x.state === 'offline' && x.reason?.code === AGENT_OFFLINE.code, 'agent offline while the LAN is down');
      expect(inputs.length).toBe(before);

      // The switch comes back: the agent reconnects by itself, delivers what it held, and resyncs.
      await lan.restore();
      await new Promise<void>((r) => agent.once('synced', () => r()));
      await waitFor(() => inputs.length > before, 'the rating held through the outage');
      expect(inputs.slice(before)).toHaveLength(1);
      expect(inputs[before]).toMatchObject({ deviceId: 'pad-3', counter: '3', via: 'agent', input: { type: 'rating', score: 2 } });
      await waitFor(() => board.lines.some((l) => /^SNAP \d+$/.test(l) && Number(l.slice(5)) >= callSeq), 'a snapshot at the board that has the call');
      await waitHealth('board-3', (x) => x.state === 'online' && x.via === 'agent', 'online again');
      expect(lan.connections()).toBeGreaterThanOrEqual(2);
      await hub.api('POST', '/api/counters/3/skip', { token: staff });
      expect(issued.status).toBe(201);
    } finally {
      await lan.close();
    }
  });

  it('a stopped agent leaves its devices offline with "agent offline"', async () => {
    const agent = startAgent();
    await new Promise<void>((r) => agent.once('synced', () => r()));
    await waitHealth('board-3', (x) => x.state === 'online', 'online');
    await agent.stop();
    const h = await waitHealth('board-3', (x) => x.state === 'offline', 'offline');
    expect(h).toMatchObject({ reason: AGENT_OFFLINE, via: 'agent', seen: true });
    expect((await healthOf('pad-3')).reason).toEqual(AGENT_OFFLINE);
    expect((await healthOf('pc-3')).state).toBe('offline');
    await expect(hub.devices.command('board-3', { type: 'echo', text: 'x' })).rejects.toMatchObject({ code: 'DEVICE_OFFLINE' });
  });

  it('a replaced agent token ends the session: the agent stops its devices and is refused until it has the new token', async () => {
    const agent = startAgent();
    await new Promise<void>((r) => agent.once('synced', () => r()));
    await waitFor(() => board.connected, 'the board open on the agent');
    const refused = new Promise<string>((r) => agent.once('refused', (code) => r(code)));
    const rotated = await hub.api('POST', '/api/devices/pc-3/token', { token: manager, body: {} });
    expect(rotated.status).toBe(200);
    await waitFor(() => !board.connected && agent.devices.length === 0, 'the board let go');
    expect(await refused).toBe('UNAUTHENTICATED');
    await waitHealth('board-3', (x) => x.state === 'offline' && x.reason?.code === AGENT_OFFLINE.code, 'agent offline');
    const again = startAgent(rotated.body.token);
    await new Promise<void>((r) => again.once('synced', () => r()));
    await waitHealth('board-3', (x) => x.state === 'online' && x.via === 'agent', 'online with the new token');
    AGENT_TOKEN_NOW = rotated.body.token;
  });

  it('refuses tokens that are not an agent\'s on /agent', async () => {
    const refusal = (token: string) =>
      new Promise<any>((resolve) => {
        const s = ioClient(`${hub.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        s.on('connect_error', (e: any) => {
          s.close();
          resolve(e.data);
        });
        s.on('connect', () => {
          s.close();
          resolve('connected');
        });
      });
    expect(await refusal('demo-kiosk')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal('not-a-token')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(AGENT_TOKEN)).toMatchObject({ code: 'UNAUTHENTICATED' }); // replaced above
    expect(await refusal(AGENT_TOKEN_NOW)).toBe('connected');
  });
});
