// Reports, exports and alerts over real HTTP on a real hub: tickets issued, called, served, skipped,
// cancelled and rated through the API over two business days, then every figure checked exactly, the
// CSV and XLSX downloads read back, and who may ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONDAY_10AM, removeDir, startTestHub, type TestHub } from '../support/hub.js';

const FRIDAY_10AM = MONDAY_10AM - 3 * 86_400_000;
const MIN = 60_000;
const RANGE = 'from=2026-11-20&to=2026-11-23';

let hub: TestHub;
let manager: string;
let staff1: string;

async function ok(method: string, path: string, token: string, body: unknown = {}) {
  const r = await hub.api(method, path, { token, body });
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const issue = async (serviceId: string) => (await ok('POST', '/api/tickets', 'demo-kiosk', { serviceId })).id as string;
const act = (token: string, counter: string, action: string) => ok('POST', `/api/counters/${counter}/${action}`, token);
const rate = (ticketId: string, score: number, reasons?: string[]) => ok('POST', '/api/ratings', 'demo-pad', { ticketId, score, ...(reasons ? { reasons } : {}) });

beforeAll(async () => {
  hub = await startTestHub({ now: FRIDAY_10AM });

  // Friday 2026-11-20: one social-security ticket, waited 2 min, served 3, rated 4.
  let s1 = await hub.login('1001', '1');
  const fri = await issue('social-security');
  hub.clock.advance(2 * MIN);
  await act(s1, '1', 'call');
  await act(s1, '1', 'start');
  hub.clock.advance(3 * MIN);
  await act(s1, '1', 'finish');
  await rate(fri, 4);

  // Monday 2026-11-23 (the day rolls over; sessions of Friday are gone).
  hub.clock.set(MONDAY_10AM);
  s1 = staff1 = await hub.login('1001', '1');
  const s2 = await hub.login('1002', '2');
  manager = await hub.managerToken();
  const a1 = await issue('social-security'); // 10:00
  await issue('social-security'); // A002, 10:00
  const b1 = await issue('medical-insurance'); // 10:00
  hub.clock.advance(4 * MIN); // 10:04
  expect((await act(s1, '1', 'call')).ticket.id).toBe(a1); // wait 4
  await act(s1, '1', 'start');
  hub.clock.advance(6 * MIN); // 10:10
  await act(s1, '1', 'finish'); // service 6
  await rate(a1, 5);
  await act(s2, '2', 'call'); // A002, wait 10
  await act(s2, '2', 'skip'); // no-show
  expect((await act(s1, '1', 'call')).ticket.id).toBe(b1); // wait 10
  hub.clock.advance(1 * MIN); // 10:11
  await act(s1, '1', 'start');
  hub.clock.advance(9 * MIN); // 10:20
  await act(s1, '1', 'finish'); // service 9
  await rate(b1, 2, ['slow']);
  const a3 = await issue('social-security'); // 10:20
  await ok('POST', `/api/tickets/${a3}/cancel`, manager, { reason: '群众离开' });
  await issue('social-security'); // A004, 10:20
  hub.clock.advance(25 * MIN); // 10:45
  await act(s2, '2', 'call'); // A004, wait 25 (over the 20-min target)
  hub.clock.advance(5 * MIN); // 10:50
  await act(s2, '2', 'finish'); // finished without a start: service from the call, 5 min; not rated
});

afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
});

const get = (path: string, token = manager) => hub.api('GET', path, { token });

/**
 * The rating figures from how many ratings had each score (1 to 5): 满意率 is the share of levels 3 to 5
 * (shared/vocabulary.ts), rounded to 4 places; the average score to 2. Worked out here by that definition,
 * not by the hub's code, so the report's arithmetic is checked against it.
 */
function ratings(scores: [number, number, number, number, number], notRated: number) {
  const rated = scores.reduce((a, n) => a + n, 0);
  const satisfied = scores[2] + scores[3] + scores[4];
  const sum = scores.reduce((a, n, i) => a + n * (i + 1), 0);
  const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
  return { rated, notRated, satisfied, satisfaction: rated ? round(satisfied / rated, 4) : null, avgScore: rated ? round(sum / rated, 2) : null, scores };
}

