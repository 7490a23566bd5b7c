// The city's central for tests: a throwaway PostgreSQL cluster (tests/support/postgres.ts), the central
// on it (in process, or as a `hall central` child that can be killed), halls registered with their upload
// tokens, and traffic for a hub's hall (tickets issued, called, served and rated through its engine).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { addHall, ensureAdmin } from '../../central/accounts.js';
import { startCentral, type Central } from '../../central/server.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { HallConfig } from '../../hub/config/schema.js';
import type { Hall } from '../../hub/hall.js';
import type { Score } from '../../hub/engine/types.js';
import { REPO_ROOT } from './child-hub.js';
import { startPgCluster, type PgCluster } from './postgres.js';

export const CITY_ADMIN_PASSWORD = 'city-admin-test-1';

/** Fast retries and small batches, so a test sees many batches and quick recovery. */
export const FAST_UPSTREAM = { batchSize: 16, heartbeatMs: 300, retryBaseMs: 30, retryMaxMs: 300, timeoutMs: 3000 };

export interface TestCity {
  cluster: PgCluster;
  db: string;
  central: Central;
  addHall(id: string, name: string, extra?: { tier?: 'district' | 'township' | 'village'; address?: string }): Promise<string>;
  api(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  managerToken(): Promise<string>;
  /** Rows of a query on the central's database. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startTestCity(options: { cluster?: PgCluster } = {}): Promise<TestCity> {
  const cluster = options.cluster ?? (await startPgCluster());
  const db = cluster.createDatabase(`city_${Math.random().toString(36).slice(2, 10)}`);
  const central = await startCentral({ db, port: 0, host: '127.0.0.1', log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
  await ensureAdmin(central.pool, CITY_ADMIN_PASSWORD);
  const api: TestCity['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(central.url + path, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  let token: Promise<string> | undefined;
  return {
    cluster,
    db,
    central,
    async addHall(id, name, extra = {}) {
      const t = await addHall(central.pool, { id, name, ...extra });
      if (!t) throw new Error(`hall ${id} exists`);
      return t;
    },
    api,
    managerToken() {
      token ??= api('POST', '/api/sessions', { body: { username: 'admin', password: CITY_ADMIN_PASSWORD } }).then((r) => {
        if (r.status !== 201) throw new Error(`central login failed: ${JSON.stringify(r.body)}`);
        return r.body.token as string;
      });
      return token;
    },
    async sql(text, params = []) {
      return (await central.pool.query(text, params)).rows;
    },
    async stop() {
      await central.close().catch(() => {});
      if (!options.cluster) cluster.stop();
    },
  };
}

/** The demo hall under another id and name (each hub of a test city is its own hall). */
export function cityHallConfig(id: string, name: string, central?: { url: string; token: string }): HallConfig {
  const c = demoHallConfig({ realHours: true });
  c.hall.id = id;
  c.hall.name = { zh: name, en: id };
  if (central) c.central = central;
  return c;
}

/**
 * Traffic through a hall's engine, as kiosks and counters make it: `issue` tickets, then counters 1–3
 * logged in call, serve and finish `serve` of them, each rated in turn (one in five badly).
 */
export function hallTraffic(hall: Hall, o: { issue: number; serve?: number }): void {
  const staff = { kind: 'staff' as const, id: '' };
  const services = ['social-security', 'medical-insurance', 'household'];
  for (let i = 0; i < o.issue; i++) hall.execute({ type: 'issue', serviceId: services[i % services.length]! }, { kind: 'device', id: 'kiosk-1' });
  const counters = ['1', '3', '4'];
  for (const c of counters) {
    const st = hall.view.counters.get(c);
    if (st?.state === 'closed') hall.execute({ type: 'login', counterId: c, staffNo: String(1000 + Number(c)) }, { ...staff, id: String(1000 + Number(c)) });
  }
  let served = 0;
  for (let round = 0; served < (o.serve ?? 0) && round < 1000; round++) {
    const c = counters[round % counters.length]!;
    const who = { ...staff, id: String(1000 + Number(c)) };
    const called = hall.execute({ type: 'call-next', counterId: c }, who);
    if (!called.some((e) => e.type === 'ticket.called')) continue;
    hall.execute({ type: 'start', counterId: c }, who);
    const finished = hall.execute({ type: 'finish', counterId: c }, who).find((e) => e.type === 'ticket.finished');
    served++;
    if (finished && 'ticket' in finished) {
      const score = (served % 5 === 0 ? 2 : 5) as Score;
      hall.execute({ type: 'rate', ticketId: finished.ticket.id, rating: { score, items: null, reasons: score <= 2 ? ['long-wait'] : [], comment: score <= 2 ? '张三 13800000000 太慢' : null, source: 'pad' } }, { kind: 'device', id: 'pad-1' });
    }
  }
}

export interface ChildCentral {
  proc: ChildProcess;
  url: string;
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** `hall central --db … --port N` as a child process, resolved once its banner names its URL. */
export async function startChildCentral(o: { db: string; port: number; env?: Record<string, string> }): Promise<ChildCentral> {
  const env: NodeJS.ProcessEnv = { ...process.env, HALL_LOG_LEVEL: 'warn', HALL_CENTRAL_ADMIN_PASSWORD: CITY_ADMIN_PASSWORD, ...o.env };
  for (const k of ['PORT', 'HOST', 'NODE_OPTIONS', 'HALL_CENTRAL_DB']) delete env[k];
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'hall.mjs'), 'central', '--db', o.db, '--port', String(o.port), '--host', '127.0.0.1'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<void>((r) => proc.once('close', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hall central gave no banner\n${out}`)), 90_000);
    const check = () => {
      const m = /central\s+(http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hall central exited (${code ?? signal})\n${out}`));
    });
  });
  proc.removeAllListeners('exit');
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    url,
    output: () => out,
    async kill9() {
      if (alive()) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      await exited;
    },
  };
}

