// Reading a hall config file (JSON or YAML) and explaining, line by line, what is wrong with it.
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { isValidTimeZone } from '../../shared/hall-time.js';
import { readCalendarFile, withCalendarDates } from './calendar-file.js';
import { DEMO_DEVICE_TOKENS } from './demo-hall.js';
import { hallConfigSchema, type HallConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ConfigError';
  }
}

/** "services.3.zone: unknown zone "F3"" — a path a person can find in the file. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
}

/** Validates a parsed config object; the same check runs for files and for edits from the dashboard. */
export function validateHallConfig(raw: unknown, source = 'hall config'): HallConfig {
  const parsed = hallConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source} is not valid:`, describeIssues(parsed.error));
  const config = parsed.data;
  if (!isValidTimeZone(config.hall.timezone)) throw new ConfigError(`${source} is not valid:`, [`hall.timezone: unknown time zone "${config.hall.timezone}"`]);
  if (!config.demo) {
    const demoTokens = new Set<string>(Object.values(DEMO_DEVICE_TOKENS));
    const leaked = config.devices.filter((d) => d.token && demoTokens.has(d.token)).map((d) => d.id);
    if (leaked.length)
      throw new ConfigError(`${source} is not valid:`, leaked.map((id) => `devices.${id}: uses a demo token; give it a token of its own`));
  }
  return config;
}

export function loadHallConfigFile(path: string): HallConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read hall config ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`hall config ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  // calendar.file: the hall's holiday file, next to the config (docs/calendar.md).
  const calendar = (raw as { calendar?: { file?: unknown } } | null)?.calendar;
  if (calendar && typeof calendar.file === 'string') {
    try {
      (raw as { calendar: object }).calendar = withCalendarDates(calendar as { holidays?: string[]; extraWorkdays?: string[] }, readCalendarFile(calendarFilePath(path, calendar.file)));
    } catch (e) {
      throw new ConfigError(`hall config ${path}: calendar.file: ${(e as Error).message}`);
    }
  }
  return validateHallConfig(raw, `hall config ${path}`);
}

/** Where a config's calendar.file is: relative to the config file. */
export function calendarFilePath(configPath: string, file: string): string {
  return resolve(dirname(configPath), file);
}
