// Runs the in-page layout check (layout-check.js) on a page and keeps a screenshot of what was checked
// under test-artifacts/layout/ (CI keeps that folder as an artefact; the README names it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { snap } from './browser.js';

const CHECK = readFileSync(join(import.meta.dirname, 'layout-check.js'), 'utf8');

export interface LayoutResult {
  problems: string[];
  smallestFontPx: number;
  controls: number;
  texts: number;
}

/**
 * Checks what `page` shows now and saves `test-artifacts/layout/<name>.png`. Returns the problems found,
 * each prefixed with the screen's name, so one assertion can list every page's.
 */
export async function checkLayout(page: Page, name: string, options: { minFontPx?: number } = {}): Promise<string[]> {
  // Fonts and images settle first: a fallback font measures differently from the one shown.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await snap(page, 'layout', name);
  const result = (await page.evaluate(`${CHECK.trim().replace(/;$/, '')}(${JSON.stringify(options)})`)) as LayoutResult;
  if (result.controls + result.texts === 0) return [`${name}: nothing on screen to check`];
  return result.problems.map((p) => `${name}: ${p}`);
}

/** The smallest visible text's size in px (the board read from across the hall). */
export async function smallestFontPx(page: Page): Promise<number> {
  const result = (await page.evaluate(`${CHECK.trim().replace(/;$/, '')}({})`)) as LayoutResult;
  return result.smallestFontPx;
}
