// Erlang C against the textbook formula written out independently: the sum form
//   C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))
// in plain floating point, and the service level 1 − C·e^(−(N−A)·t/s).
import { describe, expect, it } from 'vitest';
import { countersNeeded, erlangB, erlangC, serviceLevel } from './erlang.js';

function textbookC(n: number, a: number): number {
  let term = 1; // A^k / k!
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term * (n / (n - a)); // term is now A^N / N!
  return top / (sum + top);
}

describe('Erlang C', () => {
  it('λ = 100/h, 6 min → A = 10 Erlang: P(wait) and the service level agree with the sum formula', () => {
    for (const n of [11, 12, 13, 15, 20]) {
      expect(erlangC(n, 10)).toBeCloseTo(textbookC(n, 10), 12);
      expect(serviceLevel(n, 100, 6, 20)).toBeCloseTo(1 - textbookC(n, 10) * Math.exp((-(n - 10) * 20) / 6), 12);
    }
    // The published table value for A = 10, N = 11 is 0.6821 (and 0.4494 for N = 12).
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 4);
  });

  it('Erlang B by the recursion equals the closed form (A^N/N!) / Σ A^k/k!', () => {
    const closed = (n: number, a: number) => {
      let term = 1;
      let sum = 1;
      for (let k = 1; k <= n; k++) sum += term = (term * a) / k;
      return term / sum;
    };
    for (const [n, a] of [[1, 0.5], [5, 3], [10, 10], [30, 25]] as const) expect(erlangB(n, a)).toBeCloseTo(closed(n, a), 12);
  });

  it('the counters needed are the fewest that reach the level, checked one below', () => {
    for (const [lam, s, t, p] of [[100, 6, 20, 0.8], [100, 6, 1, 0.8], [30, 12, 10, 0.9], [240, 4, 5, 0.95], [3, 15, 20, 0.8]] as const) {
      const r = countersNeeded({ arrivalsPerHour: lam, serviceMin: s, targetMin: t, level: p });
      const a = (lam * s) / 60;
      const level = (n: number) => (n <= a ? 0 : 1 - textbookC(n, a) * Math.exp((-(n - a) * t) / s));
      expect(level(r.counters)).toBeGreaterThanOrEqual(p);
      expect(level(r.counters - 1)).toBeLessThan(p);
      expect(r.withinTarget).toBeCloseTo(level(r.counters), 12);
    }
  });

  it('needs more counters than the load, none when nobody comes', () => {
    expect(countersNeeded({ arrivalsPerHour: 100, serviceMin: 6, targetMin: 20, level: 0.8 }).counters).toBe(11);
    expect(countersNeeded({ arrivalsPerHour: 0, serviceMin: 6, targetMin: 20, level: 0.8 }).counters).toBe(0);
    expect(erlangC(10, 10)).toBe(1);
  });
});
