// Layout of every web terminal at the screens halls buy, in real Chromium (Debian's, via
// playwright-core), in Chinese and English, and on the kiosk in both modes (standard and 长辈模式):
// no two visible controls overlap, no text is cut or spills out of its box, no label breaks inside a
// word, and the hall board's smallest text is at least 40 px at 1080p (26.7 px at 720p: 2.5 cm on a
// 55" TV read from 5 m). The measuring is tests/support/layout-check.js, run inside the page.
// Every screen checked is kept as a screenshot in test-artifacts/layout/ (CI keeps it as an artefact).
//
// One hub and one browser serve the whole file; the hall is seeded with waiting, called and served
// tickets so the boards, the counter and the dashboard have something to lay out.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { launchBrowser } from '../support/browser.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';
import { checkLayout } from '../support/layout.js';

// A slow shared machine: each test walks many screens.
vi.setConfig({ testTimeout: 90_000 });

let hub: TestHub;
let browser: Browser;
let context: BrowserContext;

type Size = { width: number; height: number };
const KIOSK: Size[] = [{ width: 1080, height: 1920 }, { width: 1920, height: 1080 }];
const COUNTER: Size = { width: 1366, height: 768 };
const BOARD: Size[] = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
const PAD: Size[] = [{ width: 800, height: 1280 }, { width: 1280, height: 800 }];
const PHONE: Size = { width: 390, height: 844 };
const DASHBOARD: Size = { width: 1366, height: 768 };
const LANGS = ['zh', 'en'] as const;

const sizeName = (s: Size) => `${s.width}x${s.height}`;
const testid = (page: Page, id: string) => page.getByTestId(id);

beforeAll(async () => {
  hub = await startTestHub({ config: demoHallConfig(), realTime: true });
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN' });
  // A morning's hall: people waiting for most services, some called, one served and rated.
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
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
});

async function open(path: string, size: Size, on: BrowserContext = context): Promise<Page> {
  const page = await on.newPage();
  await page.setViewportSize(size);
  await page.goto(hub.url + path);
  return page;
}

describe('kiosk', () => {
  for (const size of KIOSK) {
    for (const lang of LANGS) {
      for (const elderly of [false, true]) {
        const mode = elderly ? 'elderly' : 'standard';
        it(`${sizeName(size)} ${lang} ${mode}: home, every page of each floor's services, a ticket`, async () => {
          const problems: string[] = [];
          const base = `kiosk-${sizeName(size)}-${lang}-${mode}`;
          const page = await open(`/kiosk?token=demo-kiosk&lang=${lang}`, size);
          await testid(page, 'zone-F1').waitFor();
          if ((await testid(page, 'elderly-toggle').getAttribute('aria-pressed')) !== String(elderly)) await testid(page, 'elderly-toggle').click();
          await expect.poll(() => testid(page, 'kiosk').getAttribute('data-elderly')).toBe(String(elderly));
          problems.push(...(await checkLayout(page, `${base}-home`)));
          for (const zone of ['F1', 'F2']) {
            await testid(page, `zone-${zone}`).click();
            await testid(page, 'nav-back').waitFor();
            for (let n = 1; ; n++) {
              await page.waitForTimeout(400); // the screen's settle time (taps ignored), not a wait for data
              problems.push(...(await checkLayout(page, `${base}-${zone}-page${n}`)));
              const next = testid(page, 'page-next');
              if (!(await next.count()) || (await next.isDisabled())) break;
              await next.click();
            }
            await testid(page, 'nav-back').click();
            await testid(page, `zone-${zone}`).waitFor();
          }
          // The ticket screen: a number taken on floor 1.
          await page.waitForTimeout(400);
          await testid(page, 'zone-F1').click();
          await page.waitForTimeout(400);
          await testid(page, 'service-household').click();
          await testid(page, 'issued-qr').waitFor();
          problems.push(...(await checkLayout(page, `${base}-ticket`)));
          await page.close();
          expect(problems).toEqual([]);
        });
      }
    }
  }
});

