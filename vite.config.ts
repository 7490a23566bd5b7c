// One Vite build for every web terminal: each is a page of its own, sharing ui/ (API client,
// realtime store, i18n, styles). The hub serves the result from dist/web.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const page = (path: string) => resolve(import.meta.dirname, path);

/**
 * Every page's common document around what is its own. A page's index.html holds only its title, its
 * entry script and anything particular to it (a device page's empty icon, so a kiosk browser asks for
 * none); this wraps them in the one head (Chinese first, charset, viewport, the hall's icon unless the
 * page names its own) and the body's #app mount, in dev and in the build. No inline script or style is
 * added: the hub's CSP (hub/security/headers.ts) allows none.
 */
function pageShell(): Plugin {
  return {
    name: 'hall-page-shell',
    transformIndexHtml: {
      order: 'pre',
      handler(source) {
        if (/<html[\s>]/i.test(source)) return source; // a page written out in full keeps its own
        const own = source.replace(/^\s*<!doctype html>\s*/i, '').trim().split(/\n\s*/);
        const scripts = own.filter((line) => line.startsWith('<script'));
        const head = own.filter((line) => !line.startsWith('<script'));
        const icon = head.some((line) => line.startsWith('<link rel="icon"')) ? [] : ['<link rel="icon" href="/favicon.svg" />'];
        const lines = ['<meta charset="utf-8" />', '<meta name="viewport" content="width=device-width, initial-scale=1" />', ...icon, ...head];
        return [
          '<!doctype html>',
          '<html lang="zh-CN">',
          '  <head>',
          ...lines.map((line) => `    ${line}`),
          '  </head>',
          '  <body>',
          '    <div id="app"></div>',
          ...scripts.map((line) => `    ${line}`),
          '  </body>',
          '</html>',
          '',
        ].join('\n');
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  plugins: [pageShell()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        landing: page('landing/index.html'),
        kiosk: page('kiosk/index.html'),
        track: page('phone/index.html'),
        counter: page('counter/index.html'),
        dashboard: page('dashboard/index.html'),
        display: page('display-board/web/index.html'),
        pad: page('counter-pads/web/index.html'),
        virtual: page('virtual-devices/index.html'),
        // The city's central (central/): its managers' dashboard and the public page for phones.
        cityDashboard: page('central/web/index.html'),
        city: page('central/web/city.html'),
      },
    },
  },
});
