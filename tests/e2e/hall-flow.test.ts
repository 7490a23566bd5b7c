// End to end in real Chromium (Debian's, driven by playwright-core): a citizen takes a number at the
// kiosk, a staff member logs in and calls it, the hall display shows it, the pad rates it and the
// dashboard counts it. Then: every page resyncs after losing its connection while the hall moved on,
// a kiosk double tap issues one ticket, and bad logins are refused on screen. Screenshots are kept in
// test-artifacts/e2e/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../devices/testing/wait.js';
import { snap, useHubInBrowser } from '../support/browser.js';

/** While true the hub refuses socket connections: a terminal "loses the network". */
let blocked = false;

const e2e = useHubInBrowser({
  seed: async (hub) => {
    hub.io.use((_socket, next) => (blocked ? next(new Error('blocked by the test')) : next()));
  },
});

const open = (path: string, size: { width: number; height: number }) => e2e.open(path, size);

const testid = (page: Page, id: string) => page.getByTestId(id);

async function takeNumber(kiosk: Page, zone: string, service: string): Promise<{ id: string; number: string }> {
  await testid(kiosk, `zone-${zone}`).click();
  await testid(kiosk, `service-${service}`).click();
  const issued = testid(kiosk, 'issued');
  await issued.waitFor();
  return { id: (await issued.getAttribute('data-ticket-id'))!, number: (await testid(kiosk, 'issued-number').innerText()).trim() };
}

describe('one citizen, end to end', () => {
  it('kiosk → counter → display → pad → dashboard', async () => {
    const display = await open('/display?token=demo-display', { width: 1920, height: 1080 });
    const pad = await open('/pad?token=demo-pad', { width: 1280, height: 800 });
    const dashboard = await open('/dashboard', { width: 1920, height: 1080 });
    await testid(dashboard, 'login-username').fill('admin');
    await testid(dashboard, 'login-password').fill('admin1234');
    await testid(dashboard, 'login-submit').click();
    await testid(dashboard, 'dashboard').waitFor();

    // The citizen takes a number for social security on floor 1.
    const kiosk = await open('/kiosk?token=demo-kiosk', { width: 1080, height: 1920 });
    await snap(kiosk, 'e2e', '01-kiosk-home');
    const ticket = await takeNumber(kiosk, 'F1', 'social-security');
    expect(ticket.number).toMatch(/^A\d{3}$/);
    await expect.poll(() => testid(kiosk, 'issued-qr').count()).toBe(1);
    await snap(kiosk, 'e2e', '02-kiosk-ticket');
    expect(e2e.hub.hall.view.tickets.get(ticket.id)).toMatchObject({ number: ticket.number, state: 'waiting' });

    // Staff 1001 logs in at counter 1 and calls.
    const counter = await open('/counter?counter=1', { width: 1366, height: 768 });
    await testid(counter, 'login-staff').fill('1001');
    await testid(counter, 'login-pin').fill('1234');
    await testid(counter, 'login-submit').click();
    await testid(counter, 'btn-call').click();
    await expect.poll(() => testid(counter, 'current-number').innerText()).toContain(ticket.number);
    await snap(counter, 'e2e', '03-counter-called');

    // The hall display shows the call, pushed.
    await expect.poll(() => testid(display, 'current-call-number').innerText()).toContain(ticket.number);
    expect(await testid(display, 'current-call-counter').getAttribute('data-counter-id')).toBe('1');
    await snap(display, 'e2e', '04-display-call');

    // Service starts and ends; the counter's pad asks for a rating, and the citizen gives 满意 (4).
    await testid(counter, 'btn-start').click();
    await expect.poll(() => testid(counter, 'current-state').getAttribute('data-state')).toBe('serving');
    await testid(counter, 'btn-finish').click();
    await testid(pad, 'rate-4').waitFor();
    await snap(pad, 'e2e', '05-pad-rate');
    await testid(pad, 'rate-4').click();
    await testid(pad, 'rate-send').click();
    await testid(pad, 'pad-thanks').waitFor();
    await expect.poll(() => e2e.hub.hall.view.tickets.get(ticket.id)?.rating?.score).toBe(4);

    // The dashboard counts it: one served today, satisfaction 100 %.
    await expect.poll(async () => (await testid(dashboard, 'today-served').innerText()).trim()).toBe('1');
    await expect.poll(async () => (await testid(dashboard, 'today-satisfaction').innerText()).trim()).toMatch(/^100(\.0)?%$/);
    await snap(dashboard, 'e2e', '06-dashboard');
    // The devices tab shows the terminals that are open as online (their sockets are their heartbeat).
    await testid(dashboard, 'nav-devices').click();
    await expect.poll(() => testid(dashboard, 'device-health-display-1').getAttribute('data-state')).toBe('online');
    await expect.poll(() => testid(dashboard, 'device-health-pad-1').getAttribute('data-state')).toBe('online');
    await snap(dashboard, 'e2e', '06b-dashboard-devices');
    // And the counter console counts the staff member's day.
    await expect.poll(async () => (await testid(counter, 'today-served').innerText()).trim()).toBe('1');

    for (const p of [display, pad, dashboard, kiosk, counter]) await p.close();
  });
});

