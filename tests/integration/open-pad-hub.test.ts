// Hardware pads and caller keypads through the hub, end to end: the simulated RS-485 buses on real
// ptys, the hub's supervisor running the open-pad driver, the input hook running engine commands.
// A keypad's call-next calls a ticket (as the staff member logged in there) and its display shows the
// number and the waiting count; a keypad at a counter nobody is logged in at is refused, counted and
// told; a pad rates the ticket finished at its counter; a second press, or a press with nothing to
// rate, is ignored and counted; a press the hub could not record (its SQLite store refusing the
// write) is counted as failed, not as ignored, and logged as an error.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../../devices/pty.js';
import { waitFor } from '../../devices/testing/wait.js';
import '../../counter-pads/families.js';
import { startOpenPadSimulator, type OpenPadSimulator } from '../../counter-pads/simulator.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let pads: OpenPadSimulator;
let keypads: OpenPadSimulator;
let staff2: string;
/** What the hub logged at warn and above, one parsed pino line each. */
const logged: Array<{ level: number; msg: string; [k: string]: unknown }> = [];

beforeAll(async () => {
  const units = ['1', '2', '3'].map((c) => ({ unit: Number(c), counter: c }));
  pads = await startOpenPadSimulator('pad', { transport: 'pty', units: units.slice(1) });
  keypads = await startOpenPadSimulator('keypad', { transport: 'pty', units });
  const config = demoHallConfig({ realHours: true });
  config.devices.push(
    { id: 'pads-f1', kind: 'pad', zone: 'F1', address: pads.address, units: units.slice(1) },
    { id: 'keypads-f1', kind: 'keypad', zone: 'F1', address: keypads.address, units },
  );
  const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  hub = await startTestHub({ config, log, devices: { link: { reconnect: { initialMs: 20, maxMs: 200 } } } });
  staff2 = await hub.login('1002', '2');
});
afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  await pads?.close();
  await keypads?.close();
  await stopAllPtys();
});

