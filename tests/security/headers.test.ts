// Headers and origins: every page of the hub, loaded in real Chromium under the
// hub's Content-Security-Policy (no 'unsafe-inline' for scripts or styles), raises no CSP violation —
// the dashboard is logged in and walked through every tab, the kiosk issues a ticket (QR image), the
// counter logs in. The policy is shown to be enforced (an injected inline script is reported). Security
// headers on pages and the API; REST refuses a foreign page's state-changing request and socket.io a
// foreign page's handshake, unless the config lists that origin.
import type { Browser, Page } from 'playwright-core';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { launchBrowser } from '../support/browser.js';
import { next, removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let browser: Browser;
let ticketId: string;

beforeAll(async () => {
  hub = await startTestHub({ config: demoHallConfig(), realTime: true });
  browser = await launchBrowser();
  ticketId = (await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).body.id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
});

/** A page that records every CSP violation (DOM event and console report) from its first script on. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return {
    page,
    violations: async () => [...((await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)) ?? []), ...consoleErrors],
  };
}

describe('Content-Security-Policy in Chromium', () => {
  const pages: Array<[string, string]> = [
    ['landing', '/'],
    ['kiosk', '/kiosk?token=demo-kiosk'],
    ['display', '/display?token=demo-display'],
    ['pad', '/pad?token=demo-pad'],
    ['virtual', '/virtual'],
    ['tracking', ''],
  ];
  for (const [name, path] of pages) {
    it(`${name}: no violation`, async () => {
      const { page, violations } = await watchedPage();
      const res = await page.goto(`${hub.url}${path || `/t/${ticketId}`}`, { waitUntil: 'networkidle' });
      expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
      // The page drew something from the hub (not an empty shell that never ran).
      await expect.poll(() => page.evaluate(() => document.body.innerText.trim().length)).toBeGreaterThan(0);
      expect(await violations()).toEqual([]);
      await page.context().close();
    });
  }

  it('kiosk: issuing a ticket (QR code image) raises none', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${hub.url}/kiosk?token=demo-kiosk`, { waitUntil: 'networkidle' });
    await page.getByTestId('zone-F1').click();
    await page.getByTestId('service-household').click();
    await page.getByTestId('issued-qr').waitFor({ timeout: 15_000 });
    expect(await violations()).toEqual([]);
    await page.context().close();
  });

  it('counter: logging in raises none', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${hub.url}/counter?counter=4`, { waitUntil: 'networkidle' });
    await page.getByTestId('login-staff').fill('1004');
    await page.getByTestId('login-pin').fill('1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-submit').waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
    await page.context().close();
  });

  it('dashboard: logged in, every tab (charts included) raises none', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${hub.url}/dashboard`, { waitUntil: 'networkidle' });
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('admin1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dashboard').waitFor();
    for (const tab of ['overview', 'reports', 'ratings', 'settings', 'devices', 'printing', 'security']) {
      await page.getByTestId(`nav-${tab}`).click();
      await expect.poll(() => page.getByTestId('dashboard').getAttribute('data-tab')).toBe(tab);
      await page.waitForLoadState('networkidle');
    }
    expect(await violations()).toEqual([]);
    await page.context().close();
  });

  it('is enforced: an inline script and an inline style attribute are reported and blocked', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${hub.url}/`, { waitUntil: 'networkidle' });
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __inline?: boolean; __csp: string[] };
      // Fenced on the browser's own reports, not a sleep: both refusals have been raised, so the
      // script's chance to run (synchronously, on insertion) is long past.
      const refused = new Set<string>();
      const both = new Promise<void>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => {
          refused.add(e.effectiveDirective.replace(/-(elem|attr)$/, ''));
          if (refused.has('script-src') && refused.has('style-src')) resolve();
        }),
      );
      const s = document.createElement('script');
      s.textContent = 'window.__inline = true';
      document.body.appendChild(s);
      const div = document.createElement('div');
      div.innerHTML = '<p style="color: red">x</p>';
      document.body.appendChild(div);
      await both;
      return w.__inline === true;
    });
    expect(ran).toBe(false);
    const seen = await violations();
    expect(seen.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(seen.some((v) => v.startsWith('style-src'))).toBe(true);
    await page.context().close();
  });
});

describe('security headers', () => {
  it('on pages, assets and the API', async () => {
    const html = await fetch(`${hub.url}/kiosk`);
    const asset = (await html.text()).match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    for (const path of ['/kiosk', asset, '/api/health', '/api/no-such-route']) {
      const r = await fetch(hub.url + path);
      const h = r.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('x-frame-options'), path).toBe('DENY');
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      const csp = h.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("style-src 'self'");
      // Plain HTTP: no HSTS (tests/security/tls.test.ts checks it over TLS).
      expect(h.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('origins', () => {
  const foreign = 'http://evil.example';

  it('REST: a foreign page cannot log in, issue or change anything; its GETs get no CORS grant', async () => {
    const login = await hub.api('POST', '/api/sessions', { body: { staffNo: '1001', pin: '1234', counter: '1' }, headers: { origin: foreign } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('CROSS_ORIGIN');
    const ticket = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' }, headers: { origin: 'null' } });
    expect(ticket.status).toBe(403);
    const get = await fetch(`${hub.url}/api/services`, { headers: { origin: foreign } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    // The hub's own pages (same host) and programs (no Origin) are served.
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' }, headers: { origin: hub.url } })).status).toBe(201);
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).status).toBe(201);
  });

  it('socket.io: a foreign page is refused at the handshake, even with a good token', async () => {
    const s = ioClient(hub.url, { auth: { token: 'demo-display' }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: foreign } });
    try {
      await next(s, 'connect_error');
      expect(s.connected).toBe(false);
    } finally {
      s.disconnect();
    }
    const own = ioClient(hub.url, { auth: { token: 'demo-display' }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: hub.url } });
    try {
      expect((await next(own, 'snapshot')).seq).toBeGreaterThan(0);
    } finally {
      own.disconnect();
    }
  });

  it('an origin the config lists is let in, with CORS for REST and socket.io', async () => {
    const manager = await hub.managerToken();
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    const portal = 'https://portal.example.gov.cn';
    expect((await hub.api('PUT', '/api/config', { token: manager, body: { ...config, http: { ...config.http, allowedOrigins: [portal] } } })).status).toBe(200);
    const pre = await fetch(`${hub.url}/api/tickets`, { method: 'OPTIONS', headers: { origin: portal, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(portal);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const t = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { origin: portal, authorization: 'Bearer demo-kiosk', 'content-type': 'application/json' }, body: '{"serviceId":"tax"}' });
    expect(t.status).toBe(201);
    expect(t.headers.get('access-control-allow-origin')).toBe(portal);
    const s = ioClient(hub.url, { auth: { token: 'demo-display' }, transports: ['polling'], reconnection: false, forceNew: true, extraHeaders: { origin: portal } });
    try {
      expect((await next(s, 'snapshot')).seq).toBeGreaterThan(0);
    } finally {
      s.disconnect();
    }
    // Still refused: any other origin.
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' }, headers: { origin: foreign } })).status).toBe(403);
  });
});
