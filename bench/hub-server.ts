// The hub in its own process for the HTTP bench: the demo hall (open round the clock) on a temp data
// directory, logging off. Prints the URL on stdout.
import pino from 'pino';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { startHub } from '../hub/server.js';

const hub = await startHub({ config: demoHallConfig(), configSource: 'bench', dataDir: process.argv[2]!, port: 0, log: pino({ level: 'silent' }) });
console.log(hub.url);

// The bench asks, over IPC, for this process's memory after a full GC (node --expose-gc): RSS and heap.
process.on('message', (m) => {
  if (m !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.(process.memoryUsage());
});

// The bench stops this process with SIGTERM: a normal exit, so a --cpu-prof profile (HALL_BENCH_PROFILE) is written.
process.on('SIGTERM', () => process.exit(0));