describe('losing the connection', () => {
  it('every page shows it is offline, then resyncs to what happened meanwhile', async () => {
    const display = await open('/display?token=demo-display', { width: 1920, height: 1080 });
    const kiosk = await open('/kiosk?token=demo-kiosk', { width: 1920, height: 1080 });
    await testid(kiosk, 'zone-F1').click();
    await testid(kiosk, 'service-household').waitFor();
    const householdWaiting = Number(await testid(kiosk, 'service-household').getAttribute('data-waiting'));
    const counter = await open('/counter?counter=2', { width: 1366, height: 768 });
    await testid(counter, 'login-staff').fill('1002');
    await testid(counter, 'login-pin').fill('1234');
    await testid(counter, 'login-submit').click();
    await testid(counter, 'btn-call').waitFor();
    const dashboard = await open('/dashboard', { width: 1920, height: 1080 });
    await testid(dashboard, 'login-username').fill('admin');
    await testid(dashboard, 'login-password').fill('admin1234');
    await testid(dashboard, 'login-submit').click();
    await testid(dashboard, 'services').waitFor();
    const pad = await open('/pad?token=demo-pad', { width: 1280, height: 800 });
    await testid(pad, 'pad-idle').waitFor();
    const pages: Record<string, Page> = { display, kiosk, counter, dashboard, pad };
    // A social-security ticket waits: counter 2's console lists it.
    const s = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    await testid(counter, `waiting-${s.body.number}`).waitFor();
    // The citizen follows that ticket on a phone.
    const phone = await open(`/t/${s.body.id}`, { width: 390, height: 844 });
    await expect.poll(() => testid(phone, 'track-state').getAttribute('data-state')).toBe('waiting');
    Object.assign(pages, { phone });

    // The network goes: every terminal is cut off and cannot come back yet.
    blocked = true;
    e2e.hub.io.disconnectSockets(true);
    for (const [name, p] of Object.entries(pages)) await expect.poll(() => testid(p, 'offline').count(), { message: name }).toBe(1);

    // Meanwhile the hall moves on: two tickets for household registration, one of them called at
    // counter 4; the waiting social-security ticket called at counter 1 (whose pad then shows it).
    const k = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    const staff4 = await e2e.hub.login('1004', '4');
    expect((await e2e.hub.api('POST', '/api/counters/4/call', { token: staff4, body: {} })).body.ticket.number).toBe(k.body.number);
    const staff1 = await e2e.hub.login('1001', '1');
    expect((await e2e.hub.api('POST', '/api/counters/1/call', { token: staff1, body: {} })).body.ticket.number).toBe(s.body.number);

    blocked = false;
    for (const [name, p] of Object.entries(pages)) await expect.poll(() => testid(p, 'offline').count(), { message: name }).toBe(0);

    await expect.poll(() => testid(display, 'counter-number-4').innerText()).toContain(k.body.number);
    await expect.poll(() => testid(display, 'counter-number-1').innerText()).toContain(s.body.number);
    await expect.poll(() => testid(pad, 'pad-current-number').innerText()).toContain(s.body.number);
    await expect.poll(() => testid(phone, 'track-state').getAttribute('data-state')).toBe('called');
    expect(await testid(phone, 'track-counter').getAttribute('data-counter')).toBe('1');
    await snap(phone, 'e2e', '09-phone-after-resync');
    await expect.poll(async () => Number(await testid(dashboard, 'svc-waiting-household').innerText())).toBe(1);
    await expect.poll(async () => Number(await testid(kiosk, 'service-household').getAttribute('data-waiting'))).toBe(householdWaiting + 1);
    // Counter 2's console no longer lists the social-security ticket called at counter 1.
    await expect.poll(() => testid(counter, `waiting-${s.body.number}`).count()).toBe(0);
    await snap(display, 'e2e', '07-display-after-resync');
    for (const p of Object.values(pages)) await p.close();
  });
});

