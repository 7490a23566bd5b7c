// What the report routes accept (validated with zod, so bad input is a 400, never a 5xx). The rows
// come from the store (hub/store/report-rows.ts); the figures are computed in reports.ts.
import { z } from 'zod';
import { daysInRange, isCalendarDate } from '../../shared/hall-time.js';
import { MAX_RANGE_DAYS, REPORT_GROUPINGS } from './reports.js';

const date = z.string().refine(isCalendarDate, 'a calendar date as YYYY-MM-DD');

const rangeFields = z.object({
  from: date.optional(),
  to: date.optional(),
  zone: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a zone id')
    .optional(),
});

const by = z.enum(REPORT_GROUPINGS).default('service');

/** from/to default to each other, then to the current business day: a bare GET /api/reports is today's. */
function ranged<S extends z.ZodType<{ from?: string | undefined; to?: string | undefined; zone?: string | undefined }>>(schema: S, today: () => string) {
  return schema
    .transform((q) => ({ ...q, from: q.from ?? q.to ?? today(), to: q.to ?? q.from ?? today(), zone: q.zone ?? null }))
    .superRefine((q, ctx) => {
      const days = daysInRange(q.from, q.to);
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" is before "from"' });
      else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days in one report` });
    });
}

export const reportQuery = (today: () => string) => ranged(rangeFields.extend({ by }).strict(), today);
export const exportQuery = (today: () => string) => ranged(rangeFields.extend({ by, format: z.enum(['csv', 'xlsx']).default('csv') }).strict(), today);
export const hourlyQuery = (today: () => string) => ranged(rangeFields.strict(), today);
