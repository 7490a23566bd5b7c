// A throwaway PostgreSQL cluster from Debian's `postgresql` package, for the central's tests, its bench
// and the demo city: initdb in a temporary folder, started on a free loopback port with its unix socket in
// that folder, stopped and deleted afterwards. PostgreSQL refuses to run as root, so when we are root the
// cluster belongs to the `postgres` user and its commands run through `runuser -u postgres --`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** Where initdb and pg_ctl are: Debian's versioned folder (they are not all on PATH there). */
export function postgresBinDir(): string {
  const dir = BIN_DIRS.find((d) => existsSync(join(d, 'initdb')));
  if (!dir) throw new Error("PostgreSQL's initdb was not found: apt-get install postgresql (see .ci/run)");
  return dir;
}

export interface PgCluster {
  dir: string;
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/DB (trust authentication on loopback: a throwaway cluster). */
  url(db?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the cluster's owner. */
function pgRun(bin: string, args: string[], options: { timeoutMs?: number } = {}): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts a new cluster. `settings` go to postgresql.conf (e.g. { fsync: 'off' } for a bench that says so).
 * The cluster is tuned small: 2 cores shared by many, so few connections and little shared memory.
 */
export async function startPgCluster(options: { settings?: Record<string, string> } = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'hall-pg-'));
  if (asRoot) {
    const pw = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(pw), Number(gid));
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  pgRun(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const conf = {
    port: String(port),
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${dir}'`,
    max_connections: '60',
    shared_buffers: "'64MB'",
    logging_collector: 'off',
    ...options.settings,
  };
  // Appended by the owner: postgresql.conf belongs to it and is not writable by others.
  const extra = join(dir, 'extra.conf');
  writeFileSync(extra, Object.entries(conf).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  chmodSync(extra, 0o644);
  pgRun('/bin/sh', ['-c', `cat '${extra}' >> '${join(data, 'postgresql.conf')}'`]);
  pgRun(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const cluster: PgCluster = {
    dir,
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    createDatabase(name) {
      pgRun(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name}"`]);
      return cluster.url(name);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgRun(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