describe('a double tap at the kiosk', () => {
  it('issues one ticket', async () => {
    const kiosk = await open('/kiosk?token=demo-kiosk', { width: 1080, height: 1920 });
    await testid(kiosk, 'zone-F2').click();
    const button = testid(kiosk, 'service-business-start');
    await button.waitFor();
    const before = [...e2e.hub.hall.view.tickets.values()].filter((t) => t.serviceId === 'business-start').length;
    // Every ticket request the page makes, and those answered: counted, not waited out with a sleep.
    let asked = 0;
    let answered = 0;
    const isIssue = (r: { url(): string; method(): string }) => r.method() === 'POST' && r.url().endsWith('/api/tickets');
    kiosk.on('request', (r) => void (isIssue(r) && asked++));
    kiosk.on('requestfinished', (r) => void (isIssue(r) && answered++));
    kiosk.on('requestfailed', (r) => void (isIssue(r) && answered++));
    // Two taps within the same millisecond, as a trembling finger makes them.
    await button.evaluate((el: HTMLElement) => {
      el.click();
      el.click();
    });
    await testid(kiosk, 'issued').waitFor();
    // Both taps ran before the first answer could arrive: a second request would have been seen by now.
    await waitFor(() => answered === asked, 'every ticket request answered');
    expect(asked).toBe(1);
    const after = [...e2e.hub.hall.view.tickets.values()].filter((t) => t.serviceId === 'business-start').length;
    expect(after - before).toBe(1);
    await kiosk.close();
  });
});

describe('bad logins', () => {
  it('shows the refusal on the counter console and the dashboard, and lets nobody in', async () => {
    const counter = await open('/counter?counter=5', { width: 1366, height: 768 });
    await testid(counter, 'login-staff').fill('1005');
    await testid(counter, 'login-pin').fill('9999');
    await testid(counter, 'login-submit').click();
    await expect.poll(() => testid(counter, 'login-error').innerText()).toContain('不正确');
    expect(await testid(counter, 'btn-call').count()).toBe(0);
    expect(e2e.hub.hall.view.counters.get('5')?.state).toBe('closed');
    await snap(counter, 'e2e', '08-counter-bad-login');

    const dashboard = await open('/dashboard', { width: 1920, height: 1080 });
    await testid(dashboard, 'login-username').fill('admin');
    await testid(dashboard, 'login-password').fill('wrong-password');
    await testid(dashboard, 'login-submit').click();
    await expect.poll(() => testid(dashboard, 'login-error').innerText()).toContain('不正确');
    expect(await testid(dashboard, 'dashboard').count()).toBe(0);
    await counter.close();
    await dashboard.close();
  });
});
