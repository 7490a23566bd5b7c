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
  '/': 'web/index.html',
  '/kiosk': 'kiosk/index.html',
  '/counter': 'counter/index.html',
  '/dashboard': 'dashboard/index.html',
  '/display': 'display-board/web/index.html',
  '/pad': 'eval-pad/web/index.html',
  '/t/:id': 'kiosk/track.html',
  '/virtual': 'web/virtual.html',
};

export function serveWeb(app: Express, dir = WEB_DIR): void {
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use('/voice', express.static(VOICE_DIR, { maxAge: '1d', fallthrough: false }));
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, (_req, res) => {
      const path = join(dir, file);
      if (!existsSync(path)) {
        res.status(503).type('text/plain; charset=utf-8').send('网页终端尚未构建：请运行 npm run build\nThe web terminals are not built: run npm run build\n');
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path);
    });
  }
}
