// The hall display in real Chromium (sound allowed without a tap, as on a hall TV): a call over HTTP
// updates the page by push and its voice queue fetches, decodes and schedules the clips of
// "请 A001 号到 3 号窗口办理" in order; a burst of calls is announced one after another without overlap,
// a recall is announced again; the clips come from the hub's /voice route. The page plays them at 4×
// speed (?rate=4): the same clips, decoded and played through the same Web Audio path, in a quarter of
// the time (a burst of four announcements took over 20 s at 1×).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announcementClips } from '../../display-board/voice/speech.js';
import type { PlayedAnnouncement } from '../../display-board/web/voice.js';
import { snap, useHubInBrowser } from '../support/browser.js';

let page: Page;

type Played = PlayedAnnouncement;

const e2e = useHubInBrowser({
  // A TV in a hall plays sound without anyone touching it first.
  browserArgs: ['--autoplay-policy=no-user-gesture-required'],
  async seed() {
    page = await e2e.open('/display?token=demo-display&rate=4', { width: 1920, height: 1080 });
    await page.getByTestId('clock').waitFor();
  },
});

const played = (p: Page) => p.evaluate(() => (window.__hallDisplay?.voice?.log ?? []) as unknown as Played[]);

async function waitPlayed(n: number): Promise<Played[]> {
  await page.waitForFunction((k) => {
    const log = (window.__hallDisplay?.voice?.log ?? []) as Array<{ state: string }>;
    return log.length >= k && log.slice(0, k).every((x) => x.state === 'done');
  }, n, { timeout: 80_000 });
  return played(page);
}

describe('hall display voice', () => {
  it('serves the clips', async () => {
    const r = await fetch(`${e2e.hub.url}/voice/zh/qing.wav`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect((await fetch(`${e2e.hub.url}/voice/zh/nope.wav`)).status).toBe(404);
  });

  it('a call updates the page and is announced: every clip decoded and scheduled in order', async () => {
    const staff = await e2e.hub.login('1003', '3');
    const issued = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(issued.body.number).toBe('A001');
    await e2e.hub.api('POST', '/api/counters/3/call', { token: staff });
    await expect.poll(() => page.getByTestId('current-call-number').innerText()).toContain('A001');
    expect(await page.getByTestId('current-call').getAttribute('data-flash')).toBe('1');
    const [first] = await waitPlayed(1);
    expect(first).toMatchObject({ kind: 'call', number: 'A001', counterId: '3', text: '请 A001 号到 3 号窗口办理' });
    const expected = announcementClips({ number: 'A001', counterId: '3' });
    expect(first!.clips).toEqual(expected);
    expect(first!.decoded).toEqual(expected);
    expect(first!.audio).toBe('running');
    expect(first!.schedule.map((s) => s.clip)).toEqual(expected);
    for (const s of first!.schedule) expect(s.duration).toBeGreaterThan(0);
    for (let i = 1; i < first!.schedule.length; i++) {
      const prev = first!.schedule[i - 1]!;
      expect(first!.schedule[i]!.at).toBeGreaterThanOrEqual(prev.at + prev.duration);
    }
    expect(await page.evaluate(() => window.__hallDisplay?.voice?.errors ?? ['no voice'])).toEqual([]);
    await snap(page, 'display-board', 'display-call-A001');
  }, 90_000);

  it('a burst of calls and a recall are announced one at a time, in order, never overlapping', async () => {
    const s1 = await e2e.hub.login('1001', '1');
    const s10 = await e2e.hub.login('1010', '10');
    for (const serviceId of ['social-security', 'comprehensive']) await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } });
    const c1 = await e2e.hub.api('POST', '/api/counters/1/call', { token: s1 });
    const c10 = await e2e.hub.api('POST', '/api/counters/10/call', { token: s10 });
    await e2e.hub.api('POST', '/api/counters/10/recall', { token: s10 });
    const log = await waitPlayed(4);
    expect(log.slice(1, 4).map((p) => [p.kind, p.number, p.counterId])).toEqual([
      ['call', c1.body.ticket.number, '1'],
      ['call', c10.body.ticket.number, '10'],
      ['recall', c10.body.ticket.number, '10'],
    ]);
    expect(log[2]!.text).toBe(`请 ${c10.body.ticket.number} 号到 10 号窗口办理`);
    expect(log[2]!.clips).toContain('zh/shi');
    // Each announcement starts after the one before it ended.
    for (let i = 1; i < 4; i++) {
      const before = log[i - 1]!.schedule.at(-1)!;
      expect(log[i]!.schedule[0]!.at).toBeGreaterThanOrEqual(before.at + before.duration);
      expect(log[i]!.decoded).toEqual(log[i]!.clips);
    }
    await expect.poll(() => page.getByTestId('counter-number-10').innerText()).toContain(c10.body.ticket.number);
  }, 90_000);

  it('keeps speaking after the browser suspended or closed its audio (a long day, a TV power-saving)', async () => {
    const before = (await played(page)).length;
    for (const [how, counterId] of [['suspend', '4'], ['close', '5']] as const) {
      const staff = await e2e.hub.login(`100${counterId}`, counterId);
      await page.evaluate(async (h) => {
        const voice = window.__hallDisplay?.voice as unknown as { ctx: AudioContext | null; unlock(): void };
        voice.unlock(); // makes the context if no call was announced yet
        while (!voice.ctx) await new Promise((r) => setTimeout(r, 10));
        await (h === 'suspend' ? voice.ctx.suspend() : voice.ctx.close());
      }, how);
      await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
      const c = await e2e.hub.api('POST', `/api/counters/${counterId}/call`, { token: staff });
      expect(c.status).toBe(200);
      const log = await waitPlayed(before + (how === 'suspend' ? 1 : 2));
      const last = log.at(-1)!;
      expect(last.number).toBe(c.body.ticket.number);
      expect(last.audio).toBe('running');
      expect(last.decoded).toEqual(last.clips);
    }
  }, 90_000);

  it('shows the recent calls, the waiting per service and the notice, all pushed', async () => {
    // The calls of the tests before, newest first.
    await expect.poll(() => page.getByTestId('recent-calls').innerText()).toContain('A001');
    expect(await page.getByTestId('recent-A001').count()).toBe(1);
    // A ticket issued: its service's waiting count goes up on the TV without a reload.
    const before = Number(await page.getByTestId('waiting-medical-insurance').getAttribute('data-waiting'));
    await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    await expect.poll(() => page.getByTestId('waiting-medical-insurance').getAttribute('data-waiting')).toBe(String(before + 1));
    // A notice saved by the manager scrolls along the bottom.
    const manager = await e2e.hub.managerToken();
    const config = (await e2e.hub.api('GET', '/api/config', { token: manager })).body;
    const notice = { id: 'n-move', text: { zh: '本周六上午正常办理不动产登记业务', en: 'Property registration open this Saturday morning' }, enabled: true };
    const put = await e2e.hub.api('PUT', '/api/config', { token: manager, body: { ...config, notices: [notice] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('本周六上午正常办理不动产登记业务');
    await snap(page, 'display-board', 'display-notice-and-waiting');
  });
});
