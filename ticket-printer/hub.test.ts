// A kiosk's ticket printed end to end: a real hub (SQLite file, HTTP on 127.0.0.1) with two printers
// addressed at emulators — one over TCP, one over a kernel pty pair — each printing for its kiosk.
// The kiosk issues over HTTP; the emulator decodes the number and the service name; the journal says
// done. Out of paper: the issue answer says "unavailable", no job is queued, nothing is printed; paper
// back: the next ticket prints by itself. A reprint is a staff or manager act and a new job.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { waitFor, waitForValue } from '../devices/testing/wait.js';
import { stopAllPtys } from '../devices/pty.js';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { hallConfigSchema } from '../hub/config/schema.js';
import { removeDir, startTestHub, type TestHub } from '../tests/support/hub.js';
import './driver.js';
import { startPrinterEmulator, type PrinterEmulator } from './emulator.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 };
const KIOSK_2_TOKEN = 'kiosk-2-test-token-0123456789';
let hub: TestHub;
let manager: string;
let tcp: PrinterEmulator;
let pty: PrinterEmulator;
const sockets: Socket[] = [];

beforeAll(async () => {
  tcp = await startPrinterEmulator({ transport: 'tcp', family: 'escpos' });
  pty = await startPrinterEmulator({ transport: 'pty', family: 'escpos' });
  const config = demoHallConfig({ realHours: true });
  config.devices.push(
    { id: 'kiosk-2', kind: 'kiosk', name: '二楼取号机', zone: 'F1', token: KIOSK_2_TOKEN } as never,
    { id: 'printer-1', kind: 'printer', name: '一楼取号机打印机', kiosk: 'kiosk-1', address: tcp.address } as never,
    { id: 'printer-2', kind: 'printer', name: '二楼取号机打印机', kiosk: 'kiosk-2', address: pty.address } as never,
  );
  hub = await startTestHub({ config: hallConfigSchema.parse(config), devices: { link: { reconnect: FAST } } });
  manager = await hub.managerToken();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  await tcp?.close();
  await pty?.close();
  await stopAllPtys();
});

const waitHealth = (id: string, state: string) => hub.waitDeviceHealth(id, (h) => h.state === state, state);
async function jobsOf(ticketId: string): Promise<any[]> {
  return (await hub.api('GET', `/api/tickets/${ticketId}/print`, { token: manager })).body.jobs;
}
const waitJob = async (ticketId: string, state: string) => (await waitForValue(() => jobsOf(ticketId), (jobs) => jobs.at(-1)?.state === state, `job of ${ticketId} ${state}`)).at(-1);
const issue = (token: string, serviceId = 'medical-insurance') => hub.api('POST', '/api/tickets', { token, body: { serviceId } });

