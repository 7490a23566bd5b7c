// Starting real hubs for tests: a real SQLite file in a temporary directory, a real HTTP server on an
// ephemeral loopback port, and a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { ManualClock, ShiftedClock } from '../../hub/clock.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { HallConfig } from '../../hub/config/schema.js';
import type { SupervisorOptions } from '../../hub/device-supervision/supervisor.js';
import { startHub, type Hub } from '../../hub/server.js';
import { waitForValue } from '../../devices/testing/wait.js';
import type { VirtualHall } from '../../hub/device-supervision/virtual-hall.js';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { contractProblem } from './contract.js';
import { killChildren } from './child-hub.js';

/**
 * Whether this test file's answers are held to the OpenAPI document (tests/support/contract.ts): the
 * API and security tests always; every test with HALL_CONTRACT=all; none with HALL_CONTRACT=off.
 */
function holdsToContract(): boolean {
  const mode = process.env.HALL_CONTRACT ?? 'api';
  if (mode === 'off') return false;
  if (mode === 'all') return true;
  const path = expect.getState().testPath ?? '';
  return /[\\/]tests[\\/](api|security)[\\/]/.test(path);
}
import type { UpstreamOptions } from '../../hub/upstream/index.js';
import type { RealtimeOptions } from '../../hub/realtime/realtime.js';

/** Monday 2026-11-23 10:00 in Asia/Shanghai: a working morning in the demo hall. */
export const MONDAY_10AM = Date.UTC(2026, 10, 23, 2, 0);

