// The API's edges: one body parser with one limit for every route (the demo's
// virtual-device routes included), 415 for bodies that are not JSON, and no control characters in
// text that reaches screens, LED boards or paper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualHall, type VirtualHall } from '../../hub/device-supervision/virtual-hall.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let virtual: VirtualHall;
let ptyDir: string;
let manager: string;

beforeAll(async () => {
  ptyDir = mkdtempSync(join(tmpdir(), 'hall-sec-edges-'));
  // The virtual-device router mounted as in the demo (no simulators needed for its body parsing).
  virtual = await startVirtualHall({ ptyDir, tcpPortBase: 0, plan: [] });
  hub = await startTestHub({ virtual });
  manager = await hub.managerToken();
});

afterAll(async () => {
  await hub?.stop();
  await virtual?.close();
  if (hub) removeDir(hub.dataDir);
  rmSync(ptyDir, { recursive: true, force: true });
});

describe('one body limit', () => {
  it('a manager saves a config over 16 KB in the demo (the virtual devices mounted)', async () => {
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    // 1500 make-up days (a valid field) make the body well over 16 KB and well under 256 KB.
    const extraWorkdays = Array.from({ length: 1500 }, (_, i) => new Date(Date.UTC(2030, 0, 1) + i * 86_400_000 * 7).toISOString().slice(0, 10));
    const body = { ...config, calendar: { ...config.calendar, extraWorkdays } };
    expect(JSON.stringify(body).length).toBeGreaterThan(16 * 1024);
    const r = await hub.api('PUT', '/api/config', { token: manager, body });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.calendar.extraWorkdays).toHaveLength(1500);
  });

  it('the virtual-device routes take the same parser: over 256 KB is 413, malformed is 400 BAD_JSON', async () => {
    const huge = JSON.stringify({ control: 'x', pad: 'y'.repeat(300 * 1024) });
    const big = await hub.api('POST', '/api/virtual/none/control', { raw: huge });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await hub.api('POST', '/api/virtual/none/control', { raw: '{"control":' });
    expect(bad.body.error.code).toBe('BAD_JSON');
  });
});

describe('415 for bodies that are not JSON', () => {
  const cases: Array<[string, string, string]> = [
    ['text/plain', 'text/plain;charset=UTF-8', '{"serviceId":"tax"}'],
    ['a form', 'application/x-www-form-urlencoded', 'serviceId=tax'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="serviceId"\r\n\r\ntax\r\n--x--\r\n'],
  ];
  for (const [what, type, raw] of cases) {
    it(`${what} on POST /api/tickets, /api/sessions and PUT /api/config`, async () => {
      for (const [method, path, token] of [
        ['POST', '/api/tickets', 'demo-kiosk'],
        ['POST', '/api/sessions', undefined],
        ['PUT', '/api/config', manager],
      ] as const) {
        const r = await hub.api(method, path, { raw, headers: { 'content-type': type }, ...(token ? { token } : {}) });
        expect(r.status, `${method} ${path}`).toBe(415);
        expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
    });
  }
  it('a body without any content type is 415 too; an empty POST is not', async () => {
    const res = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-kiosk', 'content-type': '' }, body: '{"serviceId":"tax"}' });
    expect(res.status).toBe(415);
    const empty = await hub.api('POST', '/api/counters/1/call', { token: manager });
    expect(empty.status).not.toBe(415);
  });
  it('a route takes the media types it declares: CSV only where declared (the appointment import), JSON there too', async () => {
    const doc = (await hub.api('GET', '/api/openapi.json')).body;
    const csv = 'code,service,slot,name\nEDGE-1,tax,2026-11-23 10:00,张*\n';
    let tried = 0;
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops).filter((m) => m === 'post' || m === 'put')) {
        if (path === '/api/appointments/import') continue;
        const url = path.replace(/\{\w+\}/g, (m) => (m === '{counter}' ? '1' : m === '{no}' ? '1001' : 'x1'));
        const r = await hub.api(method.toUpperCase(), url, { token: manager, raw: csv, headers: { 'content-type': 'text/csv' } });
        expect(r.status, `${method} ${path}`).toBe(415);
        expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(20);
    const asCsv = await hub.api('POST', '/api/appointments/import', { token: manager, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(asCsv.status, JSON.stringify(asCsv.body)).not.toBe(415);
    const asJson = await hub.api('POST', '/api/appointments/import', { token: manager, body: { appointments: [{ code: 'EDGE-2', service: 'tax', slot: '2026-11-23 10:00' }] } });
    expect(asJson.status, JSON.stringify(asJson.body)).not.toBe(415);
    expect(asJson.status).toBeLessThan(500);
    const asForm = await hub.api('POST', '/api/appointments/import', { token: manager, raw: 'code=EDGE-3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(asForm.status).toBe(415);
    expect(asForm.body.error.params.accepted).toContain('text/csv');
  });

  it('JSON with a +json type is read', async () => {
    const r = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', raw: '{"serviceId":"tax"}', headers: { 'content-type': 'application/merge-patch+json' } });
    expect(r.status).toBe(201);
  });
});

describe('no control characters in text for screens and paper', () => {
  const BAD = ['\u0000', '\u001b[2J', '\u0007', '\u007f', '\u0085', '\u009b', '\u202e'];
  it('staff names (POST /api/staff)', async () => {
    for (const [i, c] of BAD.entries()) {
      const r = await hub.api('POST', '/api/staff', { token: manager, body: { no: `90${i}0`, name: `王${c}芳`, pin: '482913' } });
      expect(r.status, JSON.stringify(c)).toBe(400);
      expect(r.body.error.params.detail).toMatch(/^name: no control characters/);
    }
    const ok = await hub.api('POST', '/api/staff', { token: manager, body: { no: '9099', name: '王芳 Wang Fang', pin: '482913' } });
    expect(ok.status).toBe(201);
  });

  it('a pause reason and a cancel reason', async () => {
    const staff = await hub.login('1003', '3');
    const pause = await hub.api('POST', '/api/counters/3/pause', { token: staff, body: { reason: 'lunch\u0000' } });
    expect(pause.status).toBe(400);
    const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } });
    const cancel = await hub.api('POST', `/api/tickets/${t.body.id}/cancel`, { token: manager, body: { reason: 'x\u001b' } });
    expect(cancel.status).toBe(400);
  });

  it('config text: a service name, a department, a board template, a ticket notice', async () => {
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    const service = config.services[0];
    const variants = [
      { ...config, services: [{ ...service, name: { zh: '社保\u0000' } }, ...config.services.slice(1)] },
      { ...config, services: [{ ...service, department: '人社局\u009b' }, ...config.services.slice(1)] },
      { ...config, boards: { ...config.boards, calling: '{number}\u001b请到{counter}号窗口' } },
    ];
    for (const v of variants) {
      const r = await hub.api('PUT', '/api/config', { token: manager, body: v });
      expect(r.status).toBe(400);
      expect(r.body.error.params.detail).toContain('no control characters');
    }
    const notice = await hub.api('PUT', '/api/print/template', { token: manager, body: { template: null, notice: '请保管好小票\u0000' } });
    expect(notice.status).toBe(400);
    // A notice may have several lines.
    const lines = await hub.api('PUT', '/api/print/template', { token: manager, body: { template: null, notice: '请保管好小票\n过号请重新取号' } });
    expect(lines.status).toBe(200);
  });
});