describe('a kiosk ticket printed end to end', () => {
  for (const [name, kioskToken, printerId, emulator] of [
    ['TCP', 'demo-kiosk', 'printer-1', () => tcp],
    ['pty', KIOSK_2_TOKEN, 'printer-2', () => pty],
  ] as const) {
    it(`over ${name}: the number and the service are on paper, the journal says done`, async () => {
      await waitHealth(printerId, 'online');
      const before = emulator().total;
      const r = await issue(kioskToken);
      expect(r.status).toBe(201);
      expect(r.body.print).toMatchObject({ printerId, jobId: expect.any(String) });
      expect(['queued', 'sent', 'done']).toContain(r.body.print.state);
      const job = await waitJob(r.body.id, 'done');
      expect(job).toMatchObject({ id: r.body.print.jobId, printerId, number: r.body.number, cause: 'issue', requestedBy: expect.stringMatching(/^device:kiosk-/) });
      await emulator().waitForTickets(before + 1);
      expect(emulator().total).toBe(before + 1);
      const text = emulator().textLines().join('\n');
      expect(text).toContain(r.body.number);
      expect(text).toContain(r.body.serviceName.zh);
      expect(text).toContain(`/t/${r.body.id}]`);
    });
  }

  it('the same press sent again (a lost answer retried) gets the same ticket and job, nothing printed twice', async () => {
    await waitHealth('printer-1', 'online');
    const before = tcp.total;
    const body = { serviceId: 'medical-insurance', requestId: 'press-0001-abcdef' };
    const first = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body });
    expect(first.status).toBe(201);
    await waitJob(first.body.id, 'done');
    const again = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.print).toMatchObject({ state: 'done', jobId: first.body.print.jobId });
    expect(await jobsOf(first.body.id)).toHaveLength(1);
    await tcp.waitForTickets(before + 1);
    expect(tcp.total).toBe(before + 1);
  });

  it('a ticket issued by staff is not printed (only kiosks print)', async () => {
    const staff = await hub.login('1001', '1');
    const r = await issue(staff);
    expect(r.status).toBe(201);
    expect(r.body.print).toBeUndefined();
    expect(await jobsOf(r.body.id)).toEqual([]);
  });

  it('out of paper: on-screen only, no job; paper back: the next ticket prints by itself', async () => {
    const socket = ioClient(hub.url, { auth: { token: 'demo-kiosk' }, transports: ['websocket'] });
    sockets.push(socket);
    const pushed: any[] = [];
    socket.on('print.job', (j) => pushed.push(j));
    await new Promise<void>((r) => socket.once('hello', () => r()));

    await tcp.control('paper-out');
    await waitHealth('printer-1', 'offline');
    const before = tcp.total;
    const press = { serviceId: 'medical-insurance', requestId: 'press-paper-out-0001' };
    const r = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: press });
    expect(r.status).toBe(201);
    expect(r.body.print).toMatchObject({ state: 'unavailable', printerId: 'printer-1', reason: expect.stringContaining('缺纸'), message: { zh: expect.stringContaining('打印机暂时无法出票') } });
    // Nothing is sent, now or later; the journal shows the ticket as not printed, with why.
    const [skipped, ...none] = await jobsOf(r.body.id);
    expect(none).toEqual([]);
    expect(skipped).toMatchObject({ state: 'failed', sentAt: null, cause: 'issue', reason: expect.stringMatching(/^未打印（打印机不可用，凭屏幕出号）.*缺纸/) });
    // The same press again (a lost answer retried) is told the same: unavailable.
    const retried = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: press });
    expect(retried.body.id).toBe(r.body.id);
    expect(retried.body.print).toMatchObject({ state: 'unavailable', printerId: 'printer-1' });
    expect(tcp.total).toBe(before);

    await tcp.control('paper-ok');
    await waitHealth('printer-1', 'online');
    const again = await issue('demo-kiosk');
    expect(again.body.print.state).not.toBe('unavailable');
    await waitJob(again.body.id, 'done');
    await tcp.waitForTickets(before + 1);
    expect(tcp.textLines().join('\n')).toContain(again.body.number);
    // The unprinted ticket did not come out later either.
    expect(tcp.total).toBe(before + 1);
    await waitFor(() => pushed.some((j) => j.ticketId === again.body.id && j.state === 'done'), 'print.job pushed to the kiosk');
  });

  it('the paper runs out mid-ticket: the job fails with the reason, visible in the journal', async () => {
    await waitHealth('printer-1', 'online');
    tcp.decoder.paperLines = 5;
    const r = await issue('demo-kiosk');
    const job = await waitJob(r.body.id, 'failed');
    expect(job.reason).toContain('缺纸');
    const failed = (await hub.api('GET', '/api/print/jobs?failed=1', { token: manager })).body.jobs;
    expect(failed.map((j: any) => j.id)).toContain(job.id);
    await tcp.control('paper-ok');
    await waitHealth('printer-1', 'online');
  });

  it('a reprint is deliberate: staff or manager, a new job; a kiosk may not', async () => {
    const r = await issue('demo-kiosk');
    await waitJob(r.body.id, 'done');
    const before = tcp.total;
    expect((await hub.api('POST', `/api/tickets/${r.body.id}/reprint`, { token: 'demo-kiosk', body: {} })).status).toBe(403);
    expect((await hub.api('POST', `/api/tickets/${r.body.id}/reprint`, { token: manager, body: { printerId: 'nope', extra: 1 } })).status).toBe(400);
    const again = await hub.api('POST', `/api/tickets/${r.body.id}/reprint`, { token: manager, body: {} });
    expect(again.status).toBe(202);
    expect(again.body.job).toMatchObject({ cause: 'reprint', printerId: 'printer-1', requestedBy: 'manager:admin' });
    await waitFor(() => tcp.total === before + 1, 'the reprint on paper', 10_000);
    const jobs = await waitJob(r.body.id, 'done').then(() => jobsOf(r.body.id));
    expect(jobs.map((j) => j.cause)).toEqual(['issue', 'reprint']);
    expect((await hub.api('POST', '/api/tickets/no-such-ticket-1/reprint', { token: manager, body: {} })).status).toBe(404);
  });

  it("a printer's profile set by a manager applies to its next tickets", async () => {
    await waitHealth('printer-1', 'online');
    const bad = await hub.api('PUT', '/api/print/printers/printer-1/profile', { token: manager, body: { cut: 'sideways' } });
    expect(bad.status).toBe(400);
    expect((await hub.api('PUT', '/api/print/printers/nope/profile', { token: manager, body: {} })).status).toBe(404);
    expect((await hub.api('PUT', '/api/print/printers/printer-1/profile', { token: 'demo-kiosk', body: {} })).status).toBe(403);
    const put = await hub.api('PUT', '/api/print/printers/printer-1/profile', { token: manager, body: { cut: 'full', beep: true, qr: 'raster' } });
    expect(put.status).toBe(200);
    expect(put.body.printer).toMatchObject({ id: 'printer-1', kiosk: 'kiosk-1', health: 'online', profile: { cut: 'full', beep: true, qr: 'raster' } });
    const before = tcp.total;
    const r = await issue('demo-kiosk');
    await waitJob(r.body.id, 'done');
    await tcp.waitForTickets(before + 1);
    const last = tcp.printed.at(-1)!;
    expect(last.cut).toBe('full');
    expect(last.beeps).toBe(2);
    expect(last.blocks.some((b) => b.type === 'image')).toBe(true);
    expect(last.blocks.some((b) => b.type === 'qr')).toBe(false);
    // Back to the defaults.
    await hub.api('PUT', '/api/print/printers/printer-1/profile', { token: manager, body: {} });
    expect((await hub.api('GET', '/api/print/printers', { token: manager })).body.printers.find((p: any) => p.id === 'printer-1').profile).toEqual({});
  });

  it('a service name longer than a ticket line is cut to fit: printed, and its SVG drawn; a forged Host header never reaches the QR code', async () => {
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    const long = '不动产登记、抵押、查封、异议、更正及预告登记等综合受理'.repeat(5); // 145 characters: the config allows 200
    const services = config.services.map((x: any) => (x.id === 'medical-insurance' ? { ...x, name: { zh: long, en: 'Medical insurance and a great many other things besides' } } : x));
    const put = await hub.api('PUT', '/api/config', { token: manager, body: { ...config, services } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    try {
      const r = await issue('demo-kiosk');
      expect(r.status).toBe(201);
      const job = await waitJob(r.body.id, 'done');
      expect(job.reason).toBeNull();
      expect(tcp.textLines().join('\n')).toContain(r.body.number);
      const paper = tcp.textLines().join('\n');
      expect(paper).toContain('不动产登记、抵押');
      // Cut, with the cut shown: the whole name is not on the paper, an ellipsis is.
      expect(paper.replace(/\s+/g, '')).not.toContain(long);
      expect(paper).toContain('…');
      const svg = await fetch(`${hub.url}/api/tickets/${r.body.id}/ticket.svg`);
      expect(svg.status).toBe(200);
      expect(await svg.text()).toMatch(/^<svg /);

      // A kiosk request whose Host header is not a host name: the QR code on the paper points at the
      // hub's own address on that connection, never at what the header said. (node:http, because fetch
      // would not send a forged Host.)
      const before = tcp.total;
      const forged = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest(
          `${hub.url}/api/tickets`,
          { method: 'POST', headers: { host: 'evil.example/<script>', authorization: 'Bearer demo-kiosk', 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ serviceId: 'social-security' }));
      });
      expect(forged.status).toBe(201);
      await tcp.waitForTickets(before + 1);
      const qr = tcp.textLines().filter((l) => l.includes('[QR ')).at(-1)!;
      expect(qr).not.toContain('evil');
      expect(qr).toContain(`${new URL(hub.url).origin}/t/${forged.body.id}`);
    } finally {
      const back = await hub.api('PUT', '/api/config', { token: manager, body: config });
      expect(back.status).toBe(200);
    }
  });

  it('a ticket as it prints, as SVG, by its id', async () => {
    const r = await issue('demo-kiosk');
    const svg = await fetch(`${hub.url}/api/tickets/${r.body.id}/ticket.svg?width=58`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const text = await svg.text();
    expect(text).toMatch(/^<svg width="384px"/);
    // Its characters are drawn one by one: the number's are there.
    for (const ch of r.body.number) expect(text).toContain(`>${ch}</tspan>`);
    expect((await fetch(`${hub.url}/api/tickets/no-such-ticket-9/ticket.svg`)).status).toBe(404);
    await waitJob(r.body.id, 'done');
  });

  it('the template: a manager edits it, the preview follows, a bad one is refused', async () => {
    const svg = await fetch(`${hub.url}/api/print/preview.svg?width=58`);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg width="384px"/);
    expect((await hub.api('GET', '/api/print/preview.svg?width=70')).status).toBe(400);
    const bad = await hub.api('PUT', '/api/print/template', { token: manager, body: { template: 'no number here' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_INPUT');
    const put = await hub.api('PUT', '/api/print/template', { token: manager, body: { template: '^^^{{number}}\n{{service}}\n欢迎光临 WELCOME', notice: null } });
    expect(put.status).toBe(200);
    const r = await issue('demo-kiosk');
    await waitJob(r.body.id, 'done');
    expect(tcp.textLines().join('\n')).toContain('欢迎光临 WELCOME');
    expect((await hub.api('PUT', '/api/print/template', { token: manager, body: { template: null } })).body.custom).toBe(false);
    expect((await hub.api('GET', '/api/print/template', { token: manager })).body.template).toContain('一次性告知');
  });
});
