// Appointment check-in at the kiosk in Chromium: a code the booking system fed in is checked in (an
// appointment ticket); a made-up code is refused and the kiosk shows why (APPOINTMENT_UNKNOWN), and a
// code checked in already is refused as used.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { bookAppointment } from '../support/appointments.js';
import { launchBrowser, openPage, snap } from '../support/browser.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({ config: demoHallConfig(), realTime: true });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
});

async function checkIn(kiosk: Page, code: string): Promise<void> {
  await kiosk.getByTestId('appointment').click();
  await kiosk.getByTestId('appt-code').fill(code);
  await kiosk.locator('.k-slot').nth(2).click();
  await kiosk.getByTestId('appt-next').click();
  await kiosk.getByTestId('zone-F1').click();
  await kiosk.getByTestId('service-tax').click();
}

describe('kiosk appointment check-in', () => {
  it('a booked code gets an appointment ticket; a made-up or used one is refused on screen', { timeout: 120_000 }, async () => {
    const manager = await hub.managerToken();
    const slotAt = await bookAppointment(hub, manager, { code: 'WEB-2026-0001', service: 'tax', name: '王*' });
    const context = await browser.newContext({ locale: 'zh-CN' });
    const kiosk = await openPage(context, `${hub.url}/kiosk?token=demo-kiosk`, { width: 1080, height: 1920 });

    await checkIn(kiosk, 'MADEUP-0001');
    const refused = kiosk.getByTestId('issue-error');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('没有这个预约码');
    await snap(kiosk, 'e2e', '40-kiosk-appointment-unknown');
    await kiosk.getByTestId('error-ok').click();
    expect(hub.hall.view.tickets.size).toBe(0);

    await kiosk.goto(`${hub.url}/kiosk`);
    await checkIn(kiosk, 'WEB-2026-0001');
    await kiosk.getByTestId('issued').waitFor();
    const id = (await kiosk.getByTestId('issued').getAttribute('data-ticket-id'))!;
    expect(hub.hall.view.tickets.get(id)).toMatchObject({ priority: 'appointment', appointment: { code: 'WEB-2026-0001', slotAt } });

    await kiosk.goto(`${hub.url}/kiosk`);
    await checkIn(kiosk, 'WEB-2026-0001');
    await kiosk.getByTestId('issue-error').waitFor();
    expect(await kiosk.getByTestId('issue-error').innerText()).toContain('已签到');
    await context.close();
  });
});
