// The report figures on hand-made tickets: counts by state, average and P90 wait and service time,
// share within target, ratings and satisfaction, grouping and order, hours of the day, ranges.
import { describe, expect, it } from 'vitest';
import { local, makeConfig, MINUTE } from '../engine/test-fixture.js';
import { buildHourly, buildReport, groupLabel, type ReportTicket } from './reports.js';

const config = makeConfig(); // household (A, target 20), tax, permit, social; counters 1–4; staff 1001–1003

type T = Partial<ReportTicket> & { at: string; wait?: number; walk?: number; service?: number; score?: number };

/** A ticket issued at local time `at` (2026-11-23 unless given), called `wait` min later, started after `walk`, finished after `service`. */
function ticket({ at, wait, walk = 0, service, score, ...rest }: T): ReportTicket {
  const issuedAt = local(at.includes(' ') ? at : `2026-11-23 ${at}`);
  const calledAt = wait === undefined ? null : issuedAt + wait * MINUTE;
  const startedAt = calledAt !== null && service !== undefined ? calledAt + walk * MINUTE : null;
  const finishedAt = startedAt !== null ? startedAt + service! * MINUTE : null;
  const state = rest.state ?? (finishedAt !== null ? 'done' : calledAt !== null ? 'called' : 'waiting');
  return {
    businessDay: '2026-11-23',
    serviceId: 'household',
    counterId: calledAt !== null ? '1' : null,
    staffNo: calledAt !== null ? '1001' : null,
    issuedAt,
    calledAt,
    startedAt,
    finishedAt,
    rating: score ? { score } : null,
    ...rest,
    state,
  };
}

const DAY = { from: '2026-11-23', to: '2026-11-23' };

