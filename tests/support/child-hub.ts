// Running the real `hall` command in child processes: `hall start` as a hub that can be killed
// (SIGKILL included) and restarted on the same data directory, `hall agent`, and one-shot commands
// such as `hall check-config`. Every child started here is tracked so that `killChildren()` (in afterEach)
// leaves none behind, whatever the test did. bin/hall.mjs runs the build (dist/server) when it matches
// the sources and the sources through tsx otherwise, so a child always runs the code under test; `root`
// runs another install's hall (tests/release).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HALL_BIN = join(REPO_ROOT, 'bin', 'hall.mjs');

const live = new Set<ChildProcess>();

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The environment of a child: ours without anything that would steer the hub, logs at warn, and no virtual devices unless asked for. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['HALL_CONFIG', 'HALL_DATA', 'HALL_DEMO_HOURS', 'PORT', 'HOST', 'NODE_OPTIONS', 'HALL_VIRTUAL_PORT_BASE']) delete env[k];
  return { ...env, HALL_LOG_LEVEL: 'warn', HALL_VIRTUAL_DEVICES: 'off', ...extra };
}

function track(child: ChildProcess): { exited: Promise<Exit>; stdout: () => string; stderr: () => string } {
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  // 'close' comes after the process ended and its output was read to the end.
  const exited = new Promise<Exit>((resolveExit) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      resolveExit({ code, signal });
    });
  });
  return { exited, stdout: () => out, stderr: () => err };
}

/** A `hall` process a test started: its output, its exit, and the two ways to end it. */
export interface ChildHall {
  proc: ChildProcess;
  pid: number;
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** kill -9: no handler runs, the OS drops the process's files and locks. Resolves once it is gone. */
  kill9(): Promise<Exit>;
  /** SIGTERM: a hub closes its store (an agent its connection) and exits 0. */
  stop(): Promise<Exit>;
}

export interface ChildHub extends ChildHall {
  url: string;
  port: number;
  dataDir: string;
}

export interface ChildHubOptions {
  dataDir: string;
  config?: string;
  port?: number;
  env?: Record<string, string>;
  /** Give the port, host, data directory and config as HALL_DATA, HALL_CONFIG, PORT and HOST instead of flags. */
  viaEnv?: boolean;
  startTimeoutMs?: number;
  /** Run the `hall` of another install (its bin/hall.mjs, from its folder) instead of this checkout's. */
  root?: string;
  /** More `hall start` flags (e.g. --tls self-signed). */
  extraArgs?: string[];
}

function hallArgs(o: ChildHubOptions): string[] {
  if (o.viaEnv) return ['start', ...(o.extraArgs ?? [])];
  const args = ['start', '--port', String(o.port ?? 0), '--host', '127.0.0.1', '--data', o.dataDir];
  if (o.config) args.push('--config', o.config);
  return [...args, ...(o.extraArgs ?? [])];
}

function hallEnv(o: ChildHubOptions): Record<string, string> {
  if (!o.viaEnv) return o.env ?? {};
  return { PORT: String(o.port ?? 0), HOST: '127.0.0.1', HALL_DATA: o.dataDir, ...(o.config ? { HALL_CONFIG: o.config } : {}), ...o.env };
}

/**
 * Spawns a `hall` command as a tracked child and resolves once its stdout matches `banner` (with the
 * match); rejects with its output if it exits first or gives no banner within `timeoutMs`.
 */
