// The holiday file a hall keeps up to date (docs/calendar.md): per year, the public holidays (节假日) and
// the make-up working days (调休) the State Council announces each winter. Read when the config file is
// loaded (`calendar: { file: holidays-cn.yaml }`) and merged into `calendar.holidays` / `extraWorkdays`,
// so the engine and the follow-up deadlines see one list.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { addDays } from '../../shared/hall-time.js';

const entry = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD');

const yearSchema = z
  .object({
    /** Days off (a range covers the whole break, weekend days included: harmless). */
    holidays: z.array(entry).default([]),
    /** Weekend days worked instead (调休上班). */
    workdays: z.array(entry).default([]),
  })
  .strict();

export const calendarFileSchema = z.record(z.string().regex(/^\d{4}$/, 'a year such as 2026'), yearSchema.nullable());

export interface CalendarDates {
  holidays: string[];
  extraWorkdays: string[];
}

function isDate(s: string): boolean {
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

/** The dates of a parsed holiday file, ranges expanded; problems as "path: message" lines. */
export function calendarDates(raw: unknown): { ok: true; dates: CalendarDates } | { ok: false; problems: string[] } {
  // YAML reads `2026:` as a number key: JSON-ify keys first.
  const parsed = calendarFileSchema.safeParse(raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw)) : raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`) };
  const problems: string[] = [];
  const dates: CalendarDates = { holidays: [], extraWorkdays: [] };
  for (const [year, y] of Object.entries(parsed.data)) {
    if (!y) continue;
    for (const [key, out] of [['holidays', dates.holidays], ['workdays', dates.extraWorkdays]] as const)
      y[key].forEach((e, i) => {
        const [from, to = from] = e.split('..') as [string, string?];
        if (!isDate(from) || !isDate(to) || to < from) return void problems.push(`${year}.${key}.${i}: "${e}" is not a date or a forward range`);
        if (!from.startsWith(year) && !to.startsWith(year)) return void problems.push(`${year}.${key}.${i}: "${e}" is not in ${year}`);
        if (addDays(from, 40) < to) return void problems.push(`${year}.${key}.${i}: "${e}" spans more than 40 days`);
        for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
      });
  }
  const both = dates.holidays.filter((d) => dates.extraWorkdays.includes(d));
  for (const d of both) problems.push(`${d} is both a holiday and a make-up working day`);
  if (problems.length) return { ok: false, problems };
  dates.holidays.sort();
  dates.extraWorkdays.sort();
  return { ok: true, dates };
}

/** Reads and checks a holiday file (YAML or JSON). Throws with the file's problems listed. */
export function readCalendarFile(path: string): CalendarDates {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read calendar file ${path}: ${(e as Error).message}`);
  }
  const r = calendarDates(raw);
  if (!r.ok) throw new Error(`calendar file ${path} is not valid:\n${r.problems.map((p) => `  - ${p}`).join('\n')}`);
  return r.dates;
}

/** A config's calendar with a file's dates added (each date once). */
export function withCalendarDates<C extends { holidays?: string[]; extraWorkdays?: string[] }>(calendar: C, dates: CalendarDates): C {
  const union = (a: string[] | undefined, b: string[]) => [...new Set([...(a ?? []), ...b])].sort();
  return { ...calendar, holidays: union(calendar.holidays, dates.holidays), extraWorkdays: union(calendar.extraWorkdays, dates.extraWorkdays) };
}
