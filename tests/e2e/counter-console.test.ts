// The counter console in real Chromium against a real hub: the waiting list is in the order "call next"
// takes it, the buttons follow the hub's allowed actions (a disabled one says why), the transfer
// dialog offers the open counters that serve the service, a reload keeps the session, and a staff
// member signed out by the hub is told why on the login screen, in Chinese and in English.
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { openPage, snap, useHubInBrowser } from '../support/browser.js';

// A slow shared machine: each test walks several screens.
vi.setConfig({ testTimeout: 90_000 });

// The demo hall in real time, one Chromium, a zh-CN context (tests/support/browser.ts).
const env = useHubInBrowser();

const COUNTER = { width: 1366, height: 768 };
const testid = (page: Page, id: string) => page.getByTestId(id);

async function loginAt(counter: string, staffNo: string, lang = 'zh'): Promise<Page> {
  const page = await openPage(env.context, `${env.hub.url}/counter?counter=${counter}&lang=${lang}`, COUNTER);
  await testid(page, 'login-staff').fill(staffNo);
  await testid(page, 'login-pin').fill('1234');
  await testid(page, 'login-submit').click();
  await testid(page, 'btn-call').waitFor();
  return page;
}

const issue = async (serviceId: string, priority?: string) => {
  const r = await env.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId, ...(priority ? { priority } : {}) } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.number as string;
};

