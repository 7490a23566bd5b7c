// The OpenAPI document served by the hub against the routes the hub really has: every route in
// hub/api/routes.ts documented with its method, nothing documented that is not there, the request
// bodies' JSON schemas, and the document's security matching what the hub enforces.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priorityClass } from '../../hub/config/schema.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

const ACTIONS = ['call', 'recall', 'skip', 'start', 'finish', 'hold', 'transfer', 'call-number', 'resume-held', 'pause', 'resume'];

/** Read off hub/api/routes.ts (and the routers it mounts: reports-routes.ts, admin-routes.ts) by hand. */
const EXPECTED: string[] = [
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/services',
  'GET /api/live',
  'GET /api/events',
  'GET /api/devices/health',
  'POST /api/tickets',
  'GET /api/tickets/{id}',
  'GET /api/tickets/{id}/events',
  'POST /api/tickets/{id}/requeue',
  'POST /api/tickets/{id}/cancel',
  'POST /api/ratings',
  'POST /api/sessions',
  'GET /api/sessions/current',
  'DELETE /api/sessions/current',
  'GET /api/counters/{counter}',
  ...ACTIONS.map((a) => `POST /api/counters/{counter}/${a}`),
  'GET /api/config',
  'PUT /api/config',
  // hub/api/reports-routes.ts, mounted by routes.ts
  'GET /api/reports',
  'GET /api/reports/hourly',
  'GET /api/reports/export',
  'GET /api/staffing',
  'GET /api/alerts',
  // hub/api/admin-routes.ts, mounted by routes.ts
  'POST /api/staff',
  'POST /api/staff/{no}/pin',
  'POST /api/devices',
  'POST /api/devices/{id}/token',
  // hub/api/print-routes.ts, mounted by routes.ts
  'POST /api/tickets/{id}/reprint',
  'GET /api/tickets/{id}/print',
  'GET /api/tickets/{id}/ticket.svg',
  'GET /api/print/jobs',
  'GET /api/print/printers',
  'PUT /api/print/printers/{id}/profile',
  'GET /api/print/template',
  'PUT /api/print/template',
  'GET /api/print/preview.svg',
  'POST /api/print/preview.svg',
  // hub/ratings/routes.ts, mounted by hub/server.ts
  'POST /api/ratings/requests',
  'GET /api/ratings/followups',
  'POST /api/ratings/followups/{id}/close',
  'GET /api/ratings/summary',
  // hub/api/virtual-routes.ts, mounted by server.ts for the demo's virtual devices
  'GET /api/virtual',
  'POST /api/virtual/{id}/control',
].sort();

