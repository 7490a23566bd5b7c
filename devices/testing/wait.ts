// Polling instead of fixed sleeps: wait until a condition holds, failing with a message after a limit.
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000, everyMs = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
