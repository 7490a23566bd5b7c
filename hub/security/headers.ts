// Security headers on every answer of the hub. The web terminals are built by Vite into hashed
// external scripts and stylesheets only (no inline <script>, <style> or style="" in the HTML; Preact
// sets styles through the CSSOM, which CSP does not govern), so the policy needs no 'unsafe-inline'.
// tests/security/headers.test.ts loads every page in Chromium and fails on any CSP violation.
import type { RequestHandler } from 'express';
import type { HallConfig } from '../config/schema.js';

/** Staff photos may live on the hall's own web server: their origins join img-src. */
function photoOrigins(config: HallConfig): string[] {
  const origins = new Set<string>();
  for (const s of config.staff) {
    if (!s.photo || !/^https?:\/\//i.test(s.photo)) continue;
    try {
      origins.add(new URL(s.photo).origin);
    } catch {
      /* not a URL: a path on the hub, covered by 'self' */
    }
  }
  return [...origins];
}

export function contentSecurityPolicy(config: HallConfig): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // QR codes and printed-ticket previews are data: images; a dashboard export is a blob: download.
    ['img-src', "'self'", 'data:', 'blob:', ...photoOrigins(config)].join(' '),
    "media-src 'self'",
    "font-src 'self'",
    // The socket.io connection: 'self' covers ws(s):// to the same host in CSP Level 3 browsers.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(config: () => HallConfig): RequestHandler {
  let cached: { config: HallConfig; csp: string } | undefined;
  return (req, res, next) => {
    const c = config();
    if (cached?.config !== c) cached = { config: c, csp: contentSecurityPolicy(c) };
    res.setHeader('Content-Security-Policy', cached.csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // frame-ancestors for current browsers, X-Frame-Options for the old ones on some hall PCs.
    res.setHeader('X-Frame-Options', 'DENY');
    // A tracking page's URL carries the ticket id: it must not leave as a Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // Over TLS only: tells browsers to use HTTPS for this host from now on (no includeSubDomains: the
    // hub does not speak for other hosts of the hall's domain).
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    next();
  };
}
