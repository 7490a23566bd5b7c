// The rating rules (政务服务"好差评"): five levels, one rating per finished ticket, within the window,
// reasons required for 1–2, never a default score; today's per-staff counts follow.
import { describe, expect, it } from 'vitest';
import { lastFinishedAt, ratingOpen } from './rating.js';
import type { Rating } from './types.js';
import { EngineHarness, MINUTE, makeConfig, refusal } from './test-fixture.js';

function served(minutesAgo = 0) {
  const hall = new EngineHarness();
  hall.login('1', '1001');
  const t = hall.issue('household');
  hall.callNext('1');
  hall.run({ type: 'start', counterId: '1' });
  hall.run({ type: 'finish', counterId: '1' });
  hall.advance(minutesAgo);
  return { hall, id: t.id };
}

const rating = (score: Rating['score'], extra: Partial<Omit<Rating, 'at'>> = {}): Omit<Rating, 'at'> => ({
  score,
  items: null,
  reasons: [],
  comment: null,
  source: 'pad',
  ...extra,
});

describe('rating a finished ticket', () => {
  it.each<[Rating['score'], string[], boolean]>([
    [5, [], true],
    [4, [], true],
    [3, [], true],
    [2, ['slow'], false],
    [1, ['attitude', 'long-wait'], false],
  ])('records score %i (reasons %j); satisfied = %s', (score, reasons, satisfied) => {
    const { hall, id } = served(1);
    const [e] = hall.run({ type: 'rate', ticketId: id, rating: rating(score, { reasons }) });
    expect(e).toMatchObject({ type: 'ticket.rated', ticket: { id, rating: { score, reasons, at: hall.now } } });
    expect(hall.state.staffDay.get('1001')).toEqual({ served: 1, rated: 1, satisfied: satisfied ? 1 : 0 });
  });

  it('leaves a ticket nobody rated as not rated: no default score', () => {
    const { hall, id } = served(30);
    expect(hall.ticket(id).rating).toBeNull();
    expect(hall.state.staffDay.get('1001')).toEqual({ served: 1, rated: 0, satisfied: 0 });
  });

  it.each<[string, number, Omit<Rating, 'at'>, string]>([
    ['a 2 without a reason', 1, rating(2), 'REASON_REQUIRED'],
    ['a 1 without a reason', 1, rating(1), 'REASON_REQUIRED'],
    ['an unknown reason', 1, rating(2, { reasons: ['bribery?'] }), 'REASON_UNKNOWN'],
    ['a rating after the window (10 min)', 11, rating(5), 'RATING_WINDOW_CLOSED'],
  ])('refuses %s', (_name, after, r, code) => {
    const { hall, id } = served(after);
    expect(refusal(() => hall.run({ type: 'rate', ticketId: id, rating: r })).code).toBe(code);
    expect(hall.ticket(id).rating).toBeNull();
  });

  it.each<[string, Omit<Rating, 'at'>]>([
    ['a hardware pad’s 2 without reasons (five keys, no screen to ask)', rating(2, { source: 'pad-hardware' })],
    ['a hardware pad’s 1 without reasons', rating(1, { source: 'pad-hardware' })],
    ['a hardware pad’s 2 recorded before pad-hardware (source keypad)', rating(2, { source: 'keypad' })],
    ['a 1 from the API with reasons and items', rating(1, { source: 'api', reasons: ['slow'], items: { efficiency: 1, skill: 3, attitude: 2 } })],
  ])('takes %s', (_name, r) => {
    const { hall, id } = served(1);
    expect(hall.run({ type: 'rate', ticketId: id, rating: r })).toHaveLength(1);
    expect(hall.ticket(id).rating).toMatchObject({ score: r.score, source: r.source, items: r.items });
  });

  it('takes a rating right at the end of the window', () => {
    const { hall, id } = served(10);
    expect(hall.run({ type: 'rate', ticketId: id, rating: rating(4) })).toHaveLength(1);
  });

  it('is idempotent for the same rating and refuses a different second one', () => {
    const { hall, id } = served(1);
    hall.run({ type: 'rate', ticketId: id, rating: rating(2, { reasons: ['slow'], comment: '太慢' }) });
    expect(hall.run({ type: 'rate', ticketId: id, rating: rating(2, { reasons: ['slow'], comment: '太慢' }) })).toEqual([]);
    expect(refusal(() => hall.run({ type: 'rate', ticketId: id, rating: rating(5) })).code).toBe('ALREADY_RATED');
    expect(hall.state.staffDay.get('1001')).toEqual({ served: 1, rated: 1, satisfied: 0 });
  });

  it('refuses tickets that are not finished, and unknown ones', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    const t = hall.issue('household');
    expect(refusal(() => hall.run({ type: 'rate', ticketId: t.id, rating: rating(5) })).code).toBe('TICKET_STATE');
    hall.callNext('1');
    expect(refusal(() => hall.run({ type: 'rate', ticketId: t.id, rating: rating(5) })).code).toBe('TICKET_STATE');
    expect(refusal(() => hall.run({ type: 'rate', ticketId: 'nope', rating: rating(5) })).code).toBe('TICKET_UNKNOWN');
  });

  it('honours a configured window', () => {
    const hall = new EngineHarness(makeConfig({ rules: { ratingWindowMin: 2 } }));
    hall.login('1', '1001');
    const t = hall.issue('household');
    hall.callNext('1');
    hall.run({ type: 'finish', counterId: '1' });
    hall.now += 2 * MINUTE + 1;
    expect(refusal(() => hall.run({ type: 'rate', ticketId: t.id, rating: rating(5) })).params).toMatchObject({ minutes: 2 });
  });

  it('counts the day per staff member and starts again the next day', () => {
    const { hall, id } = served(1);
    hall.run({ type: 'rate', ticketId: id, rating: rating(5) });
    hall.issue('household');
    hall.callNext('1');
    hall.run({ type: 'finish', counterId: '1' });
    expect(hall.state.staffDay.get('1001')).toEqual({ served: 2, rated: 1, satisfied: 1 });
    hall.now += 24 * 60 * MINUTE;
    hall.run({ type: 'tick' });
    expect(hall.state.staffDay.size).toBe(0);
  });
});

describe('which ticket a press is about, and whether it is still open', () => {
  it('the last ticket finished at the counter, open within the window, closed after it or once rated', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    const first = hall.issue('household');
    const second = hall.issue('household');
    for (let i = 0; i < 2; i++) {
      hall.callNext('1');
      hall.run({ type: 'start', counterId: '1' });
      hall.run({ type: 'finish', counterId: '1' });
      hall.advance(1);
    }
    expect(lastFinishedAt(hall.state, '1')?.id).toBe(second.id);
    expect(lastFinishedAt(hall.state, '2')).toBeUndefined();
    const t = hall.state.tickets.get(second.id)!;
    const window = hall.state.config.rules.ratingWindowMin;
    expect(ratingOpen(t, hall.now, window)).toBe(true);
    expect(ratingOpen(t, t.finishedAt! + window * MINUTE, window)).toBe(true);
    expect(ratingOpen(t, t.finishedAt! + window * MINUTE + 1, window)).toBe(false);
    expect(ratingOpen({ ...t, state: 'serving', finishedAt: null }, hall.now, window)).toBe(false);
    hall.run({ type: 'rate', ticketId: second.id, rating: rating(5) });
    expect(ratingOpen(hall.state.tickets.get(second.id)!, hall.now, window)).toBe(false);
    expect(first.id).not.toBe(second.id);
  });
});
