// A TCP port a test's client is refused on, for as long as the test needs it to be.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A port nothing listens on, and nothing else will take while a test counts on a refused connection: below
 * the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), from which every other test's listen(0) and
 * child hub draw. A port from listen(0) let go again was once taken by another test's server meanwhile
 * (the hub met its 404 instead of a refused connection).
 */
export async function refusedPort(): Promise<number> {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: keep the usual lower bound
  }
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (low - 10_000));
    const s = createServer();
    const ok = await new Promise<boolean>((r) => {
      s.once('error', () => r(false));
      s.listen(port, '127.0.0.1', () => r(true));
    });
    if (ok) {
      await new Promise<void>((r) => s.close(() => r()));
      return port;
    }
  }
}
