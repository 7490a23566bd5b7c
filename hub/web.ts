// Serving the web terminals built by Vite (dist/web): one HTML page per terminal, the hashed assets
// with long caching, and the citizen's tracking page at /t/:id.
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The package's root, where package.json is: above hub/ in the sources, above dist/server/hub/ in the build. */
function packageRoot(from: string): string {
  for (let d = from; dirname(d) !== d; d = dirname(d)) if (existsSync(join(d, 'package.json'))) return d;
  return resolve(from, '..');
}

export const WEB_DIR = join(packageRoot(HERE), 'dist/web');
/** The call announcements' clips (display-board/voice/make-clips.ts; the build copies them beside its modules), played by the hall display. */
export const VOICE_DIR = resolve(HERE, '../display-board/voice/clips');

const PAGES: Record<string, string> = {
  '/': 'landing/index.html',
  '/kiosk': 'kiosk/index.html',
  '/counter': 'counter/index.html',
  '/dashboard': 'dashboard/index.html',
  '/display': 'display-board/web/index.html',
  '/pad': 'counter-pads/web/index.html',
  '/t/:id': 'phone/index.html',
  '/virtual': 'virtual-devices/index.html',
};

/** The hall's icon (a ticket with a number), for every page and the browser's own /favicon.ico request. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="6" y="10" width="52" height="44" rx="8" fill="#0b5cad"/>' +
  '<path d="M6 26h52" stroke="#fff" stroke-width="3" stroke-dasharray="5 4"/><text x="32" y="48" font-size="20" font-family="sans-serif" font-weight="700" fill="#fff" text-anchor="middle">A01</text></svg>';

/** An unknown page, said in both languages with a way back (instead of express's bare "Cannot GET /x"). */
export const NOT_FOUND_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg"><title>页面不存在 · Page not found</title>
<style>body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.6em;
font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;background:#f3f6fa;color:#15202b;text-align:center;padding:1em}
h1{margin:0;color:#0b5cad}p{margin:0;font-size:1.1em}a{color:#0b5cad;font-weight:700;font-size:1.2em}</style></head>
<body data-testid="not-found"><h1>页面不存在</h1><p>Page not found</p><p>请检查地址是否正确。 · Please check the address.</p>
<a href="/">返回首页 · Back to the start</a></body></html>
`;

/**
 * Built pages (the hub's terminals, the central's dashboards): the hashed assets cached for good, each
 * page's HTML at its route (no-cache unless `cacheControl` says otherwise, so a new build shows at once),
 * and before any build a 503 that says, in both languages, what to run.
 */
export function servePages(app: Express, dir: string, pages: Readonly<Record<string, string>>, o: { notBuilt: string; cacheControl?: (route: string) => string }): void {
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  for (const [route, file] of Object.entries(pages)) {
    app.get(route, (_req, res) => {
      const path = join(dir, file);
      if (!existsSync(path)) {
        res.status(503).type('text/plain; charset=utf-8').send(o.notBuilt);
        return;
      }
      res.setHeader('cache-control', o.cacheControl?.(route) ?? 'no-cache');
      res.sendFile(path);
    });
  }
}

export function serveWeb(app: Express, dir = WEB_DIR): void {
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, (_req, res) => {
      res.setHeader('cache-control', 'public, max-age=86400');
      res.type('image/svg+xml').send(FAVICON_SVG);
    });
  }
  app.use('/voice', express.static(VOICE_DIR, { maxAge: '1d', fallthrough: false }));
  servePages(app, dir, PAGES, { notBuilt: '网页终端尚未构建：请运行 npm run build\nThe web terminals are not built: run npm run build\n' });
  // Last: any other page a browser asks for (the API answers its own 404s in JSON).
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path === '/api') return next();
    res.status(404).type('html').send(NOT_FOUND_HTML);
  });
}
