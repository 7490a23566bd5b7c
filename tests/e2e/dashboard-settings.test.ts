// End to end in real Chromium: a manager edits a service's names and adds a notice (公告), saved as
// one config change; and registers hall hardware in the dashboard's settings — an
// agent for the kiosk PC (its token shown once), then a USB printer on that agent printing for kiosk-1,
// and a HID rating pad at counter 6 on the same agent — and the hub's config holds them as entered.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { snap, useHubInBrowser } from '../support/browser.js';
import { checkLayout } from '../support/layout.js';

const e2e = useHubInBrowser();

/** A manager's dashboard on the settings tab. */
async function openSettings(): Promise<{ context: BrowserContext; page: Page }> {
  const page = await e2e.dashboard({ width: 1920, height: 1080 }, { tab: 'settings' });
  return { context: page.context(), page };
}

describe('dashboard settings', () => {
  it('an agent, a printer on it for the kiosk, and a hardware pad on it', async () => {
    const { context, page } = await openSettings();
    await page.getByTestId('settings-devices').waitFor();

    const form = async (fields: { id: string; kind: string; address?: string; agent?: string; kiosk?: string; counter?: string }) => {
      await page.getByTestId('device-new-id').fill(fields.id);
      await page.getByTestId('device-new-kind').selectOption(fields.kind);
      if (fields.counter) await page.getByTestId('device-new-counter').selectOption(fields.counter);
      if (fields.address) await page.getByTestId('device-new-address').fill(fields.address);
      if (fields.agent) await page.getByTestId('device-new-agent').selectOption(fields.agent);
      if (fields.kiosk) await page.getByTestId('device-new-kiosk').selectOption(fields.kiosk);
      await page.getByTestId('device-add').click();
    };

    // No agent yet: the "driven by" choice is not offered.
    await page.getByTestId('device-new-kind').selectOption('printer');
    expect(await page.getByTestId('device-new-agent').count()).toBe(0);

    await form({ id: 'agent-k1', kind: 'agent' });
    const token = page.getByTestId('device-token');
    await expect.poll(() => token.getAttribute('data-device')).toBe('agent-k1');
    expect((await page.getByTestId('device-token-value').inputValue()).length).toBeGreaterThan(20);
    await page.getByTestId('device-token-close').click();

    await form({ id: 'printer-k1', kind: 'printer', address: 'usb://0416:5011', agent: 'agent-k1', kiosk: 'kiosk-1' });
    await expect.poll(() => page.getByTestId('dev-edit-printer-k1').count()).toBe(1);
    await expect.poll(() => page.getByTestId('dev-edit-printer-k1').innerText()).toContain('agent-k1');

    await form({ id: 'pad-hid-6', kind: 'pad', counter: '6', address: 'hid://1a86:e026', agent: 'agent-k1' });
    await expect.poll(() => page.getByTestId('dev-edit-pad-hid-6').count()).toBe(1);
    // A driven pad has no token: nothing to rotate.
    expect(await page.getByTestId('device-rotate-pad-hid-6').count()).toBe(0);
    expect(await page.getByTestId('device-error').count()).toBe(0);
    // Its key map, as JSON: a typo is shown and not applied; a JSON object is saved with the settings.
    await page.getByTestId('dev-options-pad-hid-6').fill('{"keys": {"1": 5,');
    await page.getByTestId('dev-options-bad-pad-hid-6').waitFor();
    await page.getByTestId('dev-options-pad-hid-6').fill('{"keys":{"1":5,"2":4,"3":3,"4":2,"5":1}}');
    expect(await page.getByTestId('dev-options-bad-pad-hid-6').count()).toBe(0);
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    expect(e2e.hub.hall.config.devices.find((d) => d.id === 'pad-hid-6')?.options).toEqual({ keys: { '1': 5, '2': 4, '3': 3, '4': 2, '5': 1 } });
    await snap(page, 'e2e', '20-dashboard-devices');

    expect(e2e.hub.hall.config.devices.find((d) => d.id === 'printer-k1')).toMatchObject({ kind: 'printer', address: 'usb://0416:5011', agent: 'agent-k1', kiosk: 'kiosk-1' });
    expect(e2e.hub.hall.config.devices.find((d) => d.id === 'pad-hid-6')).toMatchObject({ kind: 'pad', counter: '6', address: 'hid://1a86:e026', agent: 'agent-k1' });
    expect(e2e.hub.hall.config.devices.find((d) => d.id === 'pad-hid-6')?.tokenSha256).toBeUndefined();
    await context.close();
  });

  it("edits a service's Chinese and English names and adds a notice, saved together", async () => {
    const { context, page } = await openSettings();
    await page.getByTestId('settings-notices').waitFor();

    await page.getByTestId('svc-name-social-security').fill('社会保障卡业务');
    await page.getByTestId('svc-name-en-social-security').fill('');
    await page.getByTestId('notice-new-text').fill('今日下午三点起暂停办理不动产登记');
    await page.getByTestId('notice-new-text-en').fill('Property registration stops at 15:00 today');
    await page.getByTestId('notice-add').click();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();

    const service = e2e.hub.hall.config.services.find((s) => s.id === 'social-security')!;
    expect(service.name).toEqual({ zh: '社会保障卡业务' });
    expect(e2e.hub.hall.config.notices.map((n) => n.text)).toEqual([{ zh: '今日下午三点起暂停办理不动产登记', en: 'Property registration stops at 15:00 today' }]);
    await context.close();
  });

  // The settings' and printing tab's tables (ui/data-table.tsx) at the counter PC's width, 1366 px: each
  // language in its own columns, nothing overlapping, cut or wrapped mid-word, in Chinese and English.
  // The window is made as tall as the page so every table is checked at once, none of it scrolled
  // under the sticky save bar (which covers what scrolls beneath it, on purpose).
  it.each(['zh', 'en'])('%s: every settings table and the printers table lay out 1366 px wide', { timeout: 120_000 }, async (lang) => {
    // A printer the hub cannot reach, so the printers table has a row with a state and its reason.
    const id = `printer-layout-${lang}`;
    const added = await e2e.hub.api('POST', '/api/devices', { token: await e2e.hub.managerToken(), body: { id, kind: 'printer', address: 'tcp://127.0.0.1:9' } });
    expect(added.status).toBe(201);
    const page = await e2e.dashboard({ width: 1366, height: 768 }, { tab: 'settings', query: `?lang=${lang}` });
    const tall = async () => page.setViewportSize({ width: 1366, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    const problems: string[] = [];
    for (const table of ['services-edit', 'counters-edit', 'notices', 'staff', 'devices-edit']) await page.getByTestId(table).waitFor();
    await tall();
    problems.push(...(await checkLayout(page, `dashboard-1366-${lang}-settings-tables`)));
    // The English names have columns of their own.
    expect(await page.getByTestId('devices-edit').locator('thead th').allInnerTexts()).toContain(lang === 'zh' ? '英文名称' : 'Name in English');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-printing').click();
    await page.getByTestId(`printer-${id}`).waitFor();
    await tall();
    problems.push(...(await checkLayout(page, `dashboard-1366-${lang}-printing-tables`)));
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