describe('buildReport', () => {
  it('counts tickets by state, with no figures for an empty range', () => {
    const r = buildReport([], config, { ...DAY, by: 'service' });
    expect(r.rows).toEqual([]);
    expect(r.total).toMatchObject({ issued: 0, served: 0, avgWaitMin: null, p90WaitMin: null, withinTarget: null, satisfaction: null, avgScore: null });
  });

  it.each<[string, ReportTicket[], Record<string, unknown>]>([
    [
      'states: done, no-show, cancelled, and open ones',
      [
        ticket({ at: '09:00', wait: 5, service: 10 }),
        ticket({ at: '09:01', wait: 5, state: 'no-show' }),
        ticket({ at: '09:02', state: 'cancelled' }),
        ticket({ at: '09:03' }),
        ticket({ at: '09:04', wait: 1, state: 'held' }),
        ticket({ at: '09:05', wait: 2, service: 3, state: 'serving', finishedAt: null }),
      ],
      { issued: 6, served: 1, noShow: 1, cancelled: 1, open: 3, waited: 4 },
    ],
    [
      'waits: average and P90 over every called ticket, no-shows included, never-called excluded',
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 40].map((w, i) => ticket({ at: `09:${String(i).padStart(2, '0')}`, wait: w, state: i === 0 ? 'no-show' : 'called' })).concat(ticket({ at: '09:30' })),
      { waited: 10, avgWaitMin: 13, p90WaitMin: 18 },
    ],
    [
      'within target: a wait of exactly the target counts, one second more does not',
      [ticket({ at: '09:00', wait: 20 }), ticket({ at: '09:00', wait: 20 + 1 / 60 }), ticket({ at: '09:00', wait: 1 }), ticket({ at: '09:00', wait: 45 })],
      { withinTarget: 0.5 },
    ],
    [
      'service time: start → finish of served tickets only, walking time not included',
      [ticket({ at: '09:00', wait: 1, walk: 2, service: 6 }), ticket({ at: '09:00', wait: 1, walk: 5, service: 9 }), ticket({ at: '09:00', wait: 1, service: 100, state: 'cancelled' })],
      { served: 2, avgServiceMin: 7.5, p90ServiceMin: 9 },
    ],
    [
      'ratings: satisfaction = (5+4+3) / rated, unrated tickets left out, average score',
      [5, 4, 3, 2, 1, 5, 0].map((score, i) => ticket({ at: `10:0${i}`, wait: 1, service: 5, score })),
      { served: 7, rated: 6, notRated: 1, satisfied: 4, satisfaction: 0.6667, avgScore: 3.33, scores: [1, 1, 1, 1, 2] },
    ],
    [
      'minutes rounded to one decimal',
      [ticket({ at: '09:00', wait: 1 / 3 }), ticket({ at: '09:00', wait: 1 / 3 }), ticket({ at: '09:00', wait: 1 })],
      { avgWaitMin: 0.6, p90WaitMin: 1 },
    ],
  ])('%s', (_name, tickets, expected) => {
    const r = buildReport(tickets, config, { ...DAY, by: 'service' });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ key: 'household', label: { zh: '户籍' }, ...expected });
    expect(r.total).toMatchObject(expected);
  });

  it("uses each ticket's own service target for the share within target", () => {
    const c = makeConfig((input) => {
      input.services[1]!.targetWaitMin = 5; // tax
    });
    const r = buildReport([ticket({ at: '09:00', wait: 10 }), ticket({ at: '09:00', wait: 10, serviceId: 'tax' })], c, { ...DAY, by: 'service' });
    expect(r.rows.map((x) => [x.key, x.withinTarget])).toEqual([
      ['household', 1],
      ['tax', 0],
    ]);
    expect(r.total.withinTarget).toBe(0.5);
  });

  it('groups by service in config order, a removed service by its id at the end', () => {
    const r = buildReport(
      [ticket({ at: '09:00', serviceId: 'social' }), ticket({ at: '09:00', serviceId: 'gone' }), ticket({ at: '09:00' }), ticket({ at: '09:01' })],
      config,
      { ...DAY, by: 'service' },
    );
    expect(r.rows.map((x) => [x.key, x.issued, x.label.zh])).toEqual([
      ['household', 2, '户籍'],
      ['social', 1, '社保'],
      ['gone', 1, 'gone'],
    ]);
  });

  it('groups by counter in number order, tickets never called last', () => {
    const r = buildReport(
      [ticket({ at: '09:00', wait: 1, counterId: '10' }), ticket({ at: '09:00', wait: 1, counterId: '2' }), ticket({ at: '09:00' }), ticket({ at: '09:00', wait: 1, counterId: '2' })],
      config,
      { ...DAY, by: 'counter' },
    );
    expect(r.rows.map((x) => [x.key, x.issued])).toEqual([
      ['2', 2],
      ['10', 1],
      [null, 1],
    ]);
    expect(r.rows[0]!.label).toEqual({ zh: '2号窗口', en: 'Counter 2' });
    expect(r.rows[2]!.label).toEqual({ zh: '未叫号', en: 'Not called' });
  });

  it('groups by staff with names, and by business day in date order', () => {
    const tickets = [
      ticket({ at: '2026-11-24 09:00', businessDay: '2026-11-24', wait: 3, service: 5, staffNo: '1002', score: 5 }),
      ticket({ at: '09:00', wait: 3, service: 5, score: 2 }),
      ticket({ at: '09:10', wait: 3, service: 5 }),
    ];
    const staff = buildReport(tickets, config, { from: '2026-11-23', to: '2026-11-24', by: 'staff' });
    expect(staff.rows.map((x) => [x.key, x.label.zh, x.served, x.satisfaction])).toEqual([
      ['1001', '张三（1001）', 2, 0],
      ['1002', '李四（1002）', 1, 1],
    ]);
    const days = buildReport(tickets, config, { from: '2026-11-23', to: '2026-11-24', by: 'day' });
    expect(days.rows.map((x) => [x.key, x.issued, x.rated])).toEqual([
      ['2026-11-23', 2, 1],
      ['2026-11-24', 1, 1],
    ]);
    expect(days.total).toMatchObject({ issued: 3, served: 3, rated: 2, satisfied: 1, satisfaction: 0.5, avgScore: 3.5 });
  });

  it('computes the total over all tickets, not as an average of the groups', () => {
    const tickets = [ticket({ at: '09:00', wait: 2 }), ticket({ at: '09:00', wait: 4 }), ticket({ at: '09:00', wait: 30, serviceId: 'tax', counterId: '2' })];
    const r = buildReport(tickets, config, { ...DAY, by: 'service' });
    expect(r.rows.map((x) => x.avgWaitMin)).toEqual([3, 30]);
    expect(r.total.avgWaitMin).toBe(12);
    expect(r.total.p90WaitMin).toBe(30);
  });

  it('names groups in both languages', () => {
    expect(groupLabel('counter', '1', makeConfig((i) => void (i.counters[0]!.name = { zh: '1号窗口 户籍', en: 'Counter 1 · ID' })))).toEqual({ zh: '1号窗口 户籍', en: 'Counter 1 · ID' });
    expect(groupLabel('staff', '9999', config)).toEqual({ zh: '9999' });
    expect(groupLabel('day', '2026-11-23', config)).toEqual({ zh: '2026-11-23' });
  });
});

describe('buildHourly', () => {
  it('counts arrivals and averages waits by local hour of issue', () => {
    const h = buildHourly(
      [
        ticket({ at: '09:00', wait: 10 }),
        ticket({ at: '09:59', wait: 20 }),
        ticket({ at: '09:30' }),
        ticket({ at: '13:30', wait: 4 }),
        ticket({ at: '2026-11-24 09:15', businessDay: '2026-11-24', wait: 6 }),
      ],
      'Asia/Shanghai',
      { from: '2026-11-23', to: '2026-11-24' },
    );
    expect(h.days).toBe(2);
    expect(h.hours).toHaveLength(24);
    expect(h.hours[9]).toEqual({ hour: 9, issued: 4, waited: 3, avgWaitMin: 12 });
    expect(h.hours[13]).toEqual({ hour: 13, issued: 1, waited: 1, avgWaitMin: 4 });
    expect(h.hours[10]).toEqual({ hour: 10, issued: 0, waited: 0, avgWaitMin: null });
    expect(h.hours.reduce((a, x) => a + x.issued, 0)).toBe(5);
  });
});
