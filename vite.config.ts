// One Vite build for every web terminal: each is a page of its own, sharing ui/ (API client,
// realtime store, i18n, styles). The hub serves the result from dist/web.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const page = (path: string) => resolve(import.meta.dirname, path);

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
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
