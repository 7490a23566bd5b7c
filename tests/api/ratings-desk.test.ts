// The ratings desk over real HTTP and a real SQLite file: rating requests from a business system with
// their case number (办件编号), explicit "not rated" outcomes when a window closes unanswered, the
// follow-up case of a bad rating (差评整改) through its warning, overdue state and closing, and the
// outcome rows waiting in the upload outbox with their idempotent ids (no platform configured here).
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../hub/hall.js';
import { useTestHub } from '../support/hub.js';

let staff: string;
let manager: string;

const hub = useTestHub();
beforeAll(async () => {
  staff = await hub.login('1001', '1');
  manager = await hub.managerToken();
});

async function finishedTicket(): Promise<{ id: string; number: string }> {
  const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
  await hub.api('POST', '/api/counters/1/call', { token: staff, body: {} });
  await hub.api('POST', '/api/counters/1/start', { token: staff, body: {} });
  await hub.api('POST', '/api/counters/1/finish', { token: staff, body: {} });
  return { id: t.body.id, number: t.body.number };
}

const outboxRow = (ticketId: string) =>
  hub.hall.store.db.prepare(`SELECT id, payload, sent_at FROM rating_outbox WHERE id = ?`).get(`${hub.hall.config.hall.id}:${ticketId}`) as { id: string; payload: string; sent_at: number | null } | undefined;
const summary = async () => (await hub.api('GET', '/api/ratings/summary', { token: manager })).body;
/** Moves the hall's clock and lets the hall notice (a new business day); sessions end, so log in again. */
const advance = async (ms: number) => {
  hub.clock.advance(ms);
  hub.hall.execute({ type: 'tick' }, SYSTEM);
  manager = await hub.managerToken();
};

describe('rating requests from a business system (办件编号)', () => {
  it('takes a request for the last finished ticket of a counter; the rating carries the case number upstream', async () => {
    const t = await finishedTicket();
    const r = await hub.api('POST', '/api/ratings/requests', { token: staff, body: { counterId: '1', caseNo: 'SB-2026-000123' } });
    expect(r.status).toBe(201);
    expect(r.body.request).toMatchObject({ ticketId: t.id, number: t.number, counterId: '1', caseNo: 'SB-2026-000123' });
    const rated = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: t.id, score: 4, items: { efficiency: 4, skill: 5, attitude: 4 } } });
    expect(rated.status).toBe(201);
    const row = outboxRow(t.id)!;
    expect(row.sent_at).toBeNull(); // no platform configured: it waits
    expect(JSON.parse(row.payload)).toMatchObject({
      id: row.id,
      ticketId: t.id,
      caseNo: 'SB-2026-000123',
      outcome: 'rated',
      score: 4,
      level: '满意',
      items: { efficiency: 4, skill: 5, attitude: 4 },
      staffNo: '1001',
      counterId: '1',
      // The web pad's screen (a hardware pad's keys would say 评价器按键).
      channel: '评价器屏幕',
    });
  });

  it.each<[string, () => Promise<Record<string, unknown>>, string | null, number, string]>([
    ['both ticketId and counterId', async () => ({ ticketId: 'abc', counterId: '1', caseNo: 'X1' }), 'staff', 400, 'BAD_INPUT'],
    ['no case number', async () => ({ counterId: '1' }), 'staff', 400, 'BAD_INPUT'],
    ['a case number with spaces', async () => ({ counterId: '1', caseNo: 'a b' }), 'staff', 400, 'BAD_INPUT'],
    ['an unknown ticket', async () => ({ ticketId: 'no-such-ticket', caseNo: 'X1' }), 'staff', 404, 'TICKET_UNKNOWN'],
    ['an unknown counter', async () => ({ counterId: '99', caseNo: 'X1' }), 'manager', 404, 'COUNTER_UNKNOWN'],
    ['a counter with nothing finished', async () => ({ counterId: '5', caseNo: 'X1' }), 'manager', 404, 'NOTHING_TO_RATE'],
    ['another counter’s ticket (staff)', async () => ({ counterId: '5', caseNo: 'X1' }), 'staff', 403, 'WRONG_COUNTER'],
    ['a rated ticket', async () => {
      const t = await finishedTicket();
      await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: t.id, score: 5 } });
      return { ticketId: t.id, caseNo: 'X1' };
    }, 'staff', 409, 'ALREADY_RATED'],
    ['no token', async () => ({ counterId: '1', caseNo: 'X1' }), null, 401, 'UNAUTHENTICATED'],
    ['a pad token', async () => ({ counterId: '1', caseNo: 'X1' }), 'pad', 403, 'FORBIDDEN'],
  ])('refuses %s', async (_name, makeBody, who, status, code) => {
    const body = await makeBody();
    const token = who === 'staff' ? staff : who === 'manager' ? manager : who === 'pad' ? 'demo-pad' : undefined;
    const r = await hub.api('POST', '/api/ratings/requests', { ...(token ? { token } : {}), body });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toEqual(expect.any(String));
  });
});