async function startHall(what: string, spawnArgs: { bin: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv }, banner: RegExp, timeoutMs = 15_000): Promise<{ hall: ChildHall; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, [spawnArgs.bin, ...spawnArgs.args], { cwd: spawnArgs.cwd, env: spawnArgs.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const t = track(proc);
  const output = () => `stdout:\n${t.stdout()}\nstderr:\n${t.stderr()}`;
  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} gave no banner within ${timeoutMs} ms\n${output()}`));
    }, timeoutMs);
    const onData = () => {
      const m = banner.exec(t.stdout());
      if (m) {
        cleanup();
        resolveMatch(m);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${what} exited (code ${code}, signal ${signal}) before its banner\n${output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.off('exit', onExit);
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', onExit);
  });
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const hall: ChildHall = {
    proc,
    pid: proc.pid!,
    exited: t.exited,
    stdout: t.stdout,
    stderr: t.stderr,
    async kill9() {
      if (alive()) proc.kill('SIGKILL');
      return t.exited;
    },
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      return t.exited;
    },
  };
  return { hall, match };
}

/** Spawns `hall start` and resolves once its banner names the URL; rejects (with its output) if it exits first. */
export async function startChildHub(o: ChildHubOptions): Promise<ChildHub> {
  const root = o.root ?? REPO_ROOT;
  const started = await startHall('hall start', { bin: join(root, 'bin', 'hall.mjs'), args: hallArgs(o), cwd: root, env: childEnv(hallEnv(o)) }, /^\s+hub\s+(https?:\/\/\S+)/m, o.startTimeoutMs);
  const url = started.match[1]!;
  return { ...started.hall, url, port: Number(new URL(url).port), dataDir: o.dataDir };
}

export type ChildAgent = ChildHall;

/**
 * Spawns `hall agent --hub URL [--driver M]...` with its token in HALL_AGENT_TOKEN and resolves once its banner is out.
 * A TypeScript driver module (tests/support/call-driver.ts) makes bin/hall.mjs run the sources itself.
 */
export async function startChildAgent(o: { hub: string; token: string; drivers?: string[]; env?: Record<string, string>; startTimeoutMs?: number }): Promise<ChildAgent> {
  const args = ['agent', '--hub', o.hub, ...(o.drivers ?? []).flatMap((d) => ['--driver', d])];
  const started = await startHall('hall agent', { bin: HALL_BIN, args, cwd: REPO_ROOT, env: childEnv({ HALL_AGENT_TOKEN: o.token, ...o.env }) }, /hall agent →/, o.startTimeoutMs);
  return started.hall;
}

export interface RunResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a `hall` command to its end (killed after timeoutMs, which fails the caller's expectations on the code). */
export async function runHall(args: string[], options: { env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const proc = spawn(process.execPath, [HALL_BIN, ...args], { cwd: REPO_ROOT, env: childEnv(options.env), stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const t = track(proc);
  if (options.input !== undefined) proc.stdin!.end(options.input);
  const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  const exit = await t.exited;
  clearTimeout(timer);
  return { ...exit, stdout: t.stdout(), stderr: t.stderr() };
}

/** `hall start` with arguments of the caller's choosing, run to its end: for starts that must fail. */
export function runHallStart(o: ChildHubOptions & { timeoutMs?: number }): Promise<RunResult> {
  return runHall(hallArgs(o), { env: hallEnv(o), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
}

/** SIGKILLs every child still running and waits for each to be gone. */
export async function killChildren(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const child of [...live]) {
    waits.push(new Promise((r) => child.once('close', r)));
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    else {
      // Gone already; its pipes may be held open by nothing but us.
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
  }
  await Promise.all(waits);
}

export interface HttpResult {
  status: number;
  body: any;
}

/** fetch against a hub: JSON in, { status, body } out. Network failures reject. */
export async function http(
  base: string,
  method: string,
  path: string,
  o: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

/** Every stored event of a hub, paging through GET /api/events (a manager's token: the log is for managers). */
export async function allEvents(base: string, token: string): Promise<{ events: any[]; lastSeq: number }> {
  const events: any[] = [];
  let after = 0;
  let lastSeq = 0;
  for (;;) {
    const r = await http(base, 'GET', `/api/events?after=${after}&limit=5000`, { token });
    if (r.status !== 200) throw new Error(`GET /api/events: ${r.status} ${JSON.stringify(r.body)}`);
    lastSeq = r.body.lastSeq;
    events.push(...r.body.events);
    if (r.body.events.length < 5000) return { events, lastSeq };
    after = r.body.events[r.body.events.length - 1].seq;
  }
}