export function tempDir(prefix = 'hall-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestHub extends Hub {
  clock: ManualClock;
  dataDir: string;
  /** fetch against the hub: JSON in, { status, body } out. */
  api(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  login(staffNo: string, counter: string, pin?: string): Promise<string>;
  managerToken(): Promise<string>;
  /** One device's entry of GET /api/devices/health (as a manager), or undefined. */
  deviceHealth(id: string): Promise<any>;
  /** Polls a device's health until `ok` holds; fails with the last entry seen. */
  waitDeviceHealth(id: string, ok: (health: any) => boolean, what: string, timeoutMs?: number): Promise<any>;
  socket(auth: Record<string, unknown>): Socket;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  config?: HallConfig;
  /** Follow the real clock (shiftable), e.g. when a browser's clock matters too. */
  realTime?: boolean;
  dataDir?: string;
  now?: number;
  configSource?: string;
  /** The device supervisor's settings (fast link reconnects, an input hook). */
  devices?: SupervisorOptions;
  /** Virtual devices (already in the config) to show at /api/virtual. */
  virtual?: VirtualHall;
  /** The hub's logger (default: silent, or TEST_LOG_LEVEL), e.g. one that keeps what was logged for a test to read. */
  log?: Logger;
  /** Shipping to a city central (tests/city): where to, and fast retries. */
  upstream?: UpstreamOptions;
  /** The realtime layer's tuning (a far-behind limit a test can reach). */
  realtime?: RealtimeOptions;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const clock = options.realTime ? new ShiftedClock() : new ManualClock(options.now ?? MONDAY_10AM);
  const dataDir = options.dataDir ?? tempDir();
  const hub = await startHub({
    config: options.config ?? demoHallConfig({ realHours: true }),
    configSource: options.configSource ?? 'test',
    dataDir,
    port: 0,
    host: '127.0.0.1',
    clock,
    log: options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(options.devices ? { devices: options.devices } : {}),
    ...(options.virtual ? { virtual: options.virtual } : {}),
    ...(options.upstream ? { upstream: options.upstream } : {}),
    ...(options.realtime ? { realtime: options.realtime } : {}),
  });
  const sockets: Socket[] = [];
  const api: TestHub['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(hub.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    // Every answer the API tests see is held to the OpenAPI document: a status it does not list or a
    // body that does not match fails the test that saw it.
    if (holdsToContract()) {
      const problem = contractProblem(method, path, res.status, res.headers.get('content-type'), parsed);
      if (problem) throw new Error(`response outside the OpenAPI contract: ${problem}`);
    }
    return { status: res.status, body: parsed };
  };
  let manager: Promise<string> | undefined;
  const test: TestHub = {
    ...hub,
    clock,
    dataDir,
    api,
    async login(staffNo, counter, pin = '1234') {
      const r = await api('POST', '/api/sessions', { body: { staffNo, pin, counter } });
      if (r.status !== 201) throw new Error(`login ${staffNo}@${counter} failed: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async managerToken() {
      const r = await api('POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } });
      if (r.status !== 201) throw new Error(`manager login failed: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async deviceHealth(id) {
      manager ??= test.managerToken();
      const r = await api('GET', '/api/devices/health', { token: await manager });
      return (r.body.devices as Array<{ id: string }>).find((d) => d.id === id);
    },
    waitDeviceHealth(id, ok, what, timeoutMs) {
      return waitForValue(() => test.deviceHealth(id), (h) => !!h && ok(h), `${id}: ${what}`, timeoutMs);
    },
    socket(auth) {
      const s = ioClient(hub.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      return s;
    },
    async stop() {
      for (const s of sockets) s.disconnect();
      await hub.close();
    },
  };
  return test;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The one set-up of a test file that talks to one hub: started before the file's tests (options, or a
 * function giving them, run then), stopped and its data directory removed after them. What it returns
 * stands for the hub once started (every property is read from it), so the file reads `hub.api(…)`;
 * used before the hub is up (at collection time) it says so instead of failing on undefined.
 */
export function useTestHub(options: TestHubOptions | (() => TestHubOptions | Promise<TestHubOptions>) = {}): TestHub {
  let hub: TestHub | undefined;
  beforeAll(async () => {
    hub = await startTestHub(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });
  return new Proxy({} as TestHub, {
    get(_, key) {
      if (!hub) throw new Error(`the test hub is not started: read hub.${String(key)} inside a test or hook`);
      return Reflect.get(hub, key);
    },
  });
}

/**
 * The set-up of a file whose tests stop and start hubs on a data directory of their own (restarts,
 * rollovers): `dir()` a new one, `start(dir, now)` a hub on it at that time (with the file's
 * `defaults`, or a test's own options), `stop(hub)` it; after each test every hub still running is stopped and every directory
 * removed, whatever the test did.
 */
export function useHubsPerTest(defaults: TestHubOptions = {}): {
  dir(prefix?: string): string;
  start(dataDir: string, now: number, options?: TestHubOptions): Promise<TestHub>;
  stop(hub: TestHub): Promise<void>;
} {
  const dir = dirsPerTest();
  let hubs: TestHub[] = [];
  afterEach(async () => {
    for (const h of hubs) await h.stop().catch(() => {});
    hubs = [];
  });
  return {
    dir,
    async start(dataDir, now, options = {}) {
      const hub = await startTestHub({ ...defaults, ...options, dataDir, now });
      hubs.push(hub);
      return hub;
    },
    async stop(hub) {
      hubs = hubs.filter((h) => h !== hub);
      await hub.stop();
    },
  };
}

/** Collects every pushed event of a socket, in arrival order. */
export function record(socket: Socket): { type: string; data: any }[] {
  const got: { type: string; data: any }[] = [];
  socket.onAny((type: string, data: any) => got.push({ type, data }));
  return got;
}

/**
 * The next `event` on a socket, with a time limit so a missing push fails the test instead of hanging
 * (generous: a loaded machine can stall a push for seconds; the limit asserts no speed).
 */
export function next<T = any>(socket: Socket, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/**
 * A hub started on `dataDir` and held half loaded: it listens, loads today's tickets `pageSize` at a
 * time, and waits before its second page until the test calls `release()`. While held, it is a starting
 * hub (health "starting", the rest 503 HUB_STARTING); `started` is the hub once loaded. No timing: the
 * test decides when the load goes on.
 */
export async function startHeldHub(dataDir: string, pageSize: number): Promise<{ url: string; pages: () => number; release: () => void; started: Promise<Hub> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let listening!: (url: string) => void;
  const listened = new Promise<string>((r) => (listening = r));
  let pages = 0;
  const started = startHub({
    config: demoHallConfig({ realHours: true }),
    configSource: 'test',
    dataDir,
    port: 0,
    clock: new ManualClock(MONDAY_10AM + 60_000),
    log: pino({ level: 'silent' }),
    listening,
    loading: { pageSize, beforePage: () => (++pages === 2 ? released : Promise.resolve()) },
  });
  const url = await Promise.race([listened, started.then(() => listened)]);
  return { url, pages: () => pages, release, started };
}

/**
 * The set-up of a test file whose tests start `hall` children: after each test every child still running
 * is killed and every directory `dir()` made is removed (the children: tests/support/child-hub.ts).
 */
export function useChildrenPerTest(): { dir(prefix?: string): string } {
  const dir = dirsPerTest();
  afterEach(() => killChildren());
  return { dir };
}

/**
 * Temporary directories removed after each test. Called before the hook that stops what uses them:
 * vitest runs after-hooks as a stack, so the directories go last.
 */
function dirsPerTest(): (prefix?: string) => string {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) removeDir(d);
    dirs = [];
  });
  return (prefix) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
}
