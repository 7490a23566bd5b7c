// The rating upload outbox against a real local HTTP "provincial platform" and a real `hall start`
// child process: the platform is down (nothing listens on its port) when a rating is given; the hub
// keeps retrying; the hub is killed (-9); the platform comes up refusing once (503), then taking;
// the restarted hub delivers the rating from its SQLite outbox — at least once, every try with the
// same idempotent id and the configured bearer token.
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refusedPort } from '../../devices/testing/refused-port.js';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { startChildHub } from '../support/child-hub.js';
import { useChildrenPerTest } from '../support/hub.js';

interface Received {
  key: string | undefined;
  auth: string | undefined;
  body: any;
  status: number;
}

let platform: Server | null = null;
afterEach(async () => {
  if (platform) await new Promise<void>((r) => platform!.close(() => r()));
  platform = null;
});
const children = useChildrenPerTest();

function startPlatform(port: number, refuseFirst: number): Promise<Received[]> {
  const received: Received[] = [];
  let refuse = refuseFirst;
  platform = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (c: string) => (data += c));
    req.on('end', () => {
      const status = refuse-- > 0 ? 503 : 200;
      received.push({ key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization, body: JSON.parse(data), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => platform!.listen(port, '127.0.0.1', () => resolve(received)));
}

async function call(url: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('rating upload outbox', () => {
  // Two child hubs and a platform started, one killed: 120 s bounds a hang on a shared machine, it asserts no speed.
  it('survives a down platform and a hub killed with -9, and delivers with one idempotent id', { timeout: 120_000 }, async () => {
    const dataDir = children.dir('hall-upload-');
    const port = await refusedPort();
    const config = demoHallConfig();
    config.ratingUpload = { url: `http://127.0.0.1:${port}/api/evaluations`, tokenEnv: 'HALL_UPLOAD_TOKEN', timeoutMs: 2000, retryBaseMs: 100, retryMaxMs: 400 };
    const configFile = join(dataDir, 'hall.json');
    writeFileSync(configFile, JSON.stringify(config));
    const env = { HALL_UPLOAD_TOKEN: 'province-secret' };

    const a = await startChildHub({ dataDir, config: configFile, env });
    const staff = (await call(a.url, 'POST', '/api/sessions', undefined, { staffNo: '1001', pin: '1234', counter: '1' })).body.token as string;
    const ticket = (await call(a.url, 'POST', '/api/tickets', 'demo-kiosk', { serviceId: 'social-security' })).body;
    for (const action of ['call', 'start', 'finish']) expect((await call(a.url, 'POST', `/api/counters/1/${action}`, staff, {})).status).toBe(200);
    const rated = await call(a.url, 'POST', '/api/ratings', 'demo-pad', { ticketId: ticket.id, score: 2, reasons: ['long-wait'], items: { efficiency: 2 } });
    expect(rated.status).toBe(201);

    const manager = (await call(a.url, 'POST', '/api/sessions', undefined, { username: 'admin', password: 'admin1234' })).body.token as string;
    const outbox = await waitForValue(
      async () => (await call(a.url, 'GET', '/api/ratings/summary', manager)).body.outbox,
      (o: any) => o.failedAttempts >= 2,
      'two failed upload attempts',
      30_000,
    );
    expect(outbox).toMatchObject({ pending: 1, sent: 0, endpoint: config.ratingUpload.url });
    expect(outbox.failedAttempts).toBeGreaterThanOrEqual(2);
    expect(outbox.lastError).toMatch(/ECONNREFUSED/);
    await a.kill9();

    const received = await startPlatform(port, 1);
    const b = await startChildHub({ dataDir, config: configFile, env });
    await waitFor(() => received.some((r) => r.status === 200), 'the platform taking the rating', 15_000);
    const manager2 = (await call(b.url, 'POST', '/api/sessions', undefined, { username: 'admin', password: 'admin1234' })).body.token as string;
    // The platform answers before the hub marks the row sent: wait for the hub's side too.
    const after = await waitForValue(async () => (await call(b.url, 'GET', '/api/ratings/summary', manager2)).body.outbox, (o) => o.sent === 1, 'the outbox row marked sent');
    expect(after).toMatchObject({ pending: 0, sent: 1 });

    const id = `${config.hall.id}:${ticket.id}`;
    expect(received.length).toBeGreaterThanOrEqual(2); // refused once, then taken
    for (const r of received) {
      expect(r.key).toBe(id);
      expect(r.auth).toBe('Bearer province-secret');
      expect(r.body).toMatchObject({ id, ticketId: ticket.id, number: ticket.number, outcome: 'rated', score: 2, level: '不满意', reasons: [{ id: 'long-wait', name: '等候时间长' }], items: { efficiency: 2 }, staffNo: '1001', counterId: '1' });
    }
    expect(received.filter((r) => r.status === 200)).toHaveLength(1);
    await b.stop();
  });
});