describe('hardware pads and keypads through the hub', () => {
  it('refuses a keypad key at a counter nobody is logged in at, counts it and says so on its display', async () => {
    await waitFor(() => keypads.unit(1).display.length > 0, 'keypad 1 showing');
    keypads.pressKey(1, 'call-next');
    await waitFor(() => (hub.inputs.stats()['keypads-f1']?.refused ?? 0) === 1, 'the refusal counted');
    await waitFor(() => keypads.unit(1).display[0]?.includes('尚未登录') ?? false, 'the refusal shown');
    expect(keypads.unit(1).display[1]).toMatch(/Nobody is logged in/);
  });

  it("calls the next ticket from a keypad's call-next, as the staff member logged in there", async () => {
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(issued.status).toBe(201);
    const id = issued.body.id as string;
    await waitFor(() => keypads.unit(2).display[1] === '等候 1人', 'keypad 2 showing one waiting');
    keypads.pressKey(2, 'call-next');
    await waitFor(() => hub.hall.view.tickets.get(id)?.state === 'called', 'the ticket called');
    const t = await hub.api('GET', `/api/tickets/${id}`);
    expect(t.body).toMatchObject({ state: 'called', counterId: '2' });
    const events = await hub.api('GET', `/api/tickets/${id}/events`, { token: await hub.managerToken() });
    expect(events.body.events.find((e: any) => e.type === 'ticket.called').actor).toEqual({ kind: 'staff', id: '1002' });
    await waitFor(() => keypads.unit(2).display[0] === `当前 ${issued.body.number}`, 'keypad 2 showing the number');
    expect(keypads.unit(2).display[1]).toBe('等候 0人');
    expect(hub.inputs.stats()['keypads-f1']?.actions).toBe(1);
  });

  it('rates the ticket finished at the pad’s counter; a second press and a press with nothing to rate are ignored and counted', async () => {
    const id = hub.hall.view.counters.get('2')!.ticketId!;
    await waitFor(() => pads.unit(2).display[0] === '李娜 工号1002', 'pad 2 showing the staff card');
    await hub.api('POST', '/api/counters/2/start', { token: staff2 });
    await hub.api('POST', '/api/counters/2/finish', { token: staff2 });
    await waitFor(() => pads.unit(2).prompt !== null, 'the prompt on pad 2');
    pads.pressLevel(2, 4);
    await waitFor(() => !!hub.hall.view.tickets.get(id)?.rating, 'the rating');
    const t = await hub.api('GET', `/api/tickets/${id}`);
    expect(t.body.rating).toMatchObject({ score: 4 });
    // A hardware pad's keys: its own source, not the caller keypads' name; reports and the upload say 评价器按键.
    expect(hub.hall.view.tickets.get(id)!.rating).toMatchObject({ score: 4, source: 'pad-hardware', reasons: [] });
    const row = hub.hall.store.db.prepare(`SELECT payload FROM rating_outbox WHERE id = ?`).get(`${hub.hall.config.hall.id}:${id}`) as { payload: string };
    expect(JSON.parse(row.payload)).toMatchObject({ outcome: 'rated', score: 4, channel: '评价器按键' });
    // The citizen presses again: the ticket has its rating already.
    pads.pressLevel(2, 1);
    // Nothing was finished at counter 3.
    pads.pressLevel(3, 5);
    await waitFor(() => (hub.inputs.stats()['pads-f1']?.ignoredOutsideWindow ?? 0) === 2, 'two ignored presses');
    expect(hub.inputs.stats()['pads-f1']).toMatchObject({ ratings: 1, ignoredOutsideWindow: 2, failed: 0 });
    expect(hub.hall.view.tickets.get(id)!.rating!.score).toBe(4);
  });

  it("prompts the counter's hardware pad when a business system asks for a rating with its case number", async () => {
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    for (const a of ['call', 'start', 'finish']) await hub.api('POST', `/api/counters/2/${a}`, { token: staff2 });
    await waitFor(() => pads.unit(2).prompt?.number === issued.body.number, 'the prompt after the finish');
    pads.pressLevel(2, 3);
    await waitFor(() => pads.unit(2).prompt === null, 'the prompt taken down after the press');
    // The press rated the ticket already; a second finished ticket, asked for by the business system.
    const other = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    for (const a of ['call', 'start', 'finish']) await hub.api('POST', `/api/counters/2/${a}`, { token: staff2 });
    await waitFor(() => pads.unit(2).prompt?.number === other.body.number, 'the prompt for the second ticket');
    pads.unit(2).prompt = null; // the citizen walked away: the pad's window closed by itself
    const r = await hub.api('POST', '/api/ratings/requests', { token: staff2, body: { counterId: '2', caseNo: 'BDC-2026-7781' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request).toMatchObject({ ticketId: other.body.id, prompted: 1 });
    await waitFor(() => pads.unit(2).prompt?.number === other.body.number, 'the prompt asked for');
    pads.pressLevel(2, 5);
    await waitFor(() => hub.hall.view.tickets.get(other.body.id)?.rating?.score === 5, 'the requested rating');
  });

  it('takes a hardware pad’s 不满意 without reasons (its keys cannot give them), only within the window', async () => {
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    const id = issued.body.id as string;
    await hub.api('POST', '/api/counters/2/call', { token: staff2 });
    await hub.api('POST', '/api/counters/2/start', { token: staff2 });
    await hub.api('POST', '/api/counters/2/finish', { token: staff2 });
    // The window is over (ManualClock): the press is ignored.
    hub.clock.advance((hub.hall.config.rules.ratingWindowMin + 1) * 60_000);
    const ignoredBefore = hub.inputs.stats()['pads-f1']?.ignoredOutsideWindow ?? 0;
    pads.pressLevel(2, 2);
    await waitFor(() => (hub.inputs.stats()['pads-f1']?.ignoredOutsideWindow ?? 0) === ignoredBefore + 1, 'ignored after the window');
    expect(hub.hall.view.tickets.get(id)!.rating ?? null).toBeNull();

    const again = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    await hub.api('POST', '/api/counters/2/call', { token: staff2 });
    await hub.api('POST', '/api/counters/2/start', { token: staff2 });
    await hub.api('POST', '/api/counters/2/finish', { token: staff2 });
    await waitFor(() => pads.unit(2).prompt?.number === again.body.number, 'the new prompt');
    pads.pressLevel(2, 1);
    await waitFor(() => !!hub.hall.view.tickets.get(again.body.id)?.rating, 'the bad rating');
    expect(hub.hall.view.tickets.get(again.body.id)!.rating).toMatchObject({ score: 1, reasons: [] });
  });

  it('counts a press the hub could not record (the store failed) as failed, not ignored, and logs it as an error', async () => {
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    const id = issued.body.id as string;
    for (const a of ['call', 'start', 'finish']) await hub.api('POST', `/api/counters/2/${a}`, { token: staff2 });
    await waitFor(() => pads.unit(2).prompt?.number === issued.body.number, 'the prompt');
    const before = hub.inputs.stats()['pads-f1']!;
    // The hub's SQLite store fails the write of the rating (as a full disk or an I/O error would): a
    // temporary trigger on its own connection aborts the insert of a ticket.rated event.
    const db = hub.hall.store.db;
    db.exec(`CREATE TEMP TRIGGER fail_rating BEFORE INSERT ON main.events WHEN NEW.type = 'ticket.rated' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    try {
      pads.pressLevel(2, 5);
      await waitFor(() => hub.inputs.stats()['pads-f1']!.failed === before.failed + 1, 'the failed press counted');
    } finally {
      db.exec('DROP TRIGGER temp.fail_rating');
    }
    expect(hub.inputs.stats()['pads-f1']).toMatchObject({ ignoredOutsideWindow: before.ignoredOutsideWindow, ratings: before.ratings });
    expect(hub.hall.view.tickets.get(id)!.rating).toBeNull();
    expect(logged).toContainEqual(expect.objectContaining({ level: 50, msg: 'rating press could not be recorded', device: 'pads-f1', ticket: issued.body.number }));
    // The summary the dashboard shows carries the count.
    const summary = await hub.api('GET', '/api/ratings/summary', { token: await hub.managerToken() });
    expect(summary.body.devices['pads-f1']).toMatchObject({ failed: before.failed + 1 });
    // The store is free again: the citizen's next press rates the ticket.
    pads.pressLevel(2, 4);
    await waitFor(() => hub.hall.view.tickets.get(id)?.rating?.score === 4, 'the rating once the store is back');
  });
});
