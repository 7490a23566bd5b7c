// The web rating pad and the dashboard's ratings tab in real Chromium (Debian's, via playwright-core):
// the idle pad's staff card (亮身份: photo, name and staff number of who is logged in at its counter);
// a finished ticket rated 不满意 on the pad with a second-level item, a reason and a comment; its
// follow-up case (差评整改) closed by the manager in the dashboard; and a rating asked for by the
// counter's business system with its case number (办件编号), which prompts an idle pad, the rating
// then carrying the case number into the upload outbox. Screenshots go to test-artifacts/e2e/.
import { refsOf } from '../../hub/access/visibility.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { snap, useHubInBrowser } from '../support/browser.js';

let staff: string;

/** A 2×2 PNG (a staff photo small enough for the config's 300 characters). */
const PHOTO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==';

const e2e = useHubInBrowser({
  hub() {
    const config = demoHallConfig();
    // 1001 (王芳, logged in at counter 1 below) has a photo; 1002 (李娜) has none.
    config.staff[0]!.photo = PHOTO;
    return { config, realTime: true };
  },
  async seed(hub) {
    staff = await hub.login('1001', '1');
  },
});

const open = (path: string, size = { width: 1280, height: 800 }) => e2e.open(path, size);
const testid = (page: Page, id: string) => page.getByTestId(id);

async function serveOne(): Promise<{ id: string; number: string }> {
  const t = await e2e.hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
  for (const a of ['call', 'start', 'finish']) expect((await e2e.hub.api('POST', `/api/counters/1/${a}`, { token: staff, body: {} })).status).toBe(200);
  return { id: t.body.id, number: t.body.number };
}

