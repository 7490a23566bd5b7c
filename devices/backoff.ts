// Reconnect delays: exponential, capped, with jitter so that a hall's devices do not all knock at
// once after a power cut or a hub restart.

export interface BackoffOptions {
  /** The first delay. */
  initialMs: number;
  /** The cap: no delay is longer, jitter included. */
  maxMs: number;
  /** Each failed attempt multiplies the delay by this. */
  factor: number;
  /** ± this fraction of the delay, at random (0 = none, 0.2 = ±20 %). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 15_000, factor: 2, jitter: 0.2 };

/** The delay before reconnect attempt `attempt` (0 for the first). */
export function backoffDelay(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, attempt));
  const jittered = base + base * o.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(o.maxMs, Math.round(jittered)));
}
