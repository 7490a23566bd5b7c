// HTTPS on the hub: a self-signed certificate made once and kept in the data
// directory, served to a real HTTPS client that trusts only that certificate; socket.io over wss; a
// plain HTTP request on the same port redirected to https://; a hall's own certificate from files.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import pino from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../hub/clock.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { selfSignedPaths } from '../../hub/security/tls.js';
import { startHub, type Hub } from '../../hub/server.js';
import { MONDAY_10AM, next, removeDir, tempDir, useChildrenPerTest } from '../support/hub.js';
import { runHall, startChildHub } from '../support/child-hub.js';

const log = pino({ level: 'silent' });
const start = (dataDir: string, tls: Parameters<typeof startHub>[0]['tls']) =>
  startHub({ config: demoHallConfig({ realHours: true }), configSource: 'test', dataDir, port: 0, host: '127.0.0.1', clock: new ManualClock(MONDAY_10AM), log, ...(tls ? { tls } : {}) });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** An HTTPS request that trusts `ca` only (Node's own CA list is not consulted). */
function https(url: string, o: RequestOptions & { ca?: string | undefined; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request(url, { ...o, headers: { ...(o.headers ?? {}), ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* keep text */
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a self-signed certificate', () => {
  let hub: Hub;
  let dataDir: string;
  let cert: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dataDir = tempDir();
    hub = await start(dataDir, { selfSigned: true });
    cert = readFileSync(selfSignedPaths(dataDir).cert, 'utf8');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await hub?.close();
    removeDir(dataDir);
  });

  it('is made once in the data directory, its key readable by the hub only, and its SHA-256 fingerprint told', () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const paths = selfSignedPaths(dataDir);
    expect(statSync(paths.key).mode & 0o077).toBe(0);
    const x509 = new X509Certificate(cert);
    expect(hub.tls?.fingerprint256).toBe(x509.fingerprint256);
    expect(hub.tls?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
  });

  it('serves the API over HTTPS to a client that trusts that certificate (with HSTS), and not to one that does not', async () => {
    const r = await https(`${hub.url}/api/health`, { ca: cert });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.headers['strict-transport-security']).toBe('max-age=15552000');
    await expect(https(`${hub.url}/api/health`, { ca: undefined })).rejects.toThrow(/self-signed|self signed|unable to verify/i);
    const login = await https(`${hub.url}/api/sessions`, { ca: cert, method: 'POST', body: { staffNo: '1001', pin: '1234', counter: '1' } });
    expect(login.status).toBe(201);
  });

  it('answers plain HTTP on the same port with a redirect to https://', async () => {
    const page = await fetch(`${hub.url.replace('https:', 'http:')}/kiosk?token=demo-kiosk`, { redirect: 'manual' });
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe(`${hub.url}/kiosk?token=demo-kiosk`);
    const post = await fetch(`${hub.url.replace('https:', 'http:')}/api/sessions`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(308);
    expect(post.headers.get('location')).toBe(`${hub.url}/api/sessions`);
  });

  it('carries socket.io over wss: a board gets its snapshot and the calls', async () => {
    const board = ioClient(hub.url, { auth: { token: 'demo-display' }, transports: ['websocket'], reconnection: false, forceNew: true, ca: cert });
    sockets.push(board);
    const snapshot = await next(board, 'snapshot');
    expect(snapshot.seq).toBeGreaterThan(0);
    const pushed = next(board, 'ticket.issued');
    const issued = await https(`${hub.url}/api/tickets`, { ca: cert, method: 'POST', headers: { authorization: 'Bearer demo-kiosk' }, body: { serviceId: 'tax' } });
    expect(issued.status).toBe(201);
    const seen = await pushed;
    expect(seen.ticket.number).toBe(issued.body.number);
    // A socket.io client that does not trust the certificate gets nowhere.
    const stranger = ioClient(hub.url, { auth: { token: 'demo-display' }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(stranger);
    const err = await next<Error>(stranger, 'connect_error');
    expect(String(err.message)).toMatch(/websocket error|self-signed|self signed/i);
  });

  it('is kept across a restart: the same fingerprint', async () => {
    const before = hub.tls!.fingerprint256;
    await hub.close();
    hub = await start(dataDir, { selfSigned: true });
    expect(hub.tls!.fingerprint256).toBe(before);
    expect((await https(`${hub.url}/api/health`, { ca: cert })).status).toBe(200);
  });
});

describe('the hall config and hall start', () => {
  const children = useChildrenPerTest();

  it('tls: {cert, key} in the config serves that certificate', async () => {
    // A certificate made elsewhere (here: by a first hub) given as files, as a hall's own would be.
    const maker = children.dir();
    const first = await start(maker, { selfSigned: true });
    await first.close();
    const { cert, key } = selfSignedPaths(maker);
    const dataDir = children.dir();
    const hub = await startHub({
      config: { ...demoHallConfig({ realHours: true }), tls: { cert, key } },
      configSource: 'test',
      dataDir,
      port: 0,
      host: '127.0.0.1',
      clock: new ManualClock(MONDAY_10AM),
      log,
    });
    try {
      expect(hub.tls?.selfSigned).toBe(false);
      expect(existsSync(join(dataDir, 'tls'))).toBe(false);
      expect((await https(`${hub.url}/api/health`, { ca: readFileSync(cert, 'utf8') })).status).toBe(200);
      // The certificate's files are not the dashboard's to change.
      const ca = readFileSync(cert, 'utf8');
      const login = await https(`${hub.url}/api/sessions`, { ca, method: 'POST', body: { username: 'admin', password: 'admin1234' } });
      const get = await https(`${hub.url}/api/config`, { ca, headers: { authorization: `Bearer ${login.body.token}` } });
      const put = await https(`${hub.url}/api/config`, { ca, method: 'PUT', headers: { authorization: `Bearer ${login.body.token}` }, body: { ...get.body, tls: { cert: '/etc/shadow', key } } });
      expect(put.status).toBe(400);
      expect(put.body.error.params.detail).toContain('tls: cannot be changed');
      const same = await https(`${hub.url}/api/config`, { ca, method: 'PUT', headers: { authorization: `Bearer ${login.body.token}` }, body: get.body });
      expect(same.status).toBe(200);
    } finally {
      await hub.close();
    }
  });

  it('hall start --tls self-signed prints the fingerprint; --cert without --key is refused', async () => {
    const dataDir = children.dir();
    const child = await startChildHub({ dataDir, env: {}, extraArgs: ['--tls', 'self-signed'], startTimeoutMs: 60_000 });
    expect(child.url).toMatch(/^https:/);
    const fp = new X509Certificate(readFileSync(selfSignedPaths(dataDir).cert)).fingerprint256;
    expect(child.stdout()).toContain(`SHA-256  ${fp}`);
    expect((await child.stop()).code).toBe(0);
    const half = await runHall(['start', '--port', '0', '--data', dataDir, '--cert', join(dataDir, 'tls', 'hub-cert.pem')], { timeoutMs: 60_000 });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('give --cert FILE and --key FILE together');
    // Two `hall` processes (the first makes a key pair): a cap for a loaded machine, not a speed goal.
  }, 90_000);
});