describe('web pad ratings', () => {
  it('shows the staff card (亮身份) of who is logged in at its counter: photo, name and staff number', async () => {
    const pad = await open('/pad?token=demo-pad');
    await testid(pad, 'pad-idle').waitFor();
    await expect.poll(() => testid(pad, 'staff-name').innerText()).toBe('王芳');
    expect(await testid(pad, 'staff-no').innerText()).toBe('1001');
    const photo = testid(pad, 'staff-photo');
    expect(await photo.getAttribute('src')).toBe(PHOTO);
    expect(await photo.getAttribute('alt')).toBe('王芳');
    // The image really loaded (a broken one would fall back to the avatar).
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
    expect(await testid(pad, 'staff-avatar').count()).toBe(0);
    await snap(pad, 'e2e', 'pad-05-staff-card');
    // Another member of staff, without a photo, takes the counter over: the card follows, with the
    // name's first character in place of the photo.
    expect((await e2e.hub.api('DELETE', '/api/sessions/current', { token: staff })).status).toBe(204);
    await expect.poll(() => testid(pad, 'staff-name').count()).toBe(0);
    const other = await e2e.hub.login('1002', '1');
    await expect.poll(() => testid(pad, 'staff-name').innerText()).toBe('李娜');
    expect(await testid(pad, 'staff-no').innerText()).toBe('1002');
    expect(await testid(pad, 'staff-avatar').innerText()).toBe('李');
    expect(await testid(pad, 'staff-photo').count()).toBe(0);
    expect((await e2e.hub.api('DELETE', '/api/sessions/current', { token: other })).status).toBe(204);
    staff = await e2e.hub.login('1001', '1');
    await expect.poll(() => testid(pad, 'staff-name').innerText()).toBe('王芳');
    await pad.close();
  });

  it('rates a finished ticket 不满意 with an item, a reason and a comment; the manager closes its follow-up in the dashboard', async () => {
    const pad = await open('/pad?token=demo-pad');
    await testid(pad, 'pad-idle').waitFor();
    const t = await serveOne();
    // The pad knows the ticket by its screen key, never by its id (the citizen's tracking link).
    await expect.poll(() => testid(pad, 'pad-rate').getAttribute('data-ticket-id')).toBe(refsOf(e2e.hub.hall).ref(t.id));
    await testid(pad, 'item-efficiency-2').click();
    await testid(pad, 'rate-2').click();
    await testid(pad, 'pad-reasons').waitFor();
    await testid(pad, 'reason-slow').click();
    await testid(pad, 'pad-comment').fill('等了很久才办好');
    await snap(pad, 'e2e', 'pad-10-reasons');
    await testid(pad, 'rate-submit').click();
    await testid(pad, 'pad-thanks').waitFor();
    await expect.poll(() => e2e.hub.hall.view.tickets.get(t.id)?.rating?.score).toBe(2);
    expect(e2e.hub.hall.view.tickets.get(t.id)!.rating).toMatchObject({ score: 2, reasons: ['slow'], comment: '等了很久才办好', items: { efficiency: 2 }, source: 'pad' });
    expect((await e2e.hub.api('GET', `/api/tickets/${t.id}`)).body.rating).toMatchObject({ score: 2 });

    const dashboard = await open('/dashboard#ratings', { width: 1600, height: 1000 });
    await testid(dashboard, 'login-username').fill('admin');
    await testid(dashboard, 'login-password').fill('admin1234');
    await testid(dashboard, 'login-submit').click();
    await testid(dashboard, 'ratings').waitFor();
    const f = e2e.hub.ratings.followups().find((x) => x.ticketId === t.id)!;
    expect(f).toMatchObject({ status: 'open', staffNo: '1001', counterId: '1', number: t.number });
    const row = testid(dashboard, `followup-row-${f.id}`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('open');
    await expect.poll(async () => (await testid(dashboard, 'kpi-rated').innerText()).includes('1')).toBe(true);
    await testid(dashboard, `followup-close-${f.id}`).click();
    // Saving with nothing filled in shows the hub's refusal.
    await testid(dashboard, 'followup-save').click();
    await testid(dashboard, 'followup-error').waitFor();
    await testid(dashboard, 'followup-rectification').fill('窗口增派人手，高峰期开启综合窗口');
    await testid(dashboard, 'followup-callback').fill('已电话回访，群众满意');
    await snap(dashboard, 'e2e', 'dashboard-10-followup');
    await testid(dashboard, 'followup-save').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('closed');
    expect(e2e.hub.ratings.followups().find((x) => x.id === f.id)).toMatchObject({ status: 'closed', rectification: '窗口增派人手，高峰期开启综合窗口', callbackResult: '已电话回访，群众满意', closedBy: 'admin' });
    await pad.close();
    await dashboard.close();
  });

  it('sub-ratings (效率/水平/态度) can be set before and after the overall level; only 提交评价 sends', async () => {
    const pad = await open('/pad?token=demo-pad');
    await testid(pad, 'pad-idle').waitFor();
    const t = await serveOne();
    // The pad knows the ticket by its screen key, never by its id.
    await expect.poll(() => testid(pad, 'pad-rate').getAttribute('data-ticket-id')).toBe(refsOf(e2e.hub.hall).ref(t.id));
    expect(await testid(pad, 'rate-send').isDisabled()).toBe(true);
    await testid(pad, 'item-skill-4').click();
    await testid(pad, 'rate-4').click();
    // A level alone sends nothing: the screen stays, the level is marked as picked.
    expect(await testid(pad, 'rate-4').getAttribute('aria-pressed')).toBe('true');
    await testid(pad, 'item-attitude-5').click();
    expect(await testid(pad, 'pad-rate').count()).toBe(1);
    expect(e2e.hub.hall.view.tickets.get(t.id)?.rating ?? null).toBeNull();
    await snap(pad, 'e2e', 'pad-07-items-then-send');
    await testid(pad, 'rate-send').click();
    await testid(pad, 'pad-thanks').waitFor();
    await expect.poll(() => e2e.hub.hall.view.tickets.get(t.id)?.rating?.score).toBe(4);
    expect(e2e.hub.hall.view.tickets.get(t.id)!.rating).toMatchObject({ score: 4, items: { skill: 4, attitude: 5 } });
    await pad.close();
  });

  it('asks an idle pad for a rating when the business system requests one with its case number', async () => {
    const t = await serveOne();
    // A pad opened after the finish is idle: only the request makes it ask.
    const pad = await open('/pad?token=demo-pad');
    await testid(pad, 'pad-idle').waitFor();
    const r = await e2e.hub.api('POST', '/api/ratings/requests', { token: staff, body: { ticketId: t.id, caseNo: 'YB-20261123-0042' } });
    expect(r.status).toBe(201);
    // The pad knows the ticket by its screen key, never by its id (the citizen's tracking link).
    await expect.poll(() => testid(pad, 'pad-rate').getAttribute('data-ticket-id')).toBe(refsOf(e2e.hub.hall).ref(t.id));
    await testid(pad, 'rate-5').click();
    await testid(pad, 'rate-send').click();
    await testid(pad, 'pad-thanks').waitFor();
    await expect.poll(() => e2e.hub.hall.view.tickets.get(t.id)?.rating?.score).toBe(5);
    await expect
      .poll(() => {
        const row = e2e.hub.hall.store.db.prepare(`SELECT payload FROM rating_outbox WHERE id = ?`).get(`${e2e.hub.hall.config.hall.id}:${t.id}`) as { payload: string } | undefined;
        return row ? JSON.parse(row.payload) : null;
      })
      .toMatchObject({ caseNo: 'YB-20261123-0042', score: 5, outcome: 'rated' });
    await pad.close();
  });
});
