// Erlang C (M/M/N): how many counters a queue needs so that a target share of citizens is called
// within a target time. Arrivals Poisson at λ per hour, service exponential with mean s minutes, N
// counters, first come first served; A = λ·s/60 Erlang is the offered load. The textbook formulas:
//   Erlang B by the stable recursion  B(0) = 1,  B(n) = A·B(n−1) / (n + A·B(n−1))
//   P(wait > 0) = C(N, A) = N·B / (N − A·(1 − B))                                      (N > A)
//   P(wait ≤ t) = 1 − C·exp(−(N − A)·t / s)
//   mean wait   = C·s / (N − A)
// Pure numbers; docs/staffing.md explains the method and its limits.

export interface StaffingInput {
  arrivalsPerHour: number;
  serviceMin: number;
  /** Target wait in minutes. */
  targetMin: number;
  /** Target share called within targetMin, 0–1 (0.8 = 80 %). */
  level: number;
}

export interface StaffingFigures {
  counters: number;
  /** Predicted share of citizens called within the target (0–1). */
  withinTarget: number;
  /** Probability of waiting at all. */
  pWait: number;
  avgWaitMin: number;
  /** Offered load in Erlang (busy counters on average). */
  erlangs: number;
  /** Share of the counters' time spent serving. */
  occupancy: number;
}

export function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Probability that an arrival waits, N counters and A Erlang; 1 when N ≤ A (the queue grows without end). */
export function erlangC(n: number, a: number): number {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  const b = erlangB(n, a);
  return (n * b) / (n - a * (1 - b));
}

/** Share called within `targetMin` with `n` counters. */
export function serviceLevel(n: number, arrivalsPerHour: number, serviceMin: number, targetMin: number): number {
  const a = (arrivalsPerHour * serviceMin) / 60;
  if (a <= 0) return 1;
  if (n <= a) return 0;
  return 1 - erlangC(n, a) * Math.exp((-(n - a) * targetMin) / serviceMin);
}

export function figuresFor(n: number, input: Omit<StaffingInput, 'level'>): StaffingFigures {
  const a = (input.arrivalsPerHour * input.serviceMin) / 60;
  const c = erlangC(n, a);
  return {
    counters: n,
    withinTarget: serviceLevel(n, input.arrivalsPerHour, input.serviceMin, input.targetMin),
    pWait: c,
    avgWaitMin: n > a ? (c * input.serviceMin) / (n - a) : Infinity,
    erlangs: a,
    occupancy: n > 0 ? Math.min(1, a / n) : 0,
  };
}

/** The fewest counters that meet the target (0 when nobody comes). */
export function countersNeeded(input: StaffingInput): StaffingFigures {
  const a = (input.arrivalsPerHour * input.serviceMin) / 60;
  if (a <= 0) return figuresFor(0, input);
  for (let n = Math.max(1, Math.floor(a) + 1); ; n++) {
    const f = figuresFor(n, input);
    if (f.withinTarget >= input.level || n > a + 10_000) return f;
  }
}
