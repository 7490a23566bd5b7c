// The OpenAPI document served by the hub against the routes the hub really has: the routers
// themselves are walked (express's router stack), so a route added anywhere under /api without docs
// fails here; the request bodies', parameters' and queries' schemas; the document's security matching
// what the hub enforces.
import express from 'express';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouter } from '../../hub/api/routes.js';
import { COUNTER_ACTIONS } from '../../hub/api/request-schemas.js';
import { COUNTER_ACTIONS as ENGINE_COUNTER_ACTIONS } from '../../hub/engine/allowed-actions.js';
import { ENGINE_ERROR_CODES } from '../../hub/engine/errors.js';
import { virtualRouter } from '../../hub/api/virtual-routes.js';
import { priorityClass } from '../../hub/config/schema.js';
import { VirtualHall } from '../../hub/device-supervision/virtual-hall.js';
import { ratingsRouter } from '../../hub/ratings/routes.js';
import { securityRouter } from '../../hub/security/routes.js';
import { JSON_TYPES, declaredBodies } from '../../hub/security/body.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';
import { contractProblem } from '../support/contract.js';

const ACTIONS: readonly string[] = COUNTER_ACTIONS;

/** Every METHOD /api/path the routers answer, read off their stacks (nested routers too), `:x` as `{x}`. */
function routesOf(router: express.Router, prefix = '/api'): string[] {
  const out: string[] = [];
  for (const layer of (router as unknown as { stack: any[] }).stack) {
    if (layer.route) {
      const path = `${prefix}${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`;
      for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
        // The counter actions are one route with an :action the router looks up in its table.
        if (path.endsWith('/{action}')) for (const a of ACTIONS) out.push(`${method.toUpperCase()} ${path.replace('{action}', a)}`);
        else out.push(`${method.toUpperCase()} ${path}`);
      }
    } else if (Array.isArray(layer.handle?.stack)) out.push(...routesOf(layer.handle, prefix));
  }
  return out;
}

