// The ticket preview as Chromium draws it (the dashboard and the kiosk show this SVG): the first line
// (the hall's name, double height) lies inside the image, not cut by its top edge, and the QR code
// keeps clear of its caption. Measured on the rendered SVG, for both paper widths and a custom template
// whose first line is the tallest receiptline prints. The picture is kept in test-artifacts/printing/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, snap } from '../tests/support/browser.js';
import { DEFAULT_TEMPLATE, fillTemplate, sampleTicket, toSvg } from './render.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Boxes (page px) of the SVG's outline, of each line of text and of the QR code, top to bottom. */
async function measure(svg: string) {
  await page.setContent(`<body style="margin:0">${svg}</body>`);
  return page.evaluate(() => {
    const root = document.querySelector('svg')!.getBoundingClientRect();
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, text: (e.textContent ?? '').replace(/\u00a0/g, ' ').trim() };
    };
    return {
      root: { top: root.top, bottom: root.bottom },
      lines: Array.from(document.querySelectorAll('svg text')).map(box).filter((b) => b.text),
      qr: Array.from(document.querySelectorAll('svg path')).map(box),
    };
  });
}

describe('the ticket preview', () => {
  for (const width of [80, 58] as const) {
    it(`${width} mm: the first line is inside the image and the QR code does not touch its caption`, async () => {
      const m = await measure(toSvg(fillTemplate(DEFAULT_TEMPLATE, sampleTicket()), { width }));
      await snap(page, 'printing', `preview-${width}mm`);
      const first = m.lines[0]!;
      expect(first.text).toBe(sampleTicket().hall);
      expect(first.top).toBeGreaterThanOrEqual(m.root.top + 4);
      expect(m.lines.at(-1)!.bottom).toBeLessThanOrEqual(m.root.bottom);
      expect(m.qr).toHaveLength(1);
      const caption = m.lines.find((l) => l.text.startsWith('扫码查看进度'))!;
      expect(caption.top - m.qr[0]!.bottom).toBeGreaterThanOrEqual(8);
    });
  }

  it('a template that opens with the tallest text still fits', async () => {
    const m = await measure(toSvg(fillTemplate('^^^^^^{{number}}\n{{hall}}', sampleTicket()), { width: 80 }));
    expect(m.lines[0]!.text).toBe(sampleTicket().number);
    expect(m.lines[0]!.top).toBeGreaterThanOrEqual(m.root.top);
  });
});
