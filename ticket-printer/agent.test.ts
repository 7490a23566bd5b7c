// The kiosk PC's own printer, as halls really wire it: the printer hangs off the kiosk PC, whose
// `hall agent` drives it for the hub over socket.io. A kiosk press prints through the agent into the
// emulator; paper out reaches the hub through the agent (the kiosk then issues on-screen tickets, the
// journal says not printed); paper back, printing resumes; the agent gone, the printer is "agent offline".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallAgent } from '../devices/agent.js';
import { stopAllPtys } from '../devices/pty.js';
import { waitForValue } from '../devices/testing/wait.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { hallConfigSchema } from '../hub/config/schema.js';
import { AGENT_OFFLINE } from '../hub/device-supervision/supervisor.js';
import { removeDir, startTestHub, type TestHub } from '../tests/support/hub.js';
import './driver.js';
import { startPrinterEmulator, type PrinterEmulator } from './emulator.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 };
const AGENT_TOKEN = 'kiosk-pc-agent-token-0123456789';
let hub: TestHub;
let manager: string;
let printer: PrinterEmulator;
let agent: HallAgent;

beforeAll(async () => {
  // On the kiosk PC the printer is a serial or USB device; here a kernel pty stands for the cable.
  printer = await startPrinterEmulator({ transport: 'pty', family: 'escpos' });
  const config = demoHallConfig({ realHours: true });
  config.devices.push(
    { id: 'kiosk-pc-1', kind: 'agent', name: '一楼取号机电脑', zone: 'F1', token: AGENT_TOKEN } as never,
    { id: 'printer-1', kind: 'printer', name: '一楼取号机打印机', kiosk: 'kiosk-1', agent: 'kiosk-pc-1', address: printer.address } as never,
  );
  hub = await startTestHub({ config: hallConfigSchema.parse(config), devices: { link: { reconnect: FAST } } });
  manager = await hub.managerToken();
  agent = new HallAgent({ hub: hub.url, token: AGENT_TOKEN, link: { reconnect: FAST }, statsIntervalMs: 200, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500 }).start();
  await new Promise<void>((r) => agent.once('synced', () => r()));
});
afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  await printer?.close();
  await stopAllPtys();
});

const waitHealth = (pred: (h: any) => boolean, what: string) => hub.waitDeviceHealth('printer-1', pred, what);
const jobsOf = async (ticketId: string) => (await hub.api('GET', `/api/tickets/${ticketId}/print`, { token: manager })).body.jobs as any[];
const issue = () => hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });

describe('a printer on the kiosk PC, driven by its agent', () => {
  it('prints a kiosk ticket through the agent; the journal says done', async () => {
    await waitHealth((h) => h.state === 'online' && h.via === 'agent', 'online via the agent');
    const r = await issue();
    expect(r.status).toBe(201);
    expect(r.body.print).toMatchObject({ printerId: 'printer-1' });
    await printer.waitForTickets(1);
    expect(printer.textLines().join('\n')).toContain(r.body.number);
    const jobs = await waitForValue(() => jobsOf(r.body.id), (j) => j[0]?.state === 'done', 'the job done');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'done', printerId: 'printer-1', kioskId: 'kiosk-1' });
  });

  it('paper out, told through the agent: on-screen ticket, journal "not printed"; paper back: prints again', async () => {
    await printer.control('paper-out');
    const h = await waitHealth((x) => x.state === 'offline', 'offline (paper out) via the agent');
    expect(h.via).toBe('agent');
    expect(h.reason).toEqual({ code: 'PAPER_OUT' });
    const before = printer.total;
    const onScreen = await issue();
    expect(onScreen.body.print).toMatchObject({ state: 'unavailable', printerId: 'printer-1' });
    expect((await jobsOf(onScreen.body.id))[0]).toMatchObject({ state: 'failed', sentAt: null });

    await printer.control('paper-ok');
    await waitHealth((x) => x.state === 'online', 'online again');
    const printed = await issue();
    await printer.waitForTickets(before + 1);
    expect(printer.textLines().join('\n')).toContain(printed.body.number);
    expect(printer.textLines().join('\n')).not.toContain(onScreen.body.number);
  });

  it('the agent stopped: the printer is "agent offline" and the kiosk issues on-screen tickets', async () => {
    await agent.stop();
    await waitHealth((x) => x.state === 'offline' && x.reason?.code === AGENT_OFFLINE.code, 'agent offline');
    const r = await issue();
    expect(r.status).toBe(201);
    expect(r.body.print).toMatchObject({ state: 'unavailable', printerId: 'printer-1' });
    // No job is left hanging on the agent that went away: each one is done, or failed with a reason
    // (an answer lost with the agent is an unknown outcome, never a silent "sent").
    const unsettled = async () => ((await hub.api('GET', '/api/print/jobs', { token: manager })).body.jobs as any[]).filter((j) => j.state === 'queued' || j.state === 'sent');
    expect(await waitForValue(unsettled, (open) => open.length === 0, 'every job settled')).toEqual([]);
  });
});
