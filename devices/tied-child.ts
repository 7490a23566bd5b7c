// Child processes that do not outlive the program that started them (the socat of the demo hall's
// virtual serial lines). Two parts:
//  - spawnTied() starts the program through util-linux's `setpriv --pdeathsig KILL`, which asks the
//    kernel (prctl PR_SET_PDEATHSIG, kept across exec) to SIGKILL the child when its parent dies, also
//    when the parent was killed with SIGKILL and no handler of ours could run. Without setpriv on the
//    PATH the program is started plainly.
//  - A pidfile per child ({pid, argv}) that a later run reads: endLeftover() kills the process only if
//    /proc/PID/cmdline is still exactly the recorded argv (a pid reused by another program is left
//    alone). That covers what pdeathsig cannot: a child of a run that had no setpriv, or that started
//    before this existed. Call it only while holding the data directory's lock, so that a second hub
//    refused on that directory never touches the first one's children.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `command` is on the PATH (a path with a slash: itself), or null. */
function onPath(command: string, path = process.env.PATH ?? ''): string | null {
  if (command.includes('/')) return executable(command) ? command : null;
  for (const dir of path.split(delimiter)) if (dir && executable(join(dir, command))) return join(dir, command);
  return null;
}

/** setpriv's path on this PATH, or null (looked up once per process). */
let setpriv: string | null | undefined;
function findSetpriv(): string | null {
  if (setpriv === undefined) setpriv = onPath('setpriv');
  return setpriv;
}

/** True when children started by spawnTied() die with this process (setpriv was found). */
export function childrenAreTied(): boolean {
  return process.platform === 'linux' && findSetpriv() !== null;
}

/** spawn(), with the child killed by the kernel when this process dies (see the top of this file). */
export function spawnTied(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const sp = childrenAreTied() ? findSetpriv() : null;
  // A program that is not there is spawned plainly, so that it fails as spawn() fails (ENOENT), not as
  // setpriv exiting 127.
  return sp && onPath(command, (options.env ?? process.env).PATH) ? spawn(sp, ['--pdeathsig', 'KILL', '--', command, ...args], options) : spawn(command, args, options);
}

interface PidRecord {
  pid: number;
  argv: string[];
}

/** Records a running child (its argv as the kernel shows it, i.e. without setpriv) in `file`. */
export function recordChild(file: string, pid: number, argv: readonly string[]): void {
  writeFileSync(file, JSON.stringify({ pid, argv: [...argv] } satisfies PidRecord) + '\n', { mode: 0o600 });
}

/** Forgets a child that ended as it should. */
export function forgetChild(file: string): void {
  rmSync(file, { force: true });
}

function cmdline(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0$/, '').split('\0') : null; // a zombie has an empty cmdline
  } catch {
    return null;
  }
}

/**
 * Ends the child recorded in `file` if it still runs with the recorded command line, and removes the
 * file. Returns the pid it killed, or null.
 */
export function endLeftover(file: string): number | null {
  let rec: PidRecord;
  try {
    rec = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    forgetChild(file);
    return null;
  }
  forgetChild(file);
  if (!Number.isInteger(rec.pid) || rec.pid <= 1 || !Array.isArray(rec.argv)) return null;
  const now = cmdline(rec.pid);
  if (!now || now.length !== rec.argv.length || now.some((a, i) => a !== rec.argv[i])) return null;
  try {
    process.kill(rec.pid, 'SIGKILL');
    return rec.pid;
  } catch {
    return null;
  }
}

/** endLeftover() for every `*.pid` file in `dir` (missing dir: nothing). Returns the pids it killed. */
export function endLeftovers(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const n of names) {
    if (!n.endsWith('.pid')) continue;
    const pid = endLeftover(join(dir, n));
    if (pid !== null) killed.push(pid);
  }
  return killed;
}