describe('hall board', () => {
  for (const size of BOARD) {
    for (const lang of LANGS) {
      it(`${sizeName(size)} ${lang}: calls, counters and waiting readable from 5 m`, async () => {
        const page = await open(`/display?token=demo-display&lang=${lang}`, size);
        await testid(page, 'current-call-number').waitFor();
        const problems = await checkLayout(page, `board-${sizeName(size)}-${lang}`, { minFontPx: (40 * size.height) / 1080 });
        await page.close();
        expect(problems).toEqual([]);
      });
    }
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
      it(`${term.name} ${lang}: no token, then a wrong one, at each size`, async () => {
        const fresh = await browser.newContext({ locale: 'zh-CN' });
        const problems: string[] = [];
        try {
          for (const size of term.sizes) {
            for (const token of ['', 'not-a-token']) {
              const page = await open(`${term.path}?lang=${lang}${token ? `&token=${token}` : ''}`, size, fresh);
              await testid(page, 'token-screen').waitFor({ timeout: 10_000 });
              problems.push(...(await checkLayout(page, `token-${term.name}-${sizeName(size)}-${lang}-${token ? 'wrong' : 'none'}`)));
              await page.close();
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

describe('rating pad', () => {
  for (const size of PAD) {
    for (const lang of LANGS) {
      it(`${sizeName(size)} ${lang}: idle with the staff card, then the rating screen`, async () => {
        const problems: string[] = [];
        const page = await open(`/pad?token=demo-pad&lang=${lang}`, size);
        await testid(page, 'pad-idle').waitFor();
        const staff = await hub.login('1001', '1');
        await expect.poll(() => testid(page, 'staff-name').count()).toBe(1);
        problems.push(...(await checkLayout(page, `pad-${sizeName(size)}-${lang}-idle`)));
        await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
        await hub.api('POST', '/api/counters/1/call-number', { token: staff, body: { number: await firstWaiting('social-security') } });
        for (const a of ['start', 'finish']) await hub.api('POST', `/api/counters/1/${a}`, { token: staff, body: {} });
        await testid(page, 'pad-rate').waitFor();
        problems.push(...(await checkLayout(page, `pad-${sizeName(size)}-${lang}-rate`)));
        await page.close();
        await hub.api('DELETE', '/api/sessions/current', { token: staff });
        expect(problems).toEqual([]);
      });
    }
  }
});

async function firstWaiting(serviceId: string): Promise<string> {
  const t = [...hub.hall.view.tickets.values()].filter((x) => x.serviceId === serviceId && x.state === 'waiting').sort((a, b) => a.issuedAt - b.issuedAt)[0];
  if (!t) throw new Error(`nobody waiting for ${serviceId}`);
  return t.number;
}

describe('counter console', () => {
  for (const lang of LANGS) {
    it(`${sizeName(COUNTER)} ${lang}: login, then the console with a ticket in hand and the lists`, async () => {
      const problems: string[] = [];
      // Counter 6 (exit-entry, household) in Chinese, 7 (real estate, second-hand housing) in English.
      const counter = lang === 'zh' ? '6' : '7';
      const page = await open(`/counter?counter=${counter}&lang=${lang}`, COUNTER);
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
      await page.close();
      expect(problems).toEqual([]);
    });
  }
});

describe('phone tracking page', () => {
  for (const lang of LANGS) {
    it(`${sizeName(PHONE)} ${lang}: a waiting ticket`, async () => {
      const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'civil-affairs' } });
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
    it(`${sizeName(DASHBOARD)} ${lang}: login, then every tab`, async () => {
      const problems: string[] = [];
      const page = await open(`/dashboard?lang=${lang}`, DASHBOARD);
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
        problems.push(...(await checkLayout(page, `dashboard-${sizeName(DASHBOARD)}-${lang}-${tab}`)));
      }
      await page.close();
      expect(problems).toEqual([]);
    });
  }
});

describe('pages anyone can open', () => {
  for (const size of [DASHBOARD, PHONE]) {
    it(`${sizeName(size)}: the landing page`, async () => {
      const page = await open('/', size);
      await page.waitForLoadState('networkidle');
      const problems = await checkLayout(page, `landing-${sizeName(size)}`);
      await page.close();
      expect(problems).toEqual([]);
    });
    it(`${sizeName(size)}: an unknown address gets a real 404 page, and every page its icon`, async () => {
      const page = await open('/nosuchpage', size);
      await page.getByTestId('not-found').waitFor();
      expect(await page.title()).toContain('页面不存在');
      const problems = await checkLayout(page, `not-found-${sizeName(size)}`);
      await page.close();
      expect(problems).toEqual([]);
      const res = await fetch(`${hub.url}/nosuchpage`);
      expect(res.status).toBe(404);
      const icon = await fetch(`${hub.url}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
      // the API keeps its own JSON answers
      expect((await fetch(`${hub.url}/api/nosuchthing`)).headers.get('content-type')).toContain('json');
    });
  }
});

describe('counter transfer dialog', () => {
  it('offers only counters that are open and serve the service', async () => {
    const page = await open('/counter?counter=9&lang=zh', COUNTER);
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
    await page.close();
  });
});
