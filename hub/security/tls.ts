// HTTPS for the hub. A hall gives its own certificate and key (PEM files), or lets the hub make a
// self-signed certificate once and keep it in the data directory: terminals then trust that one
// certificate (installed on the PC, or pinned by the SHA-256 fingerprint the hub prints at start).
//
// The self-signed certificate is made with the `selfsigned` package: Node's crypto makes keys but has no
// API to issue an X.509 certificate, and `selfsigned` (5.x) does it on Node's own WebCrypto through
// @peculiar/x509 — no native code, no OpenSSL binary to install on a hall PC, maintained, widely used.
//
// HTTPS and plain HTTP share the port: the first byte of a connection says which it is (0x16 opens a
// TLS handshake record); a plain request is answered with a redirect to the same address over HTTPS, so a
// terminal bookmarked at http:// still ends up on TLS.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TlsSettings } from './config.js';

export interface HubTls {
  cert: string;
  key: string;
  /** The certificate's SHA-256 fingerprint, AA:BB:…, for terminals to check or pin. */
  fingerprint256: string;
  /** Where the certificate is (to copy it onto terminals). */
  certPath: string;
  selfSigned: boolean;
  validTo: string;
}

/** The files of the self-signed certificate in the data directory. */
export function selfSignedPaths(dataDir: string): { dir: string; cert: string; key: string } {
  const dir = join(dataDir, 'tls');
  return { dir, cert: join(dir, 'hub-cert.pem'), key: join(dir, 'hub-key.pem') };
}

/** The names a terminal may address the hub by: this PC's name, localhost and every address it has. */
function subjectAltNames(): Array<{ type: 2; value: string } | { type: 7; ip: string }> {
  const names: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [{ type: 2, value: 'localhost' }];
  const host = hostname();
  if (/^[A-Za-z0-9.-]+$/.test(host) && host !== 'localhost') names.push({ type: 2, value: host });
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.address.startsWith('fe80')) ips.add(a.address);
  for (const ip of ips) names.push({ type: 7, ip });
  return names;
}

async function makeSelfSigned(dataDir: string, log: Logger): Promise<void> {
  const { generate } = await import('selfsigned');
  const paths = selfSignedPaths(dataDir);
  const notBeforeDate = new Date(Date.now() - 3_600_000);
  // Five years: a hall PC's certificate is replaced by deleting these files, not by a calendar.
  const notAfterDate = new Date(notBeforeDate.getTime() + 5 * 365 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: `hall hub ${hostname()}` }, { name: 'organizationName', value: 'hall-queue' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: subjectAltNames() },
    ],
  });
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  writeFileSync(paths.key, pems.private, { mode: 0o600 });
  chmodSync(paths.key, 0o600);
  writeFileSync(paths.cert, pems.cert, { mode: 0o644 });
  log.info({ cert: paths.cert }, 'made a self-signed certificate for the hub');
}

export class TlsConfigError extends Error {}

/** The hub's certificate and key per the settings, making the self-signed one on first use; undefined without TLS. */
export async function loadHubTls(settings: TlsSettings | undefined, dataDir: string, log: Logger): Promise<HubTls | undefined> {
  if (!settings || (!settings.cert && !settings.selfSigned)) return undefined;
  let certPath: string;
  let keyPath: string;
  if (settings.cert && settings.key) {
    certPath = settings.cert;
    keyPath = settings.key;
  } else {
    const paths = selfSignedPaths(dataDir);
    if (!existsSync(paths.cert) || !existsSync(paths.key)) await makeSelfSigned(dataDir, log);
    certPath = paths.cert;
    keyPath = paths.key;
  }
  let cert: string;
  let key: string;
  let x509: X509Certificate;
  try {
    cert = readFileSync(certPath, 'utf8');
    key = readFileSync(keyPath, 'utf8');
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new TlsConfigError(`cannot read the TLS certificate or key (${certPath}, ${keyPath}): ${(e as Error).message}`);
  }
  if (!x509.checkPrivateKey((await import('node:crypto')).createPrivateKey(key))) throw new TlsConfigError(`the key ${keyPath} does not belong to the certificate ${certPath}`);
  return { cert, key, fingerprint256: x509.fingerprint256, certPath, selfSigned: !settings.cert, validTo: x509.validTo };
}

/** Host header values the redirect may name: a host name or address with an optional port. */
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

function redirectToHttps(req: IncomingMessage, res: ServerResponse): void {
  const host = req.headers.host;
  if (!host || !HOST.test(host)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('此地址只接受 HTTPS / This address takes HTTPS only\n');
    return;
  }
  // 301 for pages; 308 keeps the method and body of an API call (which should have used https:// anyway).
  const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308;
  res.writeHead(status, { location: `https://${host}${req.url ?? '/'}`, 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`请使用 HTTPS / Use HTTPS: https://${host}${req.url ?? '/'}\n`);
}

/**
 * One port for both: a net server that hands each connection to the HTTPS server, or to a tiny HTTP
 * server that redirects, after peeking at its first byte.
 */
export function sniffingListener(https: HttpsServer, log: Logger): { listener: NetServer; close(): Promise<void> } {
  const plain = createHttpServer(redirectToHttps);
  plain.keepAliveTimeout = 1_000;
  const sockets = new Set<Socket>();
  const listener = createNetServer({ pauseOnConnect: true }, (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', (err) => log.debug({ err }, 'connection error before TLS'));
    // A client that connects and says nothing must not hold the socket for ever.
    socket.setTimeout(10_000, () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      socket.setTimeout(0);
      if (first[0] === 0x16) https.emit('connection', socket);
      else plain.emit('connection', socket);
    });
  });
  return {
    listener,
    /** Stops listening and ends every connection, TLS or not (the HTTPS server never listened itself). */
    async close() {
      https.closeAllConnections();
      // Clears the HTTPS server's header-timeout timer; it was never listening, so its own close errs.
      https.close(() => {});
      plain.closeAllConnections();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