const SOCIAL = {
  key: 'social-security',
  label: { zh: '社保业务', en: 'Social security' },
  issued: 5,
  served: 3,
  noShow: 1,
  cancelled: 1,
  open: 0,
  waited: 4,
  avgWaitMin: 10.3, // (2 + 4 + 10 + 25) / 4 = 10.25
  p90WaitMin: 25,
  withinTarget: 0.75,
  avgServiceMin: 4.7, // (3 + 6 + 5) / 3
  p90ServiceMin: 6,
  ...ratings([0, 0, 0, 1, 1], 1), // a 4 and a 5; A004 was served but not rated
};
const MEDICAL = {
  key: 'medical-insurance',
  issued: 1,
  served: 1,
  noShow: 0,
  cancelled: 0,
  open: 0,
  waited: 1,
  avgWaitMin: 10,
  p90WaitMin: 10,
  withinTarget: 1,
  avgServiceMin: 9,
  p90ServiceMin: 9,
  ...ratings([0, 1, 0, 0, 0], 0), // a 2
};
const TOTAL = {
  issued: 6,
  served: 4,
  noShow: 1,
  cancelled: 1,
  open: 0,
  waited: 5,
  avgWaitMin: 10.2, // (2 + 4 + 10 + 10 + 25) / 5
  p90WaitMin: 25,
  withinTarget: 0.8,
  avgServiceMin: 5.8, // (3 + 6 + 9 + 5) / 4 = 5.75
  p90ServiceMin: 9,
  ...ratings([0, 1, 0, 1, 1], 1), // a 2, a 4 and a 5
};

describe('GET /api/reports', () => {
  it('by service: every figure, and the total over the range', async () => {
    const r = await get(`/api/reports?${RANGE}&by=service`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: '2026-11-20', to: '2026-11-23', by: 'service', zone: null });
    expect(r.body.rows).toHaveLength(2);
    expect(r.body.rows[0]).toEqual(SOCIAL);
    expect(r.body.rows[1]).toMatchObject(MEDICAL);
    expect(r.body.total).toEqual(TOTAL);
  });

  it('by counter and by staff: who called and served; the cancelled ticket was never called', async () => {
    const counters = (await get(`/api/reports?${RANGE}&by=counter`)).body;
    expect(counters.rows.map((x: any) => [x.key, x.issued, x.served, x.noShow, x.cancelled, x.avgWaitMin, x.p90WaitMin, x.withinTarget, x.avgServiceMin, x.rated, x.satisfaction, x.avgScore])).toEqual([
      ['1', 3, 3, 0, 0, 5.3, 10, 1, 6, 3, 0.6667, 3.67],
      ['2', 2, 1, 1, 0, 17.5, 25, 0.5, 5, 0, null, null],
      [null, 1, 0, 0, 1, null, null, null, null, 0, null, null],
    ]);
    expect(counters.rows[0].label.zh).toBe('1号窗口 社保');
    expect(counters.rows[2].label).toEqual({ zh: '未叫号', en: 'Not called' });
    const staff = (await get(`/api/reports?${RANGE}&by=staff`)).body;
    expect(staff.rows.map((x: any) => [x.key, x.label.zh, x.issued, x.served, x.rated, x.satisfied])).toEqual([
      ['1001', '王芳（1001）', 3, 3, 3, 2],
      ['1002', '李娜（1002）', 2, 1, 0, 0],
      [null, '未叫号', 1, 0, 0, 0],
    ]);
  });

  it('by day: one row per business day with tickets', async () => {
    const r = (await get(`/api/reports?${RANGE}&by=day`)).body;
    expect(r.rows.map((x: any) => [x.key, x.issued, x.served, x.noShow, x.cancelled, x.rated, x.satisfied, x.avgWaitMin])).toEqual([
      ['2026-11-20', 1, 1, 0, 0, 1, 1, 2],
      ['2026-11-23', 5, 3, 1, 1, 2, 1, 12.3],
    ]);
  });

  it("without dates is today's report; one date alone is that day", async () => {
    const today = (await get('/api/reports')).body;
    expect(today).toMatchObject({ from: '2026-11-23', to: '2026-11-23', by: 'service' });
    expect(today.total).toMatchObject({ issued: 5, served: 3, rated: 2 });
    const friday = (await get('/api/reports?from=2026-11-20')).body;
    expect(friday).toMatchObject({ from: '2026-11-20', to: '2026-11-20' });
    expect(friday.total).toMatchObject({ issued: 1, served: 1, avgWaitMin: 2, avgServiceMin: 3, satisfaction: 1 });
    const empty = (await get('/api/reports?from=2025-01-01&to=2025-12-31')).body;
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ issued: 0, avgWaitMin: null, satisfaction: null });
  });

  it('filters by zone', async () => {
    expect((await get(`/api/reports?${RANGE}&zone=F1`)).body.total.issued).toBe(6);
    expect((await get(`/api/reports?${RANGE}&zone=F2`)).body.total.issued).toBe(0);
  });
});

