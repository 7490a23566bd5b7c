// `hall staffing` as a manager runs it (the real command, a child process), checked against the
// textbook Erlang C written out here; and the engine simulation beside the prediction.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { countersNeeded } from './erlang.js';
import { simulateStaffing } from './simulate.js';

const hall = fileURLToPath(new URL('../../bin/hall.mjs', import.meta.url));
const run = (args: string[]) => promisify(execFile)(process.execPath, [hall, 'staffing', ...args]);

/** P(wait ≤ t) for M/M/N by the sum form of Erlang C. */
function textbookLevel(n: number, lam: number, s: number, t: number): number {
  const a = (lam * s) / 60;
  if (n <= a) return 0;
  let term = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term * (n / (n - a));
  return 1 - (top / (sum + top)) * Math.exp((-(n - a) * t) / s);
}

describe('hall staffing', () => {
  it('prints the counters and the share within target as JSON, as the textbook formula gives them', async () => {
    // λ = 100/h, 6 min: A = 10 Erlang. Within 20 min at 80 %: 11 counters (10 cannot keep up).
    const { stdout } = await run(['--arrivals-per-hour', '100', '--service-min', '6', '--target-min', '20', '--level', '80', '--json']);
    const out = JSON.parse(stdout) as { counters: number; withinTarget: number };
    expect(out.counters).toBe(11);
    expect(out.withinTarget).toBeCloseTo(textbookLevel(11, 100, 6, 20), 4);
    // A tight target needs more: within 1 minute for 90 %.
    const tight = JSON.parse((await run(['--arrivals-per-hour', '100', '--service-min', '6', '--target-min', '1', '--level', '0.9', '--json'])).stdout);
    expect(textbookLevel(tight.counters, 100, 6, 1)).toBeGreaterThanOrEqual(0.9);
    expect(textbookLevel(tight.counters - 1, 100, 6, 1)).toBeLessThan(0.9);
    expect(tight.withinTarget).toBeCloseTo(textbookLevel(tight.counters, 100, 6, 1), 4);
  });

  it('refuses bad arguments with exit code 2 and the usage', async () => {
    const err = await run(['--arrivals-per-hour', 'many', '--service-min', '6']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/--arrivals-per-hour must be a number[\s\S]*usage: hall staffing/);
  });
});

describe('the engine on a virtual clock checks the advice', () => {
  it('simulated share within target is close to the predicted one (seeded M/M/N run)', () => {
    const input = { arrivalsPerHour: 20, serviceMin: 6, targetMin: 5, level: 0.8 };
    const advice = countersNeeded(input);
    expect(advice.counters).toBe(3);
    const sim = simulateStaffing({ ...input, counters: advice.counters, days: 4, seed: 3 });
    expect(sim.tickets).toBeGreaterThan(1000);
    expect(Math.abs(sim.withinTarget - advice.withinTarget)).toBeLessThan(0.05);
    // One counter fewer and the queue grows without end: the simulation shows it too.
    expect(simulateStaffing({ ...input, counters: 2, days: 1, seed: 3 }).withinTarget).toBeLessThan(0.5);
  });
});
