// The wait-estimate model: what number a citizen is told. Pure — it takes the queue figures it needs
// (people ahead, counters open and busy, recent service times, the prior for this time of day) and
// returns minutes, so the data structures that count those figures (estimate.ts) can change freely.
//
// With c counters open serving this service, k people ahead and a mean service time s, the counters
// are projected forward: an idle counter is free now, a busy one when its ticket's remaining time is
// up (s less the minutes it has been in hand, at least s/4), and each call takes another s; the ticket
// is called when the (k+1)-th call comes. Without the in-hand times: (k + 1 − idle) · s / c. Rounded,
// and at least one minute whenever someone is ahead ("无需等候" with 26 ahead was the bug).
// No counter open: no number at all (NO_COUNTER_OPEN), never a figure computed as if one were.
//
// s is robust to a burst of quick finishes (0.3 s "services" of a no-show clicked through): the recent
// window is trimmed (lowest quarter, highest tenth dropped) and shrunk towards the prior for this
// service and half-hour (its mean in past weeks, else the config's typicalServiceMin), weighted as
// PRIOR_WEIGHT observations.

export const NO_COUNTER_OPEN = 'NO_COUNTER_OPEN' as const;
export type WaitReason = typeof NO_COUNTER_OPEN;

/** How many recent observations the prior is worth. */
export const PRIOR_WEIGHT = 5;

export interface WaitFigures {
  /** People who will be called before this ticket (for a newcomer: everyone waiting). */
  ahead: number;
  /** Counters serving this service with someone logged in. */
  countersOpen: number;
  /** Of those, how many have a ticket in hand (called or serving). */
  busy: number;
  /** Expected minutes per ticket (expectedServiceMin). */
  serviceMin: number;
  /**
   * Minutes each ticket in hand has been at its counter (since called), when known: a counter nearly
   * done frees up sooner than one that just called. Without it every busy counter needs a whole service.
   */
  inHandMin?: readonly number[];
}

/** Expected minutes left of a ticket in hand for `elapsed` minutes: the rest of a mean service, at least a quarter of one. */
export function remainingMin(elapsed: number, serviceMin: number): number {
  return Math.max(serviceMin - elapsed, serviceMin / 4);
}

export type WaitEstimate =
  | { estimatedWaitMin: number; countersOpen: number; waitReason: null }
  | { estimatedWaitMin: null; countersOpen: 0; waitReason: WaitReason };

export function estimateWait(f: WaitFigures): WaitEstimate {
  if (f.countersOpen <= 0) return { estimatedWaitMin: null, countersOpen: 0, waitReason: NO_COUNTER_OPEN };
  const c = f.countersOpen;
  const busy = Math.min(f.busy, c);
  let minutes: number;
  if (f.inHandMin && f.ahead < 200) {
    // Project the counters forward: each frees at its ticket's remaining time, then every serviceMin.
    const free = Array.from({ length: c }, (_, i) => (i < busy ? remainingMin(f.inHandMin![i] ?? 0, f.serviceMin) : 0));
    let at = 0;
    for (let k = 0; k <= f.ahead; k++) {
      let j = 0;
      for (let i = 1; i < c; i++) if (free[i]! < free[j]!) j = i;
      at = free[j]!;
      free[j] = at + f.serviceMin;
    }
    minutes = Math.round(at);
  } else {
    const departures = Math.max(0, f.ahead + 1 - (c - busy));
    minutes = Math.round((departures * f.serviceMin) / c);
  }
  return { estimatedWaitMin: f.ahead > 0 ? Math.max(1, minutes) : Math.max(0, minutes), countersOpen: c, waitReason: null };
}

/** Minutes per ticket from the recent service times (ms, any order) and the prior for now. */
export function expectedServiceMin(recentMs: readonly number[], priorMin: number): number {
  const sorted = [...recentMs].sort((a, b) => a - b);
  const kept = sorted.slice(Math.floor(sorted.length * 0.25), sorted.length - Math.floor(sorted.length * 0.1));
  const sum = kept.reduce((a, b) => a + b, 0) / 60_000;
  return (sum + PRIOR_WEIGHT * priorMin) / (kept.length + PRIOR_WEIGHT);
}

/** The naive estimate the issue measured against: people ahead × average ÷ counters (for the bench). */
export function naiveWaitMin(ahead: number, recentMs: readonly number[], typicalMin: number, counters: number): number {
  const avg = recentMs.length ? recentMs.reduce((a, b) => a + b, 0) / recentMs.length / 60_000 : typicalMin;
  return Math.round((ahead * avg) / Math.max(1, counters));
}

/** Half-hour of the local day, 0–47: the slot history and staffing advice are kept by. */
export function halfHourOfMinutes(minutes: number): number {
  return Math.min(47, Math.max(0, Math.floor(minutes / 30)));
}
