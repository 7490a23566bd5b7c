// Records every file module a process loads, one URL a line, in the file named by HALL_MODULE_LOG: given
// to a child `hall` as NODE_OPTIONS=--import=<this file>, it lets a test say which of the hall's modules
// a process never loaded (the simulators where no virtual device runs). Registered before tsx (which
// bin/hall.mjs registers later), the hook sees what tsx resolved each import to.
import { register } from 'node:module';

if (process.env.HALL_MODULE_LOG) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        import { appendFileSync } from 'node:fs';
        let file;
        export function initialize(data) { file = data.file; }
        export async function resolve(specifier, context, next) {
          const r = await next(specifier, context);
          if (r.url.startsWith('file:')) appendFileSync(file, r.url + '\\n');
          return r;
        }
      `),
    { data: { file: process.env.HALL_MODULE_LOG } },
  );
}
