// Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (never a
// downloaded browser). Screenshots are kept as test artefacts in test-artifacts/. useHubInBrowser is the
// one set-up of a test file that drives the hub's pages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';
import { DEMO_MANAGER, demoHallConfig } from '../../hub/config/demo-hall.js';
import { removeDir, startTestHub, type TestHub, type TestHubOptions } from './hub.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Debian's Chromium, headless; `extraArgs` for a page that needs more (e.g. sound without a click). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Saves a screenshot under test-artifacts/<group>/<name>.png and returns its path. */
export async function snap(page: Page, group: string, name: string): Promise<string> {
  const dir = join(ARTIFACTS, group);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** A new page of `context` at `url`, with the screen size of the terminal it plays (a kiosk, a TV, a tablet). */
export async function openPage(context: BrowserContext, url: string, size: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.goto(url);
  return page;
}

export type Size = { width: number; height: number };

export interface HubInBrowser {
  /** The hub (the demo hall on the real clock unless told otherwise). */
  readonly hub: TestHub;
  readonly browser: Browser;
  /** A context shared by the file (zh-CN), for pages that need no separate storage. */
  readonly context: BrowserContext;
  /** A new context of its own (zh-CN unless told): its own storage, so its own session and language. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page of the hub at `path` (e.g. "/kiosk?token=demo-kiosk"), at a terminal's screen size. */
  open(path: string, size: Size, on?: BrowserContext): Promise<Page>;
  /** The manager's dashboard, logged in as the demo manager, on `tab` (a nav-<tab> button) when given. */
  dashboard(size: Size, options?: { tab?: string; on?: BrowserContext; query?: string }): Promise<Page>;
}

/**
 * The one set-up of an end-to-end test file: a hub and Debian's Chromium started before the file's
 * tests and stopped (data directory removed) after them. `hub` gives the hub's options (default: the demo
 * hall, real time); `seed` runs once the hub is up; `browserArgs` for pages that need more; `cleanup`
 * runs after the hub stopped (for what the options started, e.g. virtual devices). A test of such a
 * file walks several screens of a real browser: each may take up to `testTimeoutMs` (default 120 s, a
 * limit for a hung test on a loaded 2-core machine, not a speed the test asserts).
 */
export function useHubInBrowser(
  setup: {
    hub?: () => TestHubOptions | Promise<TestHubOptions>;
    seed?: (hub: TestHub) => Promise<void>;
    browserArgs?: string[];
    cleanup?: () => Promise<void>;
    timeoutMs?: number;
    testTimeoutMs?: number;
  } = {},
): HubInBrowser {
  vi.setConfig({ testTimeout: setup.testTimeoutMs ?? 120_000 });
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const must = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return x;
  };
  beforeAll(async () => {
    const options = setup.hub ? await setup.hub() : {};
    // The hub and the browser start side by side: each takes seconds on a loaded machine.
    [hub, browser] = await Promise.all([startTestHub({ config: demoHallConfig(), realTime: true, ...options }), launchBrowser(setup.browserArgs)]);
    context = await browser.newContext({ locale: 'zh-CN' });
    await setup.seed?.(hub);
  }, setup.timeoutMs ?? 90_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
    await setup.cleanup?.();
  });
  const api: HubInBrowser = {
    get hub() {
      return must(hub, 'the hub');
    },
    get browser() {
      return must(browser, 'the browser');
    },
    get context() {
      return must(context, 'the browser');
    },
    newContext: (options) => must(browser, 'the browser').newContext({ locale: 'zh-CN', ...options }),
    open: (path, size, on) => openPage(on ?? api.context, api.hub.url + path, size),
    async dashboard(size, { tab, on, query = '' } = {}) {
      const page = await api.open(`/dashboard${query}`, size, on ?? (await api.newContext()));
      await page.getByTestId('login-username').fill(DEMO_MANAGER.username);
      await page.getByTestId('login-password').fill(DEMO_MANAGER.password);
      await page.getByTestId('login-submit').click();
      if (tab) await page.getByTestId(`nav-${tab}`).click();
      return page;
    },
  };
  return api;
}