/** The waiting list's numbers, top to bottom. */
const listed = (page: Page) => testid(page, 'waiting-list').locator('li.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.testid!.replace('waiting-', '')));

describe('the waiting list is in call order', () => {
  it('lists the main service before an earlier ticket of the second one, and F1 calls the first listed every time', async () => {
    // Counter 1: 社保 (A) first, 医保 (B) second. B arrives first; then two A, one of them green channel.
    const b = await issue('medical-insurance');
    const a1 = await issue('social-security');
    const a2 = await issue('social-security', 'green');
    const page = await loginAt('1', '1001');
    await expect.poll(() => listed(page)).toEqual([a2, a1, b]);
    expect(await testid(page, `waiting-${a2}`).getAttribute('data-next')).toBe('true');
    await snap(page, 'counter', 'waiting-in-call-order');
    for (let i = 0; i < 3; i++) {
      const first = (await listed(page))[0]!;
      await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
      await page.keyboard.press('F1');
      await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe(first);
      await expect.poll(() => testid(page, 'btn-finish').isEnabled()).toBe(true);
      await page.keyboard.press('F5');
      await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe('—');
      await expect.poll(async () => (await listed(page)).includes(first)).toBe(false);
    }
    await page.close();
  });
});

describe("the buttons are the hub's answer", () => {
  it('enables what the hub allows, says why the rest is refused, and keeps the session over a reload', async () => {
    const number = await issue('household');
    const page = await loginAt('5', '1005');
    // Idle: call, call a number and pause; nothing in hand to recall or finish.
    await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
    expect(await testid(page, 'btn-recall').isDisabled()).toBe(true);
    expect(await testid(page, 'btn-recall').getAttribute('data-refusal')).toContain('5');
    expect(await testid(page, 'btn-pause').isEnabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe(number);
    // Called: recall, no-show, start, finish, transfer, hold; no pause with a ticket in hand.
    await expect.poll(() => testid(page, 'btn-recall').isEnabled()).toBe(true);
    for (const b of ['skip', 'start', 'finish', 'transfer', 'hold']) expect(await testid(page, `btn-${b}`).isEnabled(), b).toBe(true);
    expect(await testid(page, 'btn-pause').isDisabled()).toBe(true);
    expect(await testid(page, 'btn-call').isDisabled()).toBe(true);
    // The hub's recall limit (3 in the demo hall): the fourth is refused and the button says so.
    for (let i = 1; i <= 3; i++) {
      await expect.poll(() => testid(page, 'btn-recall').isEnabled()).toBe(true);
      await page.keyboard.press('F2');
      await expect.poll(() => testid(page, 'recalls').getAttribute('data-recalls')).toBe(String(i));
    }
    await expect.poll(() => testid(page, 'btn-recall').isDisabled()).toBe(true);
    expect(await testid(page, 'btn-recall').getAttribute('data-refusal')).toBeTruthy();
    // A reload keeps the session (sessionStorage): the console comes back with the ticket in hand.
    await page.reload();
    await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe(number);
    await page.keyboard.press('F5');
    await expect.poll(() => testid(page, 'btn-pause').isEnabled()).toBe(true);
    await page.close();
  });

  it('the transfer dialog offers only open counters that serve the service the ticket goes to', async () => {
    // Open: 2 (社保), 3 (医保, 社保 second), 4 (户籍); closed: the rest but those other tests opened.
    for (const [staff, c] of [['1002', '2'], ['1003', '3'], ['1004', '4']] as const) await env.hub.login(staff, c);
    const number = await issue('social-security');
    const page = await loginAt('1', '1001');
    await expect.poll(() => listed(page)).toContain(number);
    await page.keyboard.press('F8');
    await testid(page, 'call-number-input').fill(number);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe(number);
    // The number in hand and what may be done with it arrive together (the counter's desk): F6 at once,
    // without waiting for the button, opens the dialog.
    await page.keyboard.press('F6');
    await testid(page, 'transfer-service').waitFor();
    const offered = () => testid(page, 'transfer-counter').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
    const expected = (service: string) =>
      env.hub.hall.config.counters
        .filter((k) => k.id !== '1' && env.hub.hall.view.counters.get(k.id)!.state !== 'closed' && k.services.some((s) => s.service === service))
        .map((k) => k.id)
        .sort();
    expect(expected('social-security')).toEqual(['2', '3']);
    await expect.poll(async () => (await offered()).sort()).toEqual(expected('social-security'));
    await testid(page, 'transfer-service').selectOption('household');
    await expect.poll(async () => (await offered()).sort()).toEqual(expected('household'));
    expect(expected('household')).toContain('4');
    await snap(page, 'counter', 'transfer-dialog');
    await testid(page, 'transfer-counter').selectOption('4');
    await testid(page, 'transfer-confirm').click();
    await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe('—');
    expect(env.hub.hall.view.tickets.get([...env.hub.hall.view.tickets.values()].find((t) => t.number === number)!.id)).toMatchObject({ serviceId: 'household', targetCounterId: '4' });
    await page.close();
  });
});

describe('the ticket in hand comes with what may be done with it', () => {
  it("F6 right after F1 opens the transfer dialog, before the call's own answer is back", async () => {
    // Counter 9: 公积金 and 税务, which no other test issues.
    const number = await issue('housing-fund');
    const page = await loginAt('9', '1009');
    await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
    // The call's answer is held back until the dialog is open: the number and the allowed actions can
    // only have come by push, together.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/counters/9/call', async (route) => {
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.keyboard.press('F1');
    await expect.poll(async () => (await testid(page, 'current-number').innerText()).trim()).toBe(number);
    await page.keyboard.press('F6');
    await testid(page, 'transfer-service').waitFor();
    release();
    await testid(page, 'dialog-cancel').click();
    await page.close();
  });
});

describe('signed out by the hub: the login screen says why', () => {
  it.each([
    ['zh', '您的工号已在其他窗口登录'],
    ['en', 'You logged in at another counter'],
  ])('%s: logged in at another counter', async (lang, words) => {
    const page = await loginAt('11', '1011', lang);
    await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
    await env.hub.login('1011', '12');
    await testid(page, 'login-notice').waitFor();
    expect(await testid(page, 'login-notice').innerText()).toContain(words);
    await snap(page, 'counter', `signed-out-elsewhere-${lang}`);
    await page.close();
  });

  it.each([
    ['zh', '其他工作人员已在本窗口登录'],
    ['en', 'A colleague logged in at this counter'],
  ])('%s: a colleague took the counter', async (lang, words) => {
    const page = await loginAt('13', '1013', lang);
    await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
    await env.hub.login(lang === 'zh' ? '1014' : '1015', '13');
    await testid(page, 'login-notice').waitFor();
    expect(await testid(page, 'login-notice').innerText()).toContain(words);
    await page.close();
  });

  it('a manager set a new PIN', async () => {
    const page = await loginAt('16', '1016');
    await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
    const manager = await env.hub.managerToken();
    expect((await env.hub.api('POST', '/api/staff/1016/pin', { token: manager, body: { pin: '7391' } })).status).toBe(204);
    await testid(page, 'login-notice').waitFor();
    expect(await testid(page, 'login-notice').innerText()).toContain('管理员已重设您的密码');
    await page.close();
  });
});
