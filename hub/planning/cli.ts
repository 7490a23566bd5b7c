// `hall staffing`: the counters a queue needs (Erlang C), for managers planning without data, and with
// --simulate the same queue played through the engine on a virtual clock beside the prediction.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { countersNeeded, figuresFor } from './erlang.js';
import { simulateStaffing } from './simulate.js';

export const STAFFING_USAGE = `usage: hall staffing --arrivals-per-hour N --service-min M [--target-min T] [--level P] [--json] [--simulate]
  P is a share (0.8) or a percentage (80); T defaults to 20 minutes and P to 80 %.`;

const num = (name: string) =>
  z.coerce.number({ error: `--${name} must be a number` }).refine(Number.isFinite, `--${name} must be a number`);

const argsSchema = z.object({
  arrivalsPerHour: num('arrivals-per-hour').pipe(z.number().min(0, '--arrivals-per-hour must be 0 or more').max(100_000)),
  serviceMin: num('service-min').pipe(z.number().positive('--service-min must be more than 0').max(24 * 60)),
  targetMin: num('target-min').pipe(z.number().min(0, '--target-min must be 0 or more').max(24 * 60)).default(20),
  // 0.8 or 80: both mean 80 %.
  level: num('level')
    .transform((p) => (p > 1 ? p / 100 : p))
    .pipe(z.number().gt(0, '--level must be above 0').lt(1, '--level must be below 100 %'))
    .default(0.8),
});

export function staffingCommand(args: string[]): number {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        'arrivals-per-hour': { type: 'string' },
        'service-min': { type: 'string' },
        'target-min': { type: 'string' },
        level: { type: 'string' },
        json: { type: 'boolean' },
        simulate: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${STAFFING_USAGE}`);
    return 2;
  }
  const parsed = argsSchema.safeParse({
    arrivalsPerHour: values['arrivals-per-hour'],
    serviceMin: values['service-min'],
    targetMin: values['target-min'],
    level: values.level,
  });
  if (!parsed.success || values['arrivals-per-hour'] === undefined || values['service-min'] === undefined) {
    const problems = parsed.success ? ['--arrivals-per-hour and --service-min are required'] : parsed.error.issues.map((i) => i.message);
    console.error(`${problems.join('\n')}\n${STAFFING_USAGE}`);
    return 2;
  }
  const input = parsed.data;
  const f = countersNeeded(input);
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  const sim = values.simulate && f.counters > 0 ? simulateStaffing({ ...input, counters: f.counters }) : null;
  if (values.json) {
    const out: Record<string, unknown> = { counters: f.counters, withinTarget: round(f.withinTarget) };
    if (sim) out.simulated = { withinTarget: round(sim.withinTarget), avgWaitMin: round(sim.avgWaitMin, 2), tickets: sim.tickets };
    console.log(JSON.stringify(out));
    return 0;
  }
  const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`需开窗口 counters needed: ${f.counters}`);
  console.log(`  load ${f.erlangs.toFixed(2)} Erlang (${input.arrivalsPerHour}/h × ${input.serviceMin} min), occupancy ${pc(f.occupancy)}`);
  console.log(`  predicted within ${input.targetMin} min: ${pc(f.withinTarget)} (target ${pc(input.level)}), P(wait) ${pc(f.pWait)}, mean wait ${f.avgWaitMin.toFixed(1)} min`);
  if (f.counters > 1) {
    const less = figuresFor(f.counters - 1, input);
    console.log(`  with ${f.counters - 1}: ${pc(less.withinTarget)} within target${Number.isFinite(less.avgWaitMin) ? `, mean wait ${less.avgWaitMin.toFixed(1)} min` : ', the queue grows without end'}`);
  }
  if (sim)
    console.log(`  simulated (engine on a virtual clock, ${sim.tickets} tickets): ${pc(sim.withinTarget)} within target, mean wait ${sim.avgWaitMin.toFixed(1)} min — predicted ${pc(f.withinTarget)}`);
  return 0;
}
