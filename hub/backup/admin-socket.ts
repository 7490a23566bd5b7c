// The hub's local admin socket: `hall backup` and `hall verify` on a running hub ask it here,
// because only the hub can read its exclusively locked file. A unix socket in the data directory, mode
// 0600 in a 0700 directory: only the account that runs the hub can connect, which is the authentication.
// One JSON request per line, one JSON answer, then the connection closes.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { isAbsolute, join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Hall } from '../hall.js';

export const ADMIN_SOCKET = 'admin.sock';

const request = z.discriminatedUnion('op', [
  z.object({ op: z.literal('ping') }),
  z.object({ op: z.literal('backup'), out: z.string().min(1).max(1000).refine(isAbsolute, 'an absolute path') }),
  z.object({ op: z.literal('verify') }),
]);
export type AdminRequest = z.infer<typeof request>;

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export async function startAdminSocket(o: { dataDir: string; hall: Hall; log: Logger }): Promise<{ close(): Promise<void> }> {
  const path = join(o.dataDir, ADMIN_SOCKET);
  // A socket file left by a hub that died: we hold the data directory's lock, so it is nobody's.
  if (existsSync(path)) rmSync(path, { force: true });
  const handle = async (req: AdminRequest): Promise<unknown> => {
    if (req.op === 'ping') return { ok: true, pid: process.pid, lastSeq: o.hall.lastSeq };
    if (req.op === 'backup') {
      const r = await o.hall.store.backupTo(req.out);
      o.log.info({ file: r.file, bytes: r.bytes, lastSeq: r.lastSeq, ms: r.ms }, 'backup made (admin socket)');
      return { ok: true, ...r };
    }
    const report = await o.hall.store.verifyDataDir(o.dataDir, { pause: nextTurn });
    return { ok: true, report };
  };
  const server: Server = createServer((conn) => {
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > 10_000) conn.destroy();
        return;
      }
      let parsed: AdminRequest;
      try {
        parsed = request.parse(JSON.parse(buf.slice(0, nl)));
      } catch (e) {
        conn.end(JSON.stringify({ ok: false, code: 'BAD_INPUT', error: (e as Error).message }) + '\n');
        return;
      }
      handle(parsed).then(
        (answer) => conn.end(JSON.stringify(answer) + '\n'),
        (e: Error) => {
          o.log.error({ err: e, op: parsed.op }, 'admin request failed');
          conn.end(JSON.stringify({ ok: false, code: 'FAILED', error: e.message }) + '\n');
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

/** Asks the hub running on `dataDir`; undefined when none is (no socket, or nobody behind it). */
export function askHub(dataDir: string, req: AdminRequest, timeoutMs = 600_000): Promise<Record<string, unknown> | undefined> {
  const path = join(dataDir, ADMIN_SOCKET);
  if (!existsSync(path)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const conn = createConnection(path);
    let buf = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`the hub did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify(req) + '\n'));
    conn.on('data', (c: string) => (buf += c));
    conn.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buf) as Record<string, unknown>);
      } catch {
        reject(new Error(`the hub answered something else: ${buf.slice(0, 200)}`));
      }
    });
    conn.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(undefined);
      else reject(e);
    });
  });
}
