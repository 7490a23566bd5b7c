// The kiosk and the dashboard in real Chromium with the kiosk's printer on the emulator (TCP): the
// citizen sees "printed" next to the ticket, and the emulator has the number; with the paper out the
// kiosk still issues, shows the number with its QR code and says plainly that the printer cannot
// print; the manager edits the template with its SVG preview and sees the journal. Screenshots are
// kept in test-artifacts/printing/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { hallConfigSchema } from '../hub/config/schema.js';
import { snap, useHubInBrowser } from '../tests/support/browser.js';
import './driver.js';
import { startPrinterEmulator, type PrinterEmulator } from './emulator.js';

let printer: PrinterEmulator;

const e2e = useHubInBrowser({
  async hub() {
    printer = await startPrinterEmulator({ transport: 'tcp', family: 'escpos' });
    const config = demoHallConfig();
    config.devices.push({ id: 'printer-1', kind: 'printer', name: '一楼取号机打印机', kiosk: 'kiosk-1', address: printer.address } as never);
    return { config: hallConfigSchema.parse(config), realTime: true, devices: { link: { reconnect: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 } } } };
  },
  cleanup: async () => printer?.close(),
});

const testid = (page: Page, id: string) => page.getByTestId(id);

const open = (path: string, size: { width: number; height: number }) => e2e.open(path, size);

async function takeNumber(kiosk: Page): Promise<{ id: string; number: string }> {
  await testid(kiosk, 'zone-F1').click();
  await testid(kiosk, 'service-social-security').click();
  const issued = testid(kiosk, 'issued');
  await issued.waitFor();
  return { id: (await issued.getAttribute('data-ticket-id'))!, number: (await testid(kiosk, 'issued-number').innerText()).trim() };
}

async function printerState(state: string): Promise<void> {
  const manager = await e2e.hub.managerToken();
  await expect
    .poll(async () => ((await e2e.hub.api('GET', '/api/devices/health', { token: manager })).body.devices as any[]).find((d) => d.id === 'printer-1')?.state)
    .toBe(state);
}

describe('printing at the kiosk and in the dashboard', () => {
  it('the kiosk shows "printed" and the paper has the number; paper out: the screen is the ticket', async () => {
    await printerState('online');
    const kiosk = await open('/kiosk?token=demo-kiosk', { width: 1080, height: 1920 });
    const t = await takeNumber(kiosk);
    await expect.poll(() => testid(kiosk, 'printer-note').getAttribute('data-print-state')).toBe('printed');
    expect(await testid(kiosk, 'printer-note').innerText()).toContain('凭条已打印');
    await printer.waitForTickets(1);
    expect(printer.textLines().join('\n')).toContain(t.number);
    // The screen shows the very ticket on the paper, drawn by the hub from the template.
    const picture = testid(kiosk, 'ticket-printed-preview').locator('img');
    expect(await picture.getAttribute('src')).toBe(`/api/tickets/${t.id}/ticket.svg?width=80`);
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await snap(kiosk, 'printing', '01-kiosk-printed');
    await testid(kiosk, 'issued-done').click();

    await printer.control('paper-out');
    await printerState('offline');
    const t2 = await takeNumber(kiosk);
    await expect.poll(() => testid(kiosk, 'printer-note').getAttribute('data-print-state')).toBe('unavailable');
    const note = await testid(kiosk, 'printer-note').innerText();
    expect(note).toContain('打印机暂时无法出票');
    expect(note).toContain('请记住屏幕上的号码');
    expect(await testid(kiosk, 'issued-qr').getAttribute('data-url')).toContain(`/t/${t2.id}`);
    expect(await testid(kiosk, 'ticket-printed-preview').count()).toBe(0);
    expect(printer.total).toBe(1);
    await snap(kiosk, 'printing', '02-kiosk-printer-unavailable');
    await testid(kiosk, 'issued-done').click();

    await printer.control('paper-ok');
    await printerState('online');
    const t3 = await takeNumber(kiosk);
    await expect.poll(() => testid(kiosk, 'printer-note').getAttribute('data-print-state')).toBe('printed');
    await printer.waitForTickets(2);
    expect(printer.textLines().join('\n')).toContain(t3.number);
    expect(printer.textLines().join('\n')).not.toContain(t2.number);
    await kiosk.close();
  });

  it('the manager edits the template with its preview and sees the journal', async () => {
    const dashboard = await open('/dashboard#printing', { width: 1600, height: 1000 });
    await testid(dashboard, 'login-username').fill('admin');
    await testid(dashboard, 'login-password').fill('admin1234');
    await testid(dashboard, 'login-submit').click();
    await testid(dashboard, 'printing').waitFor();
    await expect.poll(() => testid(dashboard, 'print-template').inputValue()).toContain('{{number}}');
    await testid(dashboard, 'print-preview').waitFor();
    // The preview is the hub's SVG of the sample ticket.
    expect(await testid(dashboard, 'print-preview').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await testid(dashboard, 'print-width').selectOption('58');
    await expect.poll(() => testid(dashboard, 'print-preview').getAttribute('data-width')).toBe('58');
    expect(decodeURIComponent((await testid(dashboard, 'print-preview').getAttribute('src'))!)).toContain('width="384px"');

    // A template without the number is refused, in Chinese.
    await testid(dashboard, 'print-template').fill('没有号码');
    await testid(dashboard, 'print-save').click();
    await testid(dashboard, 'print-error').waitFor();
    await testid(dashboard, 'print-preview-error').waitFor();
    await testid(dashboard, 'print-template').fill('^^^{{number}}\n{{service}}\n欢迎光临');
    await testid(dashboard, 'print-save').click();
    await testid(dashboard, 'print-saved').waitFor();
    expect((await e2e.hub.api('GET', '/api/print/template', { token: await e2e.hub.managerToken() })).body.template).toContain('欢迎光临');
    await expect.poll(() => testid(dashboard, 'print-preview-error').count()).toBe(0);
    expect(decodeURIComponent((await testid(dashboard, 'print-preview').getAttribute('src'))!)).toContain('欢</tspan>');

    // The journal, newest first: the two printed tickets, done, and the one issued while the paper was
    // out, failed as not printed.
    await testid(dashboard, 'print-jobs').waitFor();
    const rows = dashboard.locator('[data-testid^="print-job-"]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')))).toEqual(['done', 'failed', 'done']);
    expect(await rows.nth(1).innerText()).toContain('未打印');
    // The printer's settings: a full cut and a beep from the next ticket on.
    await testid(dashboard, 'print-printers').waitFor();
    expect(await testid(dashboard, 'printer-printer-1').getAttribute('data-health')).toBe('online');
    await testid(dashboard, 'printer-printer-1-cut').selectOption('full');
    await testid(dashboard, 'printer-printer-1-beep').check();
    await testid(dashboard, 'printer-printer-1-save').click();
    await expect
      .poll(async () => ((await e2e.hub.api('GET', '/api/print/printers', { token: await e2e.hub.managerToken() })).body.printers as any[]).find((p) => p.id === 'printer-1')?.profile)
      .toMatchObject({ cut: 'full', beep: true, qr: 'native', commands: 'generic', chinese: true });
    await snap(dashboard, 'printing', '03-dashboard-printing');
    await testid(dashboard, 'print-reset').click();
    await expect.poll(() => testid(dashboard, 'print-template').inputValue()).toContain('一次性告知');
    await dashboard.close();
  });
});