/** Routes as routes.ts (and the routers it mounts) declare them today, so that a route added there without docs fails here. */
function routesFromSource(): string[] {
  const source = ['api/routes.ts', 'api/reports-routes.ts', 'api/admin-routes.ts', 'api/virtual-routes.ts', 'ratings/routes.ts', 'api/print-routes.ts']
    .map((f) => readFileSync(fileURLToPath(new URL(`../../hub/${f}`, import.meta.url)), 'utf8'))
    .join('\n');
  const actionsBlock = /const actions: Record<string, Action> = \{([\s\S]*?)\n {2}\};/.exec(source)?.[1] ?? '';
  const actions = [...actionsBlock.matchAll(/^\s*'?([a-z-]+)'?\s*:\s*\{\s*body:/gm)].map((m) => m[1]!);
  const out: string[] = [];
  for (const m of source.matchAll(/\br\.(get|post|put|delete|patch)\(\s*'([^']+)'/g)) {
    const method = m[1]!.toUpperCase();
    const path = `/api${m[2]!.replace(/:(\w+)/g, '{$1}')}`;
    if (path.endsWith('/{action}')) for (const a of actions) out.push(`${method} ${path.replace('{action}', a)}`);
    else out.push(`${method} ${path}`);
  }
  return out.sort();
}

/** Methods and paths as documented. */
function documented(doc: any): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path}`);
  return out.sort();
}

const schemaOf = (doc: any, path: string, method = 'post') => doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;

describe('GET /api/openapi.json', () => {
  let hub: TestHub;
  let doc: any;
  let contentType: string | null;

  beforeAll(async () => {
    hub = await startTestHub();
    const res = await fetch(`${hub.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    contentType = res.headers.get('content-type');
    doc = await res.json();
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  it('is an OpenAPI 3.1 JSON document with an error schema and bearer auth', () => {
    expect(contentType).toMatch(/^application\/json\b/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });

  it('the list of routes read off routes.ts matches its source', () => {
    expect(routesFromSource()).toEqual(EXPECTED);
    expect(EXPECTED).toHaveLength(16 + ACTIONS.length + 2 + 5 + 4 + 2 + 4 + 10);
  });

  it('documents every route with its method, and nothing else', () => {
    const missing = EXPECTED.filter((r) => !documented(doc).includes(r));
    expect(missing, 'routes without docs').toEqual([]);
    expect(documented(doc)).toEqual(EXPECTED);
  });

  it('every operation has a summary, a 2xx answer, its path parameters and JSON error answers', () => {
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      expect(op.summary, route).toMatch(/\S/);
      expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), route).toBe(true);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = op.parameters.filter((p: any) => p.in === 'path');
      expect(params.map((p: any) => p.name), route).toEqual(inPath);
      for (const p of params) expect(p.required, `${route} ${p.name}`).toBe(true);
      for (const [status, answer] of Object.entries<any>(op.responses)) {
        if (Number(status) >= 400) expect(answer.content['application/json'].schema, `${route} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    const events = doc.paths['/api/events'].get.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
    expect(events.sort()).toEqual(['after', 'limit']);
  });

  it('every POST and PUT documents a JSON request body; GET and DELETE none', () => {
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      if (method === 'POST' || method === 'PUT') {
        expect(op.requestBody?.required, route).toBe(true);
        expect(schemaOf(doc, path, method.toLowerCase()), route).toBeTypeOf('object');
      } else expect(op.requestBody, route).toBeUndefined();
    }
  });

  it('POST /api/tickets: an object that needs serviceId and takes nothing unknown', () => {
    const s = schemaOf(doc, '/api/tickets');
    expect(s.type).toBe('object');
    expect(s.required).toEqual(['serviceId']);
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties).sort()).toEqual(['appointment', 'channel', 'priority', 'requestId', 'serviceId']);
    expect(s.properties.serviceId).toMatchObject({ type: 'string', minLength: 1, maxLength: 40 });
    expect(s.properties.priority.enum).toEqual(priorityClass.options);
    expect(s.properties.appointment.required.sort()).toEqual(['code', 'slotAt']);
    expect(s.properties.appointment.additionalProperties).toBe(false);
  });

  it('POST /api/sessions: either {staffNo, pin, counter} or {username, password}', () => {
    const s = schemaOf(doc, '/api/sessions');
    const forms = s.anyOf ?? s.oneOf;
    expect(forms).toHaveLength(2);
    const required = forms.map((f: any) => [...f.required].sort().join(',')).sort();
    expect(required).toEqual(['counter,pin,staffNo', 'password,username']);
    for (const f of forms) {
      expect(f.type).toBe('object');
      expect(f.additionalProperties).toBe(false);
    }
    const staff = forms.find((f: any) => f.required.includes('staffNo'));
    expect(staff.properties.staffNo).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(new RegExp(staff.properties.staffNo.pattern).test('1001')).toBe(true);
    expect(new RegExp(staff.properties.staffNo.pattern).test('12')).toBe(false);
  });

  it('counter actions: bodies with the fields each action needs', () => {
    const required = (action: string) => schemaOf(doc, `/api/counters/{counter}/${action}`).required ?? [];
    expect(required('call-number')).toEqual(['number']);
    expect(required('pause')).toEqual(['reason']);
    expect(required('resume-held')).toEqual(['ticketId']);
    expect(required('transfer')).toEqual([]);
    expect(Object.keys(schemaOf(doc, '/api/counters/{counter}/transfer').properties).sort()).toEqual(['toCounter', 'toService']);
    for (const action of ['call', 'recall', 'skip', 'start', 'finish', 'hold', 'resume']) {
      const s = schemaOf(doc, `/api/counters/{counter}/${action}`);
      expect(s, action).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(s.properties ?? {}), action).toEqual([]);
    }
    for (const action of ACTIONS) expect(schemaOf(doc, `/api/counters/{counter}/${action}`).additionalProperties, action).toBe(false);
    expect(schemaOf(doc, '/api/tickets/{id}/cancel').required).toEqual(['reason']);
    expect(schemaOf(doc, '/api/config', 'put').required).toEqual(expect.arrayContaining(['hall', 'zones', 'services', 'counters']));
  });

  it('staff and devices: the bodies the admin routes take', () => {
    const staff = schemaOf(doc, '/api/staff');
    expect(staff).toMatchObject({ type: 'object', additionalProperties: false });
    expect([...staff.required].sort()).toEqual(['name', 'no', 'pin']);
    expect(Object.keys(staff.properties).sort()).toEqual(['backup', 'name', 'no', 'pin']);
    const pin = schemaOf(doc, '/api/staff/{no}/pin');
    expect(pin.required).toEqual(['pin']);
    expect(new RegExp(pin.properties.pin.pattern).test('4821')).toBe(true);
    expect(new RegExp(pin.properties.pin.pattern).test('482')).toBe(false);
    const device = schemaOf(doc, '/api/devices');
    expect(device.additionalProperties).toBe(false);
    expect([...device.required].sort()).toEqual(['id', 'kind']);
    expect(Object.keys(device.properties).sort()).toEqual(['address', 'agent', 'counter', 'id', 'kind', 'kiosk', 'name', 'zone']);
    expect(device.properties.kind.enum).toEqual(['kiosk', 'display', 'pad', 'printer', 'board', 'keypad', 'agent']);
    expect(schemaOf(doc, '/api/devices/{id}/token')).toMatchObject({ type: 'object', additionalProperties: false });
    // The config a manager PUTs has the notices.
    expect(schemaOf(doc, '/api/config', 'put').properties.notices.type).toBe('array');
  });

  it("the documented security is what the hub enforces: no token → 401 exactly where it says so", async () => {
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      const url = path.replace('{id}', 'unknownTicket0001').replace('{counter}', '1').replace('{no}', '1001');
      const r = await hub.api(method, url, method === 'POST' || method === 'PUT' ? { body: {} } : {});
      expect(r.status, `${route} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
      if (op.security) {
        expect(op.security, route).toEqual([{ bearer: [] }]);
        expect(r.status, route).toBe(401);
        expect(r.body.error.code, route).toBe('UNAUTHENTICATED');
      } else {
        expect(r.status, route).not.toBe(401);
      }
    }
  });
});