describe('not rated', () => {
  it('records a ticket nobody rated as not rated once its window closed — never a score', async () => {
    const before = (await summary()).outcomes;
    const t = await finishedTicket();
    expect(hub.ratings.sweep()).toBe(0); // the window is still open
    await advance((hub.hall.config.rules.ratingWindowMin + 1) * 60_000);
    expect(hub.ratings.sweep()).toBeGreaterThanOrEqual(1);
    const after = (await summary()).outcomes;
    expect(after.notRated).toBe(before.notRated + 1);
    expect(after.rated).toBe(before.rated);
    expect(JSON.parse(outboxRow(t.id)!.payload)).toMatchObject({ outcome: 'not-rated', score: null, level: '未评价' });
    expect((await hub.api('GET', `/api/tickets/${t.id}`)).body.rating).toBeNull();
    // A late rating is refused and changes nothing.
    const late = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: t.id, score: 5 } });
    expect(late.body.error.code).toBe('RATING_WINDOW_CLOSED');
    expect(hub.ratings.sweep()).toBe(0);
  });
});

describe('follow-up of a bad rating (差评整改)', () => {
  it('opens a case due in 15 working days, warns the day before, shows it overdue after, and closes it with the manager’s note', async () => {
    const t = await finishedTicket();
    const r = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: t.id, score: 1, reasons: ['attitude'], comment: '态度不好' } });
    expect(r.status).toBe(201);
    const list = await hub.api('GET', '/api/ratings/followups', { token: manager });
    const f = list.body.followups.find((x: any) => x.ticketId === t.id);
    // Monday 2026-11-23 + 15 working days (Mon–Fri in the demo hall).
    expect(f).toMatchObject({ number: t.number, score: 1, reasons: ['attitude'], comment: '态度不好', staffNo: '1001', counterId: '1', openedDay: '2026-11-23', dueDay: '2026-12-14', warnDay: '2026-12-11', status: 'open' });
    expect((await hub.api('GET', '/api/ratings/followups', { token: staff })).status).toBe(403);
    const alertsOf = async () => {
      const a = await hub.api('GET', '/api/alerts', { token: manager });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      return (a.body.alerts as any[]).filter((x) => x.kind === 'followup-due');
    };
    expect(await alertsOf()).toEqual([]);

    // Friday 2026-12-11, the working day before it is due: a warning.
    await advance(Date.UTC(2026, 11, 11, 2) - hub.clock.now());
    expect(hub.hall.view.businessDay).toBe('2026-12-11');
    expect((await alertsOf())[0]).toMatchObject({ severity: 'warning', values: { number: t.number, dueDay: '2026-12-14', status: 'due-soon' } });
    // Tuesday 2026-12-15: overdue, critical, counted.
    await advance(Date.UTC(2026, 11, 15, 2) - hub.clock.now());
    expect((await alertsOf())[0]).toMatchObject({ severity: 'critical', values: { status: 'overdue' } });
    expect((await summary()).followups).toMatchObject({ overdue: 1 });
    const overdue = await hub.api('GET', '/api/ratings/followups?status=overdue', { token: manager });
    expect(overdue.body.followups.map((x: any) => x.id)).toEqual([f.id]);

    const bad = await hub.api('POST', `/api/ratings/followups/${f.id}/close`, { token: manager, body: { rectification: '' } });
    expect(bad.status).toBe(400);
    const closed = await hub.api('POST', `/api/ratings/followups/${f.id}/close`, {
      token: manager,
      body: { rectification: '已约谈窗口人员，加强服务礼仪培训', callbackResult: '群众表示认可' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.followup).toMatchObject({ status: 'closed', closedBy: 'admin', rectification: '已约谈窗口人员，加强服务礼仪培训', callbackResult: '群众表示认可' });
    expect((await hub.api('POST', `/api/ratings/followups/${f.id}/close`, { token: manager, body: { rectification: 'x', callbackResult: 'y' } })).body.error.code).toBe('FOLLOWUP_CLOSED');
    expect((await hub.api('POST', '/api/ratings/followups/999999/close', { token: manager, body: { rectification: 'x', callbackResult: 'y' } })).status).toBe(404);
    expect(await alertsOf()).toEqual([]);
    expect((await summary()).followups).toMatchObject({ overdue: 0, closed: 1 });
  });
});