describe('GET /api/reports/hourly', () => {
  it('counts arrivals and averages waits by hour of issue', async () => {
    const r = await get('/api/reports/hourly?from=2026-11-23&to=2026-11-23');
    expect(r.status).toBe(200);
    expect(r.body.days).toBe(1);
    expect(r.body.hours).toHaveLength(24);
    expect(r.body.hours[10]).toEqual({ hour: 10, issued: 5, waited: 4, avgWaitMin: 12.3 }); // (4 + 10 + 10 + 25) / 4
    expect(r.body.hours.filter((h: any) => h.issued > 0)).toHaveLength(1);
    const both = (await get(`/api/reports/hourly?${RANGE}`)).body;
    expect(both.days).toBe(2);
    expect(both.hours[10]).toMatchObject({ issued: 6, waited: 5, avgWaitMin: 10.2 });
  });
});

/** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const FIGURES = ['issued', 'served', 'noShow', 'cancelled', 'open', 'avgWaitMin', 'p90WaitMin', 'withinTarget', 'avgServiceMin', 'p90ServiceMin', 'rated', 'satisfied', 'satisfaction', 'avgScore'] as const;

describe('GET /api/reports/export', () => {
  it('CSV: an attachment in UTF-8 with a BOM, bilingual headers, the same figures as the JSON', async () => {
    const res = await fetch(`${hub.url}/api/reports/export?${RANGE}&by=service&format=csv`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hall-report-service-2026-11-20_2026-11-23.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(rows[0]).toEqual([
      '业务编号 (Service ID)',
      '业务 (Service)',
      '取号数 (Issued)',
      '办结数 (Served)',
      '过号数 (No-shows)',
      '取消数 (Cancelled)',
      '未办结 (Open)',
      '平均等候/分钟 (Avg wait, min)',
      '90%等候/分钟 (P90 wait, min)',
      '等候达标率 (Within target wait)',
      '平均办理/分钟 (Avg service, min)',
      '90%办理/分钟 (P90 service, min)',
      '评价数 (Rated)',
      '满意数 (Satisfied)',
      '满意率 (Satisfaction)',
      '平均评分 (Avg score)',
    ]);
    expect(rows).toHaveLength(4);
    const json = (await get(`/api/reports?${RANGE}&by=service`)).body;
    const asNumber = (s: string) => (s === '' ? null : s.endsWith('%') ? Math.round(Number(s.slice(0, -1)) * 100) / 10000 : Number(s));
    const expected = [...json.rows, { ...json.total, key: null, label: { zh: '合计 (Total)' } }];
    rows.slice(1).forEach((cells, i) => {
      const want = expected[i];
      expect(cells[0]).toBe(want.key ?? '');
      expect(cells[1]).toBe(want.label.zh);
      expect(Object.fromEntries(FIGURES.map((f, j) => [f, asNumber(cells[j + 2]!)]))).toEqual(Object.fromEntries(FIGURES.map((f) => [f, want[f]])));
    });
    expect(rows[1]!.slice(0, 4)).toEqual(['social-security', '社保业务', '5', '3']);
    expect(rows[3]![14]).toBe('66.67%');
  });

  it('XLSX: a workbook that exceljs loads back with the same numbers', async () => {
    const res = await fetch(`${hub.url}/api/reports/export?${RANGE}&by=counter&format=xlsx`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hall-report-counter-2026-11-20_2026-11-23.xlsx"');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    const json = (await get(`/api/reports?${RANGE}&by=counter`)).body;
    const expected = [...json.rows, { ...json.total, key: null, label: { zh: '合计 (Total)' } }];
    expect(sheet.rowCount).toBe(1 + expected.length);
    expect(sheet.getRow(1).getCell(1).value).toBe('窗口号 (Counter No.)');
    expect(sheet.getRow(1).getCell(2).value).toBe('窗口 (Counter)');
    expected.forEach((want, i) => {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      expect(cells[0] ?? '').toBe(want.key ?? '');
      expect(cells[1]).toBe(want.label.zh);
      expect(Object.fromEntries(FIGURES.map((f, j) => [f, cells[j + 2] ?? null]))).toEqual(Object.fromEntries(FIGURES.map((f) => [f, want[f]])));
    });
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['1', '1号窗口 社保', 3, 3]);
  });
});

describe('GET /api/alerts', () => {
  it("lists the hall's alerts now", async () => {
    const r = await get('/api/alerts');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ at: hub.clock.now(), alerts: [] });
    const id = await issue('household');
    hub.clock.advance(21 * MIN);
    const later = (await get('/api/alerts')).body.alerts;
    expect(later).toEqual([
      expect.objectContaining({ id: 'wait-over-target:household', kind: 'wait-over-target', severity: 'warning', zone: 'F1', serviceId: 'household', values: { waiting: 1, longestWaitMin: 21, targetWaitMin: 20 } }),
    ]);
    await ok('POST', `/api/tickets/${id}/cancel`, manager, { reason: 'test' });
    expect((await get('/api/alerts')).body.alerts).toEqual([]);
  });
});

describe('who may ask, and bad input', () => {
  const ROUTES = ['/api/reports', '/api/reports/hourly', '/api/reports/export', '/api/alerts'];

  it('401 without a token, 403 for staff and devices', async () => {
    for (const path of ROUTES) {
      const none = await hub.api('GET', path);
      expect(none.status, path).toBe(401);
      expect(none.body.error.code, path).toBe('UNAUTHENTICATED');
      expect((await hub.api('GET', path, { token: 'not-a-token' })).status, path).toBe(401);
      for (const token of [staff1, 'demo-kiosk', 'demo-pad', 'demo-display']) {
        const r = await hub.api('GET', path, { token });
        expect(r.status, `${path} ${token}`).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
      }
    }
  });

  it.each([
    ['from=2026-02-30', 'not a calendar date'],
    ['from=2026-13-01&to=2026-13-02', 'no month 13'],
    ['from=23/11/2026', 'not YYYY-MM-DD'],
    ['from=2026-11-23&to=2026-11-20', 'reversed'],
    ['from=2025-01-01&to=2026-01-02', '367 days'],
    ['from=2026-11-20&from=2026-11-21', 'a date twice'],
    ['by=month', 'an unknown grouping'],
    ['zone=%27%3B--', 'a zone that is not an id'],
    ['limit=5', 'an unknown parameter'],
  ])('400 BAD_INPUT for %s (%s)', async (query) => {
    for (const path of ['/api/reports', '/api/reports/export', ...(query.startsWith('by') ? [] : ['/api/reports/hourly'])]) {
      const r = await get(`${path}?${query}`);
      expect(r.status, `${path}?${query}`).toBe(400);
      expect(r.body.error.code).toBe('BAD_INPUT');
    }
  });

  it('400 for an unknown export format; a full year is fine', async () => {
    const r = await get('/api/reports/export?format=pdf');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_INPUT');
    expect((await get('/api/reports?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });
});
