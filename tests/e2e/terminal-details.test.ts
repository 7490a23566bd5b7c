// Small things a hall sees in real Chromium: department names, materials and device names in English
// mode (kiosk, dashboard); the dashboard's charts say "nothing yet" in words instead of drawing bare
// axes; the settings offer the booking system (预约系统) as a device kind and issue it a token.
import { describe, expect, it } from 'vitest';
import { snap, useHubInBrowser } from '../support/browser.js';

const e2e = useHubInBrowser();
const DASHBOARD = { width: 1366, height: 768 };

describe('the dashboard of a hall with no tickets yet', () => {
  it('labels each empty chart, and draws the arrivals once a ticket is issued', { timeout: 90_000 }, async () => {
    const page = await e2e.dashboard(DASHBOARD);
    for (const [chart, text] of [
      ['chart-arrivals', '所选时段内暂无取号'],
      ['chart-wait', '所选时段内暂无叫号'],
      ['chart-satisfaction', '所选时段内暂无评价'],
    ] as const) {
      await expect.poll(() => page.getByTestId(`${chart}-empty`).textContent().catch(() => null), { timeout: 20_000 }).toContain(text);
      expect(await page.getByTestId(chart).getAttribute('data-empty')).toBe('true');
      // The label is seen, not hidden behind the (hidden) canvas.
      expect(await page.getByTestId(`${chart}-empty`).isVisible()).toBe(true);
    }
    await snap(page, 'e2e', '50-dashboard-empty-charts');
    const r = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } });
    expect(r.status).toBe(201);
    await expect.poll(() => page.getByTestId('chart-arrivals').getAttribute('data-empty'), { timeout: 20_000 }).toBe('false');
    expect(await page.getByTestId('chart-arrivals-empty').count()).toBe(0);
    await page.context().close();
  });
});

describe('English mode', () => {
  it('the kiosk shows departments and the materials to bring in English, Chinese in Chinese', { timeout: 90_000 }, async () => {
    const context = await e2e.newContext();
    const kiosk = await e2e.open('/kiosk?token=demo-kiosk&lang=en', { width: 1920, height: 1080 }, context);
    await kiosk.getByTestId('zone-F1').click();
    await expect.poll(() => kiosk.getByTestId('dept-人社局').innerText()).toBe('HR & Social Security');
    expect(await kiosk.getByTestId('service-dept-household').innerText()).toBe('Public Security');
    await kiosk.getByTestId('service-household').click();
    await kiosk.getByTestId('issued').waitFor();
    expect(await kiosk.getByTestId('issued-note').innerText()).toContain('Bring your household register');
    await snap(kiosk, 'e2e', '51-kiosk-en-departments');
    await context.close();

    const zh = await e2e.newContext();
    const kioskZh = await e2e.open('/kiosk?token=demo-kiosk&lang=zh', { width: 1920, height: 1080 }, zh);
    await kioskZh.getByTestId('zone-F1').click();
    await expect.poll(() => kioskZh.getByTestId('dept-人社局').innerText()).toBe('人社局');
    expect(await kioskZh.getByTestId('service-dept-household').innerText()).toBe('公安局');
    await zh.close();
  });

  it("the dashboard's device list names the devices in English", { timeout: 90_000 }, async () => {
    const page = await e2e.dashboard(DASHBOARD, { tab: 'devices', query: '?lang=en' });
    await expect.poll(() => page.getByTestId('device-name-kiosk-1').innerText().catch(() => null), { timeout: 20_000 }).toBe('Floor 1 kiosk');
    expect(await page.getByTestId('device-name-pad-1').innerText()).toBe('Counter 1 rating pad');
    await page.context().close();
  });
});

describe('settings', () => {
  it('offer the booking system as a device kind and give it a token', { timeout: 90_000 }, async () => {
    const page = await e2e.dashboard(DASHBOARD, { tab: 'settings' });
    await page.getByTestId('settings-devices').waitFor();
    const kinds = await page.getByTestId('device-new-kind').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(kinds).toContain('booking');
    await page.getByTestId('device-new-id').fill('booking-web');
    await page.getByTestId('device-new-kind').selectOption('booking');
    // A booking system calls in with its token: there is no address to give.
    expect(await page.getByTestId('device-new-address').count()).toBe(0);
    await page.getByTestId('device-add').click();
    await expect.poll(() => page.getByTestId('device-token').getAttribute('data-device'), { timeout: 20_000 }).toBe('booking-web');
    expect((await page.getByTestId('device-token-value').inputValue()).length).toBeGreaterThan(20);
    expect(e2e.hub.hall.config.devices.find((d) => d.id === 'booking-web')).toMatchObject({ kind: 'booking' });
    await page.context().close();
  });
});
