// The OpenAPI document as a generator: fast-check makes requests for every documented operation from its
// own schemas (path parameters from their patterns, queries, bodies — valid shapes and junk) and sends
// each with every kind of token (none, unknown, manager, staff, each device kind). The hub must never
// answer 5xx, and every answer must be one the document lists for that operation, its body matching.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { HallConfig } from '../../hub/config/schema.js';
import { VirtualHall } from '../../hub/device-supervision/virtual-hall.js';
import { contractProblem, operations, type Operation } from '../support/contract.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

const TOKENS = ['none', 'unknown', 'manager', 'staff', 'kiosk', 'display', 'pad', 'keypad', 'agent', 'booking', 'virtual'] as const;
type TokenKind = (typeof TOKENS)[number];
const FIXED: Partial<Record<TokenKind, string>> = {
  unknown: 'not-a-token-of-this-hall',
  kiosk: 'demo-kiosk',
  display: 'demo-display',
  pad: 'demo-pad',
  keypad: 'prop-keypad-token',
  agent: 'prop-agent-token',
  booking: 'prop-booking-token',
  virtual: 'demo-virtual-keypads-f1',
};

function config(): HallConfig {
  const c = demoHallConfig({ realHours: true });
  c.devices.push(
    { id: 'keypad-2', kind: 'keypad', zone: 'F1', counter: '2', token: FIXED.keypad! },
    { id: 'agent-1', kind: 'agent', zone: 'F1', token: FIXED.agent! },
    { id: 'booking-1', kind: 'booking', token: FIXED.booking! },
  );
  return c;
}

/** Values for a JSON schema: mostly of its shape (so that requests reach the handlers), sometimes not. */
function arbOf(schema: any, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 4) return fc.anything({ maxDepth: 1 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union) && union.length) return fc.oneof(...union.map((s: any) => arbOf(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((x) => x.length <= (schema.maxLength ?? 200));
      if (schema.format === 'date') return fc.constantFrom('2026-11-23', '2026-11-20', '2026-02-30', '1999-01-01');
      if (schema.format === 'date-time') return fc.constantFrom('2026-11-23T10:05:00+08:00', '2026-11-23T02:05:00Z');
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 12, 40) });
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -10, -1e6), max: Math.min(schema.maximum ?? 1e4, 1e6) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1e4, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbOf(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const props = Object.entries<any>(schema.properties ?? {});
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of props) record[k] = arbOf(v, depth + 1);
      return fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

interface Request {
  path: string;
  body: unknown;
}

function requestArb(o: Operation): fc.Arbitrary<Request> {
  const params: any[] = o.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const bodySchema = o.op.requestBody?.content?.['application/json']?.schema;
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => fc.oneof({ arbitrary: arbOf(p.schema).map(String), weight: 4 }, { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 1 }))),
      query: fc.tuple(...query.map((p) => fc.option(fc.oneof({ arbitrary: arbOf(p.schema).map(String), weight: 4 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 }), { nil: undefined }))),
      body: bodySchema ? fc.oneof({ arbitrary: arbOf(bodySchema), weight: 5 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }) : fc.constant(undefined),
    })
    .map(({ path, query: q, body }) => {
      let url = o.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(path[i]!))));
      const search = new URLSearchParams();
      query.forEach((p, i) => q[i] !== undefined && search.set(p.name, q[i]!));
      const qs = search.toString();
      return { path: qs ? `${url}?${qs}` : url, body };
    });
}

describe('requests made from the OpenAPI document, with every kind of token', () => {
  let hub: TestHub;
  const sessions: Partial<Record<'manager' | 'staff', string>> = {};

  beforeAll(async () => {
    hub = await startTestHub({ config: config(), virtual: new VirtualHall([], []) });
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  const alive = (token: string | undefined) => {
    try {
      return !!token && !!hub.auth.resolve(token);
    } catch {
      return false;
    }
  };
  /** A session token that still works: logged in again after a generated logout or PIN change. */
  async function tokenOf(kind: TokenKind): Promise<string | undefined> {
    if (kind === 'none') return undefined;
    if (kind !== 'manager' && kind !== 'staff') return FIXED[kind];
    if (alive(sessions.manager) === false) sessions.manager = await hub.managerToken();
    if (kind === 'manager') return sessions.manager;
    if (!alive(sessions.staff)) {
      // A generated request may have set staff 1016's PIN: set it back first.
      await fetch(`${hub.url}/api/staff/1016/pin`, { method: 'POST', headers: { authorization: `Bearer ${sessions.manager}`, 'content-type': 'application/json' }, body: JSON.stringify({ pin: '1234' }) });
      sessions.staff = await hub.login('1016', '16');
    }
    return sessions.staff;
  }

  it('no 5xx; every answer is documented for its operation, its body matching', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    const seen = new Map<string, Set<number>>();
    for (const o of operations()) {
      await fc.assert(
        fc.asyncProperty(requestArb(o), fc.constantFrom(...TOKENS), async (req, kind) => {
          const token = await tokenOf(kind);
          const headers: Record<string, string> = {};
          if (token) headers.authorization = `Bearer ${token}`;
          if (req.body !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(hub.url + req.path, { method: o.method, headers, ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}) });
          const text = await res.text();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          const key = `${o.method} ${o.path}`;
          if (!seen.has(key)) seen.set(key, new Set());
          seen.get(key)!.add(res.status);
          const problem = res.status >= 500 ? `${key} → ${res.status} ${text.slice(0, 300)}` : contractProblem(o.method, req.path, res.status, res.headers.get('content-type'), body);
          if (problem) problems.push(`${problem} [token: ${kind}, body: ${JSON.stringify(req.body)?.slice(0, 200)}]`);
          return problem === null;
        }),
        { numRuns: 25, endOnFailure: true },
      ).catch(() => {
        /* collected in problems, reported together below */
      });
    }
    expect(problems.slice(0, 15)).toEqual([]);
    // Every operation was tried, and most answered more than one way.
    expect(seen.size).toBe(operations().length);
  });
});
