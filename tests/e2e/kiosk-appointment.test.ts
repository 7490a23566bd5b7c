// Appointment check-in at the kiosk in Chromium: a code the booking system fed in is checked in (an
// appointment ticket); a made-up code is refused and the kiosk shows why (APPOINTMENT_UNKNOWN), and a
// code checked in already is refused as used. The kiosk asks for no time: the booking's slot is the
// booking system's.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bookAppointment } from '../support/appointments.js';
import { snap, useHubInBrowser } from '../support/browser.js';

const e2e = useHubInBrowser();

async function checkIn(kiosk: Page, code: string): Promise<void> {
  await kiosk.getByTestId('appointment').click();
  // No time to pick: the booking's slot is the booking system's.
  expect(await kiosk.locator('[data-testid^="appt-slot-"]').count()).toBe(1);
  expect(await kiosk.getByTestId('appt-next').isDisabled()).toBe(true);
  await kiosk.getByTestId('appt-code').fill(code);
  await kiosk.getByTestId('appt-next').click();
  await kiosk.getByTestId('zone-F1').click();
  await kiosk.getByTestId('service-tax').click();
}

describe('kiosk appointment check-in', () => {
  it('a booked code gets an appointment ticket; a made-up or used one is refused on screen', { timeout: 120_000 }, async () => {
    const hub = e2e.hub;
    const manager = await hub.managerToken();
    const slotAt = await bookAppointment(hub, manager, { code: 'WEB-2026-0001', service: 'tax', name: '王*' });
    const context = await e2e.newContext();
    const kiosk = await e2e.open('/kiosk?token=demo-kiosk', { width: 1080, height: 1920 }, context);

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
