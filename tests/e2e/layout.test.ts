// Layout of every web terminal at the screens halls buy, in real Chromium (Debian's, via
// playwright-core), in Chinese and English, and on the kiosk in both modes (standard and 长辈模式):
// no two visible controls overlap, no text is cut or spills out of its box, no label breaks inside a
// word, and the hall board's smallest text is at least 40 px at 1080p (26.7 px at 720p: 2.5 cm on a
// 55" TV read from 5 m). The measuring is tests/support/layout-check.js, run inside the page.
// Every screen checked is kept as a screenshot in test-artifacts/layout/ (CI keeps it as an artefact).
//
// One hub and one browser serve the whole file (useHubInBrowser); the hall is seeded with waiting,
// called and served tickets so the boards, the counter and the dashboard have something to lay out.
// The screens are independent, so the file's tests run side by side (the browser mostly waits on
// rendering and the hub); what moves the hall's counters (the pad's staff and the counter consoles,
// the transfer dialog's list of open counters) runs in one sequential group. Each test keeps one page
// and resizes or re-navigates it instead of opening a new one per screen (a new page is a new renderer).
import type { BrowserContext, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { useHubInBrowser, type Size } from '../support/browser.js';
import { checkLayout } from '../support/layout.js';

const KIOSK: Size[] = [{ width: 1080, height: 1920 }, { width: 1920, height: 1080 }];
const COUNTER: Size = { width: 1366, height: 768 };
const BOARD: Size[] = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
const PAD: Size[] = [{ width: 800, height: 1280 }, { width: 1280, height: 800 }];
const PHONE: Size = { width: 390, height: 844 };
const DASHBOARD: Size = { width: 1366, height: 768 };
const LANGS = ['zh', 'en'] as const;

const sizeName = (s: Size) => `${s.width}x${s.height}`;
const testid = (page: Page, id: string) => page.getByTestId(id);

const e2e = useHubInBrowser({
  // Several screens at once on a loaded 2-core machine: a bound for a hung test, not a speed.
  testTimeoutMs: 240_000,
  // A morning's hall: people waiting for most services, some called, one served and rated.
  async seed(hub) {
    const kiosk = { token: 'demo-kiosk' };
    for (const serviceId of ['social-security', 'medical-insurance', 'household', 'real-estate', 'second-hand-housing', 'housing-fund', 'comprehensive', 'exit-entry', 'business-start', 'sole-trader']) {
      for (let i = 0; i < 3; i++) {
        const r = await hub.api('POST', '/api/tickets', { ...kiosk, body: { serviceId } });
        if (r.status !== 201) throw new Error(`seed ${serviceId}: ${JSON.stringify(r.body)}`);
      }
    }
    for (const c of ['2', '3', '4', '5', '10', '11']) {
      const staff = await hub.login(`10${c.padStart(2, '0')}`, c);
      await hub.api('POST', `/api/counters/${c}/call`, { token: staff, body: {} });
      if (c === '3') await hub.api('POST', `/api/counters/${c}/start`, { token: staff, body: {} });
    }
  },
});

const open = (path: string, size: Size, on?: BrowserContext) => e2e.open(path, size, on);

/** A page resized to `size`, once the page has laid itself out again (two frames: resize handlers, then paint). */
async function resize(page: Page, size: Size): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** The kiosk has settled after a screen change (its main area ignores taps for a moment: `.settling`). */
const settled = (page: Page) => page.locator('main.k-main:not(.settling)').waitFor();

describe.concurrent('every screen', () => {
  describe('kiosk', () => {
    for (const size of KIOSK) {
      for (const lang of LANGS) {
        for (const elderly of [false, true]) {
          const mode = elderly ? 'elderly' : 'standard';
          it(`${sizeName(size)} ${lang} ${mode}: home, every page of each floor's services, a ticket`, async ({ expect }) => {
            const problems: string[] = [];
            const base = `kiosk-${sizeName(size)}-${lang}-${mode}`;
            // A context of its own: the kiosk keeps its mode in local storage.
            const context = await e2e.newContext();
            const page = await open(`/kiosk?token=demo-kiosk&lang=${lang}`, size, context);
            await testid(page, 'zone-F1').waitFor();
            if ((await testid(page, 'elderly-toggle').getAttribute('aria-pressed')) !== String(elderly)) await testid(page, 'elderly-toggle').click();
            await expect.poll(() => testid(page, 'kiosk').getAttribute('data-elderly')).toBe(String(elderly));
            problems.push(...(await checkLayout(page, `${base}-home`)));
            for (const zone of ['F1', 'F2']) {
              await testid(page, `zone-${zone}`).click();
              await testid(page, 'nav-back').waitFor();
              for (let n = 1; ; n++) {
                await settled(page);
                problems.push(...(await checkLayout(page, `${base}-${zone}-page${n}`)));
                const next = testid(page, 'page-next');
                if (!(await next.count()) || (await next.isDisabled())) break;
                await next.click();
              }
              await testid(page, 'nav-back').click();
              await testid(page, `zone-${zone}`).waitFor();
            }
            // The ticket screen: a number taken on floor 1.
            await testid(page, 'zone-F1').click();
            await testid(page, 'service-household').click();
            await testid(page, 'issued-qr').waitFor();
            problems.push(...(await checkLayout(page, `${base}-ticket`)));
            await context.close();
            expect(problems).toEqual([]);
          });
        }
      }
    }
  });

  describe('hall board', () => {
    for (const lang of LANGS) {
      it(`${lang}, 1080p then 720p: calls, counters and waiting readable from 5 m`, async ({ expect }) => {
        const problems: string[] = [];
        const page = await open(`/display?token=demo-display&lang=${lang}`, BOARD[0]!);
        await testid(page, 'current-call-number').waitFor();
        for (const size of BOARD) {
          await resize(page, size);
          problems.push(...(await checkLayout(page, `board-${sizeName(size)}-${lang}`, { minFontPx: (40 * size.height) / 1080 })));
        }
        await page.close();
        expect(problems).toEqual([]);
      });
    }
  });

  // A terminal opened with a wrong token, or none (a fresh machine: nothing remembered), says so on a
  // screen of its own instead of "connecting…" for ever.
  describe('token screens', () => {
    const terminals = [
      { name: 'kiosk', path: '/kiosk', sizes: KIOSK },
      { name: 'board', path: '/display', sizes: BOARD },
      { name: 'pad', path: '/pad', sizes: PAD },
    ];
    for (const term of terminals) {
      for (const lang of LANGS) {
        it(`${term.name} ${lang}: no token, then a wrong one, at each size`, async ({ expect }) => {
          // A fresh machine: nothing remembered. No token first (a wrong one, once given, is remembered).
          const fresh = await e2e.newContext();
          const problems: string[] = [];
          try {
            const page = await fresh.newPage();
            for (const token of ['', 'not-a-token']) {
              await page.setViewportSize(term.sizes[0]!);
              await page.goto(`${e2e.hub.url}${term.path}?lang=${lang}${token ? `&token=${token}` : ''}`);
              await testid(page, 'token-screen').waitFor();
              for (const size of term.sizes) {
                await resize(page, size);
                problems.push(...(await checkLayout(page, `token-${term.name}-${sizeName(size)}-${lang}-${token ? 'wrong' : 'none'}`)));
              }
            }
          } finally {
            await fresh.close();
          }
          expect(problems).toEqual([]);
        });
      }
    }
  });

  describe('phone tracking page', () => {
    for (const lang of LANGS) {
      it(`${sizeName(PHONE)} ${lang}: a waiting ticket`, async ({ expect }) => {
        const t = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'civil-affairs' } });
        const page = await open(`/t/${t.body.id}?lang=${lang}`, PHONE);
        await testid(page, 'track-ahead').waitFor();
        const problems = await checkLayout(page, `phone-${sizeName(PHONE)}-${lang}`);
        await page.close();
        expect(problems).toEqual([]);
      });
    }
  });

  describe('dashboard', () => {
    for (const lang of LANGS) {
      it(`${sizeName(DASHBOARD)} ${lang}: login, then every tab`, async ({ expect }) => {
        const problems: string[] = [];
        // A context of its own: the dashboard keeps its session in local storage.
        const context = await e2e.newContext();
        const page = await open(`/dashboard?lang=${lang}`, DASHBOARD, context);
        await testid(page, 'login-username').waitFor();
        problems.push(...(await checkLayout(page, `dashboard-${sizeName(DASHBOARD)}-${lang}-login`)));
        await testid(page, 'login-username').fill('admin');
        await testid(page, 'login-password').fill('admin1234');
        await testid(page, 'login-submit').click();
        await testid(page, 'services').waitFor();
        for (const tab of ['overview', 'reports', 'ratings', 'settings', 'devices', 'printing']) {
          await testid(page, `nav-${tab}`).click();
          await expect.poll(() => testid(page, 'dashboard').getAttribute('data-tab')).toBe(tab);
          await page.waitForLoadState('networkidle');
          // The tab's data has arrived: no "loading" placeholder left (checking a placeholder checks nothing).
          await expect.poll(() => page.getByText(/^(加载中…|正在读取…|Loading…)$/).count()).toBe(0);
          problems.push(...(await checkLayout(page, `dashboard-${sizeName(DASHBOARD)}-${lang}-${tab}`)));
        }
        await context.close();
        expect(problems).toEqual([]);
      });
    }
  });

  describe('pages anyone can open', () => {
    it('the landing page, then an unknown address, at desktop and phone size', async ({ expect }) => {
      const problems: string[] = [];
      const page = await open('/', DASHBOARD);
      await page.waitForLoadState('networkidle');
      for (const size of [DASHBOARD, PHONE]) {
        await resize(page, size);
        problems.push(...(await checkLayout(page, `landing-${sizeName(size)}`)));
      }
      // An unknown address gets a real 404 page (bilingual, with the hall's icon), not "Cannot GET".
      await page.goto(`${e2e.hub.url}/nosuchpage`);
      await page.getByTestId('not-found').waitFor();
      expect(await page.title()).toContain('页面不存在');
      for (const size of [PHONE, DASHBOARD]) {
        await resize(page, size);
        problems.push(...(await checkLayout(page, `not-found-${sizeName(size)}`)));
      }
      await page.close();
      expect(problems).toEqual([]);
    });

    it('an unknown address is a 404, every page has its icon, the API keeps its JSON answers', async ({ expect }) => {
      const url = e2e.hub.url;
      const res = await fetch(`${url}/nosuchpage`);
      expect(res.status).toBe(404);
      const icon = await fetch(`${url}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
      expect((await fetch(`${url}/api/nosuchthing`)).headers.get('content-type')).toContain('json');
    });
  });

  // These move the hall's counters (a staff member signs in at the pad's counter; consoles call; the
  // transfer dialog lists the open counters): one at a time, beside the screens above.
  describe.sequential('counters and pads', () => {
    describe('rating pad', () => {
      for (const lang of LANGS) {
        it(`${lang}, portrait then landscape: idle with the staff card, then the rating screen`, async ({ expect }) => {
          const problems: string[] = [];
          const page = await e2e.context.newPage();
          for (const size of PAD) {
            // Opened afresh at each size: the rating screen stays until rated, the idle screen comes with a new page.
            await page.setViewportSize(size);
            await page.goto(`${e2e.hub.url}/pad?token=demo-pad&lang=${lang}`);
            await testid(page, 'pad-idle').waitFor();
            const staff = await e2e.hub.login('1001', '1');
            await expect.poll(() => testid(page, 'staff-name').count()).toBe(1);
            problems.push(...(await checkLayout(page, `pad-${sizeName(size)}-${lang}-idle`)));
            await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
            await e2e.hub.api('POST', '/api/counters/1/call-number', { token: staff, body: { number: firstWaiting('social-security') } });
            for (const a of ['start', 'finish']) await e2e.hub.api('POST', `/api/counters/1/${a}`, { token: staff, body: {} });
            await testid(page, 'pad-rate').waitFor();
            problems.push(...(await checkLayout(page, `pad-${sizeName(size)}-${lang}-rate`)));
            await e2e.hub.api('DELETE', '/api/sessions/current', { token: staff });
          }
          await page.close();
          expect(problems).toEqual([]);
        });
      }
    });

    describe('counter console', () => {
      for (const lang of LANGS) {
        it(`${sizeName(COUNTER)} ${lang}: login, then the console with a ticket in hand and the lists`, async ({ expect }) => {
          const problems: string[] = [];
          // Counter 6 (exit-entry, household) in Chinese, 7 (real estate, second-hand housing) in English.
          const counter = lang === 'zh' ? '6' : '7';
          const context = await e2e.newContext();
          const page = await open(`/counter?counter=${counter}&lang=${lang}`, COUNTER, context);
          await testid(page, 'login-staff').waitFor();
          problems.push(...(await checkLayout(page, `counter-${sizeName(COUNTER)}-${lang}-login`)));
          await testid(page, 'login-staff').fill(`100${counter}`);
          await testid(page, 'login-pin').fill('1234');
          await testid(page, 'login-submit').click();
          await testid(page, 'btn-call').waitFor();
          // F1, the console's key for "call next" (a click can race the list's re-render).
          await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
          await page.keyboard.press('F1');
          await expect.poll(() => testid(page, 'current-state').getAttribute('data-state')).toBe('called');
          problems.push(...(await checkLayout(page, `counter-${sizeName(COUNTER)}-${lang}-called`)));
          await testid(page, 'btn-transfer').click();
          await testid(page, 'transfer-service').waitFor();
          problems.push(...(await checkLayout(page, `counter-${sizeName(COUNTER)}-${lang}-transfer`)));
          await testid(page, 'dialog-cancel').click();
          await context.close();
          expect(problems).toEqual([]);
        });
      }
    });

    describe('counter transfer dialog', () => {
      it('offers only counters that are open and serve the service', async ({ expect }) => {
        const hub = e2e.hub;
        const context = await e2e.newContext();
        const page = await open('/counter?counter=9&lang=zh', COUNTER, context);
        await testid(page, 'login-staff').fill('1009');
        await testid(page, 'login-pin').fill('1234');
        await testid(page, 'login-submit').click();
        await expect.poll(() => testid(page, 'btn-call').isEnabled()).toBe(true);
        await page.keyboard.press('F1');
        await expect.poll(() => testid(page, 'current-state').getAttribute('data-state')).toBe('called');
        await testid(page, 'btn-transfer').click();
        const options = () => testid(page, 'transfer-counter').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
        await expect.poll(async () => (await options()).length).toBeGreaterThan(0);
        const offered = await options();
        // The ticket keeps its service unless another is chosen: the counters offered serve it.
        const service = hub.hall.view.tickets.get(hub.hall.view.counters.get('9')!.ticketId!)!.serviceId;
        const serves = (id: string) => hub.hall.config.counters.find((k) => k.id === id)!.services.some((x) => x.service === service);
        const openNow = [...hub.hall.view.counters.values()].filter((c) => c.state !== 'closed' && c.id !== '9' && serves(c.id)).map((c) => c.id);
        expect(offered.length).toBeGreaterThan(0);
        expect(offered.sort()).toEqual(openNow.sort());
        await context.close();
      });
    });
  });
});

function firstWaiting(serviceId: string): string {
  const t = [...e2e.hub.hall.view.tickets.values()].filter((x) => x.serviceId === serviceId && x.state === 'waiting').sort((a, b) => a.issuedAt - b.issuedAt)[0];
  if (!t) throw new Error(`nobody waiting for ${serviceId}`);
  return t.number;
}
