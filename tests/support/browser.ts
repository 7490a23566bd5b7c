// Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (never a
// downloaded browser). Screenshots are kept as test artefacts in test-artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