/** Methods and paths as documented. */
function documented(doc: any): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path}`);
  return out.sort();
}

let documentOnFile: any;
/** A schema, or the one its $ref names in the document's components. */
const deref = (schema: any): any => (schema?.$ref ? documentOnFile.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')] : schema);

const schemaOf = (doc: any, path: string, method = 'post') => doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;

describe('GET /api/openapi.json', () => {
  let hub: TestHub;
  let doc: any;
  let contentType: string | null;
  /** The routes the hub's routers declare (server.ts mounts these four under /api). */
  let EXPECTED: string[];
  let routers: express.Router[];

  beforeAll(async () => {
    // With the (empty) virtual devices' router mounted, as the demo hall has it.
    hub = await startTestHub({ virtual: new VirtualHall([], []) });
    routers = [
      virtualRouter(new VirtualHall([], []), hub.auth),
      ratingsRouter({ hall: hub.hall, auth: hub.auth, desk: hub.ratings, inputs: hub.inputs }),
      securityRouter({ hall: hub.hall, auth: hub.auth }),
      apiRouter({ hall: hub.hall, auth: hub.auth, health: hub.health, startedAt: 0, print: hub.print }),
    ];
    EXPECTED = routers.flatMap((r) => routesOf(r)).sort();
    const res = await fetch(`${hub.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    contentType = res.headers.get('content-type');
    doc = await res.json();
    documentOnFile = doc;
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

  it('the routers declare the routes we know of (the walk finds nested routers and every action)', () => {
    expect(new Set(EXPECTED).size).toBe(EXPECTED.length);
    for (const known of ['GET /api/health', 'POST /api/tickets', 'GET /api/reports/export', 'POST /api/staff/{no}/pin', 'PUT /api/print/template', 'GET /api/ratings/summary', 'POST /api/virtual/{id}/control', 'POST /api/appointments/import', 'GET /api/audit', 'DELETE /api/security/lockouts/{key}'])
      expect(EXPECTED).toContain(known);
    for (const a of ACTIONS) expect(EXPECTED).toContain(`POST /api/counters/{counter}/${a}`);
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

  it('path parameters, limits and enums are schema, as the routes validate them', () => {
    const param = (path: string, method: string, name: string) => doc.paths[path][method].parameters.find((p: any) => p.name === name);
    for (const [path, method, name, good, bad] of [
      ['/api/tickets/{id}', 'get', 'id', 'AbCdEf123456_-', 'short'],
      ['/api/counters/{counter}', 'get', 'counter', '12', '012'],
      ['/api/staff/{no}/pin', 'post', 'no', '1001', 'x1'],
      ['/api/devices/{id}/token', 'post', 'id', 'kiosk-1', ''],
      ['/api/virtual/{id}/control', 'post', 'id', 'keypads-f1', 'Keypads F1'],
    ] as const) {
      const p = param(path, method, name);
      expect(p, `${path} ${name}`).toMatchObject({ in: 'path', required: true, schema: { type: 'string', pattern: expect.any(String) } });
      expect(new RegExp(p.schema.pattern).test(good), `${path} ${good}`).toBe(true);
      expect(new RegExp(p.schema.pattern).test(bad), `${path} ${bad}`).toBe(false);
    }
    expect(param('/api/ratings/followups/{id}/close', 'post', 'id').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(param('/api/print/jobs', 'get', 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(param('/api/events', 'get', 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 5000 });
    expect(param('/api/events', 'get', 'after').schema).toMatchObject({ type: 'integer', minimum: 0 });
    expect(param('/api/reports', 'get', 'by').schema.enum).toEqual(['service', 'counter', 'staff', 'day']);
    expect(param('/api/reports/export', 'get', 'format').schema.enum).toEqual(['csv', 'xlsx']);
  });

  it('every operation lists the statuses its traits bring: a body 400/413/415, a token 401/403, parameters 400', () => {
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      const statuses = Object.keys(op.responses);
      if (op.requestBody) expect(statuses, route).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (op.security) expect(statuses, route).toEqual(expect.arrayContaining(['401', '403']));
      if (op.parameters.length) expect(statuses, route).toContain('400');
    }
    expect(Object.keys(doc.paths['/api/sessions'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '429']));
    expect(Object.keys(doc.paths['/api/tickets'].post.responses)).toEqual(expect.arrayContaining(['200', '201', '404', '409']));
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

  it('every request body is documented in the media types its route declares (JSON unless it declares others)', () => {
    const declared = declaredBodies(routers);
    expect(declared.map((d) => `${d.method} ${d.path}`)).toContain('POST /appointments/import');
    const jsonOnly = JSON_TYPES.filter((t) => !t.includes('*'));
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path][method.toLowerCase()];
      if (!op.requestBody) continue;
      const own = declared.find((d) => d.method === method && `/api${d.path.replace(/:(\w+)/g, '{$1}')}` === path);
      const types = (own?.mediaTypes ?? JSON_TYPES).filter((t) => !t.includes('*'));
      expect(Object.keys(op.requestBody.content).sort(), route).toEqual([...types].sort());
      if (!own) expect(Object.keys(op.requestBody.content), route).toEqual(jsonOnly);
    }
  });

  it('success bodies with a schema are strict: a real body passes, the same body with a field more or one missing does not', async () => {
    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } });
    expect(issued.status).toBe(201);
    const url = `/api/tickets/${issued.body.id}`;
    const ticket = (await hub.api('GET', url)).body;
    expect(contractProblem('GET', url, 200, 'application/json', ticket)).toBeNull();
    expect(contractProblem('GET', url, 200, 'application/json', { ...ticket, pinHash: 'x' })).toMatch(/additional/);
    const { number: _n, ...without } = ticket;
    expect(contractProblem('GET', url, 200, 'application/json', without)).toMatch(/number/);
    // Success bodies refer to their schemas in components (each shape written once).
    const health = deref(doc.paths['/api/health'].get.responses['200'].content['application/json'].schema);
    // Serving, or starting (hub/api/starting.ts): each shape strict.
    expect(health.anyOf).toHaveLength(2);
    for (const shape of health.anyOf) expect(deref(shape)).toMatchObject({ type: 'object', additionalProperties: false });
    const action = deref(doc.paths['/api/counters/{counter}/call'].post.responses['200'].content['application/json'].schema);
    // What a counter may do: every action the engine knows, each null or a refusal with one of its codes.
    const allowed = deref(action.properties.allowed);
    expect(allowed.additionalProperties).toBe(false);
    expect(Object.keys(allowed.properties).sort()).toEqual([...ENGINE_COUNTER_ACTIONS].sort());
    expect(deref(doc.components.schemas.Refusal).properties.code.enum).toEqual([...ENGINE_ERROR_CODES]);
    expect(action.required).toEqual(['ticket', 'counter', 'allowed']);
  });

  it('redacted answers name their fields: no success schema has a secret, and a real answer with one added breaks the contract', async () => {
    /** Every property name a schema allows, at any depth, through its references. */
    const names = (schema: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> => {
      if (seen.has(schema)) return out;
      seen.add(schema);
      if (Array.isArray(schema)) schema.forEach((x) => names(x, out, seen));
      else if (schema && typeof schema === 'object') {
        if ('$ref' in schema) names(deref(schema), out, seen);
        for (const [k, v] of Object.entries(schema)) {
          if (k === 'properties' && v && typeof v === 'object') Object.keys(v).forEach((n) => out.add(n));
          names(v, out, seen);
        }
      }
      return out;
    };
    // The operations that answer a token on purpose: a login, a device's new token (answered once).
    const TOKEN_ANSWERS = ['POST /api/sessions 201', 'POST /api/devices 201', 'POST /api/devices/{id}/token 200'];
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries<any>(ops))
        for (const [status, answer] of Object.entries<any>(op.responses)) {
          if (!/^2/.test(status) || !answer.content?.['application/json']) continue;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const allowed = names(answer.content['application/json'].schema);
          for (const secret of ['pinHash', 'passwordHash', 'tokenSha256']) expect(allowed.has(secret), `${where}: ${secret}`).toBe(false);
          expect(allowed.has('token'), `${where}: token`).toBe(TOKEN_ANSWERS.includes(where));
        }

    const manager = await hub.managerToken();
    const json = 'application/json';
    // The config without secrets: as read, it keeps the contract; with any secret back in, it does not.
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    expect(contractProblem('GET', '/api/config', 200, json, config)).toBeNull();
    const first = <T,>(list: T[], add: object) => list.map((x, i) => (i ? x : { ...x, ...add }));
    for (const leaked of [
      { ...config, staff: first(config.staff, { pinHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' }) },
      { ...config, managers: first(config.managers, { passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' }) },
      { ...config, devices: first(config.devices, { token: 'demo-kiosk' }) },
      { ...config, devices: first(config.devices, { tokenSha256: 'a'.repeat(64) }) },
      { ...config, central: { url: 'https://central.example', token: 'x'.repeat(20) } },
    ])
      expect(contractProblem('GET', '/api/config', 200, json, leaked)).toMatch(/additional/);
    // The same for the config a config.changed event carries in the manager's event log.
    expect((await hub.api('PUT', '/api/config', { token: manager, body: config })).status).toBe(200);
    const log = (await hub.api('GET', '/api/events?after=0&limit=5000', { token: manager })).body;
    const changed = log.events.findLast((e: any) => e.type === 'config.changed');
    expect(changed.config.staff.length).toBeGreaterThan(0);
    const leakedLog = { ...log, events: log.events.map((e: any) => (e === changed ? { ...e, config: { ...e.config, staff: first(e.config.staff, { pinHash: 'x' }) } } : e)) };
    expect(contractProblem('GET', '/api/events', 200, json, leakedLog)).toMatch(/additional/);
    // A device's new token is answered once, and never with its hash beside it.
    const added = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'contract-board', kind: 'display', zone: 'F1' } });
    expect(added.status).toBe(201);
    expect(added.body.token).toEqual(expect.any(String));
    const rotated = await hub.api('POST', '/api/devices/contract-board/token', { token: manager, body: {} });
    expect(rotated.status).toBe(200);
    const withHash = { ...rotated.body, device: { ...rotated.body.device, tokenSha256: 'a'.repeat(64) } };
    expect(contractProblem('POST', '/api/devices/contract-board/token', 200, json, withHash)).toMatch(/additional/);
  });

  it('POST /api/tickets: an object that needs serviceId and takes nothing unknown', () => {
    const s = schemaOf(doc, '/api/tickets');
    expect(s.type).toBe('object');
    expect(s.required).toEqual(['serviceId']);
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties).sort()).toEqual(['appointment', 'channel', 'priority', 'requestId', 'serviceId']);
    expect(s.properties.serviceId).toMatchObject({ type: 'string', minLength: 1, maxLength: 40 });
    expect(s.properties.priority.enum).toEqual(priorityClass.options);
    expect(s.properties.appointment.required).toEqual(['code']);
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
    expect(Object.keys(device.properties).sort()).toEqual(['address', 'agent', 'counter', 'id', 'kind', 'kiosk', 'name', 'nameEn', 'zone']);
    expect(device.properties.kind.enum).toEqual(['kiosk', 'display', 'pad', 'printer', 'board', 'keypad', 'agent', 'booking']);
    expect(schemaOf(doc, '/api/devices/{id}/token')).toMatchObject({ type: 'object', additionalProperties: false });
    // The config a manager PUTs has the notices.
    expect(schemaOf(doc, '/api/config', 'put').properties.notices.type).toBe('array');
  });

  it('a body the route does not take is 415 on every operation (bodies are read before routes), and documented so', async () => {
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace('{id}', 'unknownTicket0001').replace('{counter}', '1').replace('{no}', '1001').replace('{key}', 'account:1001');
      // node:http, since fetch sends no body with a GET.
      const r = await new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
        const req = request(`${hub.url}${url}`, { method, headers: { 'content-type': 'text/plain', 'content-length': '3' } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
        });
        req.on('error', reject).end('x=1');
      });
      expect(r.status, route).toBe(415);
      expect(contractProblem(method, url, r.status, r.type ?? null, JSON.parse(r.body))).toBeNull();
    }
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
