// A hall config that names its holiday file: the file's dates join calendar.holidays / extraWorkdays.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { baseInput } from '../engine/test-fixture.js';
import { isWorkingDay } from '../engine/calendar.js';
import { ConfigError, loadHallConfigFile } from './load.js';

describe('calendar.file', () => {
  it('adds the file’s holidays and make-up days, relative to the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-cal-'));
    copyFileSync(fileURLToPath(new URL('../../docs/examples/holidays-cn.yaml', import.meta.url)), join(dir, 'holidays-cn.yaml'));
    writeFileSync(join(dir, 'hall.yaml'), stringify({ ...baseInput(), calendar: { file: 'holidays-cn.yaml', holidays: ['2026-12-24'] } }));
    const config = loadHallConfigFile(join(dir, 'hall.yaml'));
    expect(config.calendar.holidays).toContain('2026-10-01');
    expect(config.calendar.holidays).toContain('2026-12-24');
    expect(config.calendar.extraWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(isWorkingDay('2026-02-16', config)).toBe(false);
  });

  it('names the problem when the file is missing or wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-cal-'));
    writeFileSync(join(dir, 'hall.yaml'), stringify({ ...baseInput(), calendar: { file: 'nope.yaml' } }));
    expect(() => loadHallConfigFile(join(dir, 'hall.yaml'))).toThrow(ConfigError);
    writeFileSync(join(dir, 'bad.yaml'), '2026:\n  holidays: [2026-13-01]\n');
    writeFileSync(join(dir, 'hall.yaml'), stringify({ ...baseInput(), calendar: { file: 'bad.yaml' } }));
    expect(() => loadHallConfigFile(join(dir, 'hall.yaml'))).toThrow(/calendar\.file: .*2026\.holidays\.0/s);
  });
});
