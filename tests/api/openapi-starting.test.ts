// A hub that is still loading today's tickets answers every operation but its health 503 HUB_STARTING
// (hub/api/starting.ts), and its health {status: "starting"}: the document must say so for each one. A
// real hub is held half loaded (between two pages of its tickets, by the test: no timing) and every
// documented operation is asked, its answer held to the contract.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_TOKENS } from '../../hub/config/demo-hall.js';
import type { Hub } from '../../hub/server.js';
import { contractProblem, operations } from '../support/contract.js';
import { removeDir, startHeldHub, startTestHub, tempDir } from '../support/hub.js';

const dirs: string[] = [];
const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A concrete path for a documented one: each parameter a value of its own pattern. */
const SAMPLE: Record<string, string> = { id: 'AbCdEf123456_-', counter: '1', no: '1001', key: 'account:1001' };

describe('while the hub starts', () => {
  it('every operation answers as documented: health "starting", everything else 503 HUB_STARTING', async () => {
    // Two tickets on disk: loaded one a page, the second page held by the test.
    const dataDir = tempDir();
    dirs.push(dataDir);
    const seed = await startTestHub({ dataDir });
    for (const serviceId of ['household', 'social-security'])
      expect((await seed.api('POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId } })).status).toBe(201);
    await seed.stop();

    const held = await startHeldHub(dataDir, 1);
    const url = held.url;

    const problems: string[] = [];
    const statuses = new Map<string, number>();
    for (const o of operations()) {
      const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(SAMPLE[name] ?? 'x'));
      const withBody = o.method === 'POST' || o.method === 'PUT';
      const res = await fetch(url + path, {
        method: o.method,
        headers: { authorization: `Bearer ${DEMO_DEVICE_TOKENS.kiosk}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        ...(withBody ? { body: '{}' } : {}),
      });
      const text = await res.text();
      const body: unknown = text ? JSON.parse(text) : null;
      statuses.set(`${o.method} ${o.path}`, res.status);
      const problem = contractProblem(o.method, path, res.status, res.headers.get('content-type'), body);
      if (problem) problems.push(problem);
      if (o.path === '/api/health') expect(body).toMatchObject({ status: 'starting' });
      else {
        expect(res.status, `${o.method} ${o.path}`).toBe(503);
        expect((body as { error: { code: string } }).error.code).toBe('HUB_STARTING');
        expect(res.headers.get('retry-after')).toBe('1');
      }
    }
    expect(problems).toEqual([]);
    expect(held.pages()).toBe(2);
    expect(statuses.size).toBe(operations().length);
    expect(statuses.get('GET /api/health')).toBe(200);

    held.release();
    hubs.push(await held.started);
    // Loaded: health is the serving one, and it keeps the contract too.
    const ready = await fetch(`${url}/api/health`);
    expect(contractProblem('GET', '/api/health', ready.status, ready.headers.get('content-type'), await ready.json())).toBeNull();
  });
});
