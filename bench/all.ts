// `npm run bench`: the hub's figures (bench/hub-bench.ts), then the store's and the reports', one after
// the other (each alone on the machine), and how long the whole took. Arguments go to hub-bench.ts.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const parts: [string, string[]][] = [
  ['hub-bench.ts', ['--expose-gc']],
  ['store-bench.ts', []],
  ['reports-bench.ts', []],
];
const t0 = performance.now();
const took: string[] = [];
const loads: number[] = [loadavg()[0]!];
let failed = false;
for (const [script, flags] of parts) {
  const s = performance.now();
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(import.meta.dirname, script), ...(script === 'hub-bench.ts' ? process.argv.slice(2) : [])], { stdio: 'inherit' });
  took.push(`${script} ${((performance.now() - s) / 1000).toFixed(0)} s`);
  loads.push(loadavg()[0]!);
  if (r.status !== 0) {
    failed = true;
    console.error(`${script} failed (${r.status ?? r.signal})`);
    break;
  }
}
console.log(`\nnpm run bench took ${((performance.now() - t0) / 1000).toFixed(0)} s (${took.join(', ')}); load average (1 min) at the start and after each part: ${loads.map((l) => l.toFixed(1)).join(', ')}`);
process.exit(failed ? 1 : 0);
