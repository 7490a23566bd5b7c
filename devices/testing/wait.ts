// Polling instead of fixed sleeps: wait until a condition holds, failing with a message after a limit.
// The limit is generous (a shared, noisy machine may stall for seconds): it bounds a failure, it asserts no speed.
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000, everyMs = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
