// The hall config's `http` and `tls` sections: who may call the hub from a browser page of another
// origin, which reverse proxies are trusted to name the real client, and the hub's certificate.
// Read by hub/server.ts (TLS at start; origins and proxies live, so a dashboard edit applies at once).
import { isIP } from 'node:net';
import { z } from 'zod';

/** An address or CIDR block (10.0.0.0/8, fd00::/8), or one of express's names for well-known ranges. */
const proxyAddress = z.string().refine((s) => {
  if (s === 'loopback' || s === 'linklocal' || s === 'uniquelocal') return true;
  const [addr, bits, extra] = s.split('/');
  const family = isIP(addr ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, 'an IP address, a CIDR block such as 10.0.0.0/8, or loopback / linklocal / uniquelocal');

/** An origin as a browser sends it: scheme, host and port, no path. */
const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/, 'an origin such as https://portal.example.gov.cn (no path, no trailing slash)');

export const httpSchema = z
  .object({
    /**
     * Reverse proxies in front of the hub whose X-Forwarded-For names the real client (login limits and
     * the audit log key on it): false (none, the default: the hub faces the terminals itself), a number
     * of proxy hops, or the proxies' addresses/CIDR blocks.
     */
    trustProxy: z.union([z.literal(false), z.number().int().min(1).max(10), z.array(proxyAddress).min(1).max(50)]).default(false),
    /** Web origins besides the hub's own that may call the API and socket.io from a browser (CORS). */
    allowedOrigins: z.array(origin).max(20).default([]),
  })
  .strict();
export type HttpSettings = z.infer<typeof httpSchema>;
export const DEFAULT_HTTP: HttpSettings = { trustProxy: false, allowedOrigins: [] };

export const tlsSchema = z
  .object({
    /** PEM files of the hub's certificate (with its chain) and private key. */
    cert: z.string().min(1).max(500).optional(),
    key: z.string().min(1).max(500).optional(),
    /** Without cert and key: the hub makes a self-signed certificate once and keeps it in its data directory. */
    selfSigned: z.boolean().optional(),
  })
  .strict()
  .refine((t) => !!t.cert === !!t.key, { message: 'give both cert and key, or neither' })
  .refine((t) => !(t.cert && t.selfSigned), { message: 'selfSigned is for a hall without its own certificate: drop it or cert/key' });
export type TlsSettings = z.infer<typeof tlsSchema>;
