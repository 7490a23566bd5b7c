// Same origin unless the config lists another: one answer for REST and socket.io. A browser names the
// page behind a request in its Origin header. A page of another site (or a sandboxed one: "null") that a
// hall PC's browser happens to open must not post to the hub from inside the hall LAN — guess PINs, drive
// the demo's open routes — nor open its socket (WebSockets are not covered by CORS at all). Programs (the
// agent, curl, a business system) send no Origin and are judged by their token alone.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from '../api/errors.js';

/** Whether a request with this Origin may be served: none, the hub's own host, or a listed origin. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and anything else that is not an origin
  }
  // The page came from this hub: its host:port is the one the browser addressed (Host header).
  return !!host && url.host.toLowerCase() === host.toLowerCase();
}

export function requestOriginAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  return originAllowed(Array.isArray(origin) ? origin[0] : origin, req.headers.host, allowed);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * REST: state-changing requests from a foreign page are refused (403 CROSS_ORIGIN); a listed origin
 * gets CORS headers (and its preflight answered), any other gets none, so its page cannot read answers.
 */
export function originGuard(allowedOrigins: () => readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    const allowed = allowedOrigins();
    if (origin !== undefined && allowed.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, accept-language, idempotency-key');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    if (UNSAFE.has(req.method) && !originAllowed(origin, req.get('host'), allowed)) {
      next(new ApiError(403, 'CROSS_ORIGIN', { origin: origin ?? null }));
      return;
    }
    next();
  };
}
