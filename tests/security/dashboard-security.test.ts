// The dashboard's security tab in real Chromium: a manager sees a staff member's
// lockout, lifts it with one click, and the audit list shows the failures, the lockout and the lift.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { launchBrowser, snap } from '../support/browser.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({ config: { ...demoHallConfig(), http: { trustProxy: ['loopback'], allowedOrigins: [] } }, realTime: true });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
});

it('a manager lifts a lockout from the dashboard, and the audit list shows it', async () => {
  // Someone at 10.0.8.8 guesses staff 1006's PIN five times.
  for (let i = 0; i < 5; i++) await hub.api('POST', '/api/sessions', { body: { staffNo: '1006', pin: `5${i}31`, counter: '6' }, headers: { 'x-forwarded-for': '10.0.8.8' } });
  const blocked = await hub.api('POST', '/api/sessions', { body: { staffNo: '1006', pin: '1234', counter: '6' }, headers: { 'x-forwarded-for': '10.0.8.8' } });
  expect(blocked.status).toBe(429);

  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${hub.url}/dashboard#security`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('admin1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('security').waitFor();
  const key = 'account-client:staff:1006@10.0.8.8';
  const row = page.getByTestId(`lockout-${key}`);
  await row.waitFor();
  expect(await row.innerText()).toContain('10.0.8.8');
  await expect.poll(() => page.locator('[data-type="auth.login-failed"]').count()).toBe(5);
  expect(await page.locator('[data-type="auth.lockout"]').count()).toBe(1);
  await snap(page, 'security', 'dashboard-lockout');

  await page.getByTestId(`lockout-lift-${key}`).click();
  await row.waitFor({ state: 'detached' });
  await expect.poll(() => page.locator('[data-type="auth.lockout-lifted"]').count()).toBe(1);
  expect(await page.locator('[data-type="auth.lockout-lifted"]').innerText()).toContain('manager:admin');
  await page.getByTestId('audit-filter').selectOption('admin.');
  await expect.poll(() => page.locator('[data-type="auth.login-failed"]').count()).toBe(0);
  await context.close();

  const ok = await hub.api('POST', '/api/sessions', { body: { staffNo: '1006', pin: '1234', counter: '6' }, headers: { 'x-forwarded-for': '10.0.8.8' } });
  expect(ok.status).toBe(201);
});
