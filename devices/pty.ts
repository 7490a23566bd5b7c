// Kernel pty pairs (socat) for the serial tests and for the virtual devices of the demo hall.
// Kernel pty pairs for serial tests: `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` makes
// two ptys joined back to back, so what one side writes to A the other reads from B, through the
// kernel's tty layer like a null-modem cable. Killing socat is pulling the cable (both ends hang up);
// restart() plugs it back on the same link paths. Every pair started here is tracked, and
// stopAllPtys() (in afterEach) kills whatever a test left running. socat dies with the process that
// started it, kill -9 included (tied-child.ts); a pair on given link paths (the demo hall's, in its
// data directory) also leaves `<a>.pid`, so that the next start on those links ends a socat of the
// run before that outlived it.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endLeftover, forgetChild, recordChild, spawnTied } from './tied-child.js';

export interface PtyPair {
  /** The link paths (stable across restarts). */
  readonly a: string;
  readonly b: string;
  /** The /dev/pts/N each link points at now (from socat's "N PTY is /dev/pts/X" lines). */
  readonly ptyA: string;
  readonly ptyB: string;
  readonly pid: number;
  readonly running: boolean;
  /** Kills socat (SIGKILL by default: a cable pulled, not a clean shutdown) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts socat again on the same link paths. */
  restart(): Promise<void>;
}

const live = new Set<ChildProcess>();
const dirs = new Set<string>();

interface Started {
  proc: ChildProcess;
  ptyA: string;
  ptyB: string;
  exited: Promise<void>;
}

function startSocat(a: string, b: string, timeoutMs: number, pidFile: string | null): Promise<Started> {
  if (pidFile) endLeftover(pidFile);
  const args = ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`];
  return new Promise<Started>((resolve, reject) => {
    const proc = spawnTied('socat', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(proc);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    void exited.then(() => {
      live.delete(proc);
      if (pidFile) forgetChild(pidFile);
    });
    let err = '';
    const ptys: string[] = [];
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`socat did not make its ptys within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    proc.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run socat (apt-get install socat; .ci/run installs it): ${e.message}`));
    });
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before its ptys were ready: ${err}`));
    };
    proc.once('exit', early);
    proc.stderr!.setEncoding('utf8').on('data', (s: string) => {
      err += s;
      for (const m of s.matchAll(/PTY is (\/dev\/pts\/\d+)/g)) ptys.push(m[1]!);
      // Ready once both ptys exist and socat entered its transfer loop (the links are made by then).
      if (ptys.length >= 2 && /starting data transfer loop/.test(err)) {
        clearTimeout(timer);
        proc.off('exit', early);
        if (pidFile && proc.pid) recordChild(pidFile, proc.pid, ['socat', ...args]);
        resolve({ proc, ptyA: ptys[0]!, ptyB: ptys[1]!, exited });
      }
    });
  });
}

/** Starts a pty pair with links in a fresh temp directory (or at the given paths). */
export async function startPtyPair(options: { a?: string; b?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  let a = options.a;
  let b = options.b;
  // Given links are a stable place (the demo hall's data directory): record the socat there.
  const pidFile = a && b ? `${a}.pid` : null;
  if (!a || !b) {
    const dir = mkdtempSync(join(tmpdir(), 'hall-pty-'));
    dirs.add(dir);
    a ??= join(dir, 'a');
    b ??= join(dir, 'b');
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  let cur = await startSocat(a, b, timeoutMs, pidFile);
  const pair: PtyPair = {
    a,
    b,
    get ptyA() {
      return cur.ptyA;
    },
    get ptyB() {
      return cur.ptyB;
    },
    get pid() {
      return cur.proc.pid ?? -1;
    },
    get running() {
      return cur.proc.exitCode === null && cur.proc.signalCode === null;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (!pair.running) return;
      cur.proc.kill(signal);
      await cur.exited;
    },
    async restart() {
      await pair.kill();
      // SIGKILL leaves the links dangling; socat makes them anew.
      for (const p of [a, b]) if (isLink(p)) rmSync(p, { force: true });
      cur = await startSocat(a, b, timeoutMs, pidFile);
    },
  };
  return pair;
}

function isLink(p: string): boolean {
  try {
    readlinkSync(p);
    return true;
  } catch {
    return existsSync(p);
  }
}

/** Kills every socat started here and removes the temp directories (for afterEach). */
export async function stopAllPtys(): Promise<void> {
  await Promise.all(
    [...live].map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGKILL');
        }),
    ),
  );
  live.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
