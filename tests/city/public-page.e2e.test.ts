// The public /city page in Debian's Chromium on a phone (390×844), against a real central on a throwaway
// PostgreSQL with two real hubs shipping to it: it lists both centres with their addresses, open or
// closed, waiting by service and the estimated wait; it follows a ticket issued at a hall without a
// reload; it shows nothing personal (no ticket numbers, staff, comments); and nothing on it overlaps or
// is cut (tests/support/layout-check.js), in Chinese and in English. And the hub's own dashboard shows
// its shipping to the central (connected, backlog, last shipped seq).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForValue } from '../../devices/testing/wait.js';
import { launchBrowser } from '../support/browser.js';
import { cityHallConfig, FAST_UPSTREAM, hallTraffic, startTestCity, type TestCity } from '../support/central.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { checkLayout } from '../support/layout.js';

let city: TestCity;
let hubA: TestHub;
let hubB: TestHub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  city = await startTestCity();
  const tokenA = await city.addHall('hall-a', '甲镇便民服务中心', { tier: 'township', address: '甲镇人民路1号' });
  const tokenB = await city.addHall('hall-b', '乙镇便民服务中心', { tier: 'township', address: '乙镇解放路8号' });
  hubA = await startTestHub({ config: cityHallConfig('hall-a', '甲镇便民服务中心'), upstream: { ...FAST_UPSTREAM, settings: { url: city.central.url, token: tokenA } } });
  hubB = await startTestHub({ config: cityHallConfig('hall-b', '乙镇便民服务中心'), upstream: { ...FAST_UPSTREAM, settings: { url: city.central.url, token: tokenB } } });
  hallTraffic(hubA.hall, { issue: 9, serve: 3 });
  hallTraffic(hubB.hall, { issue: 4, serve: 1 });
  const manager = await city.managerToken();
  for (const [hub, id] of [[hubA, 'hall-a'], [hubB, 'hall-b']] as const)
    await waitForValue(
      async () => ((await city.api('GET', '/api/halls', { token: manager })).body.halls as any[]).find((h) => h.hallId === id),
      (h) => h?.lastSeq === hub.hall.lastSeq,
      `${id} shipped`,
    );
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await hubA?.stop();
  await hubB?.stop();
  await city?.stop();
}, 120_000);

const waitingAt = (hub: TestHub, serviceId?: string) => [...hub.hall.view.tickets.values()].filter((t) => t.state === 'waiting' && (!serviceId || t.serviceId === serviceId)).length;
const centre = (id: string) => page.locator(`[data-hall="${id}"]`);

describe('the public /city page on a phone', () => {
  it('lists both centres: address, open, waiting by service with the estimate', async () => {
    await page.goto(`${city.central.url}/city`);
    await centre('hall-a').waitFor({ timeout: 20_000 });
    await centre('hall-b').waitFor({ timeout: 20_000 });
    const a = centre('hall-a');
    expect(await a.locator('h2').innerText()).toContain('甲镇便民服务中心');
    expect(await a.locator('.addr').innerText()).toBe('甲镇人民路1号');
    expect(await a.locator('.pill').innerText()).toBe('办公中');
    expect(await a.locator('.total').innerText()).toBe(`等候 ${waitingAt(hubA)} 人`);
    const social = a.locator('li', { hasText: '社保业务' });
    const text = await social.innerText();
    expect(text).toContain(`等候 ${waitingAt(hubA, 'social-security')} 人`);
    expect(text).toMatch(/约 \d+ 分钟|暂无窗口/);
    expect(await centre('hall-b').locator('.total').innerText()).toBe(`等候 ${waitingAt(hubB)} 人`);
  });

  it('follows a ticket issued at a hall without a reload', async () => {
    const before = waitingAt(hubA);
    const r = await hubA.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(r.status).toBe(201);
    // The page polls every 5 s (revalidating by ETag); the central checks its version once a second.
    await waitForValue(() => centre('hall-a').locator('.total').innerText(), (t) => t === `等候 ${before + 1} 人`, 'the page shows the new ticket', 30_000);
  });

  it('shows nothing personal', async () => {
    const shown = await page.locator('body').innerText();
    for (const hub of [hubA, hubB])
      for (const t of hub.hall.view.tickets.values()) {
        expect(shown).not.toContain(t.number);
        expect(shown).not.toContain(t.id);
      }
    expect(shown).not.toMatch(/100[0-9]|张三|13800000000|王芳/);
  });

  it('has no overlap or cut text, in Chinese and in English', async () => {
    const problems = await checkLayout(page, 'city-phone-zh');
    await page.goto(`${city.central.url}/city?lang=en`);
    await centre('hall-a').waitFor({ timeout: 20_000 });
    expect(await centre('hall-a').locator('.pill').innerText()).toBe('Open');
    problems.push(...(await checkLayout(page, 'city-phone-en')));
    expect(problems).toEqual([]);
  });
});

describe("the hub dashboard's overview", () => {
  it('shows the shipping to the central: connected, nothing waiting, the last shipped seq', async () => {
    const dash = await context.newPage();
    await dash.setViewportSize({ width: 1366, height: 900 });
    await dash.goto(`${hubA.url}/dashboard`);
    await dash.getByTestId('login-username').fill('admin');
    await dash.getByTestId('login-password').fill('admin1234');
    await dash.getByTestId('login-submit').click();
    const panel = dash.getByTestId('upstream-status');
    await panel.waitFor({ timeout: 20_000 });
    await waitForValue(() => dash.getByTestId('upstream-last-seq').innerText(), (t) => t === String(hubA.hall.lastSeq), 'the panel shows the last shipped seq', 30_000);
    expect(await dash.getByTestId('upstream-state').innerText()).toBe('已连接');
    expect(await dash.getByTestId('upstream-backlog').innerText()).toBe('0');
    await dash.close();
  });
});
