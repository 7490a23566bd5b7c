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

/** Polls an async read until its value passes `ok`; fails with the last value seen. */
export async function waitForValue<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last ${JSON.stringify(last)}`);
    await sleep(everyMs);
    last = await read();
  }
  return last;
}
