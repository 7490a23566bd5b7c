import { describe, expect, it } from 'vitest';
import { APPOINTMENT_ERROR_CODES, AppointmentError } from '../appointments/errors.js';
import { AUTH_ERROR_CODES, AuthError } from '../auth/auth.js';
import { DEVICE_CONFIG_ERROR_CODES, DeviceConfigError } from '../config/device-errors.js';
import { VIRTUAL_DEVICE_ERROR_CODES, VirtualDeviceError } from '../device-supervision/virtual-errors.js';
import { ENGINE_ERROR_CODES, EngineError } from '../engine/errors.js';
import { message } from '../error-messages.js';
import { PRINT_ERROR_CODES, PrintError } from '../print/errors.js';
import { RATINGS_ERROR_CODES, RatingsError } from '../ratings/errors.js';
import { DOMAIN_STATUS, toApiError } from './errors.js';

const DOMAINS = [
  ['engine', ENGINE_ERROR_CODES, (c: string) => new EngineError(c as never)],
  ['auth', AUTH_ERROR_CODES, (c: string) => new AuthError(c as never)],
  ['ratings', RATINGS_ERROR_CODES, (c: string) => new RatingsError(c as never)],
  ['appointments', APPOINTMENT_ERROR_CODES, (c: string) => new AppointmentError(c as never)],
  ['print', PRINT_ERROR_CODES, (c: string) => new PrintError(c as never)],
  ['device config', DEVICE_CONFIG_ERROR_CODES, (c: string) => new DeviceConfigError(c as never)],
  ['virtual device', VIRTUAL_DEVICE_ERROR_CODES, (c: string) => new VirtualDeviceError(c as never, 'x')],
] as const;

describe('domain errors mapped to HTTP in one table', () => {
  it.each(DOMAINS)('every %s code has a 4xx status, and the error answers with it', (_, codes, make) => {
    for (const code of codes) {
      const status = DOMAIN_STATUS[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(500);
      const api = toApiError(make(code));
      expect(api.status, code).toBe(status);
      expect(api.code).toBe(code);
    }
  });

  it.each(DOMAINS)('every %s code is worded in Chinese and English', (_, codes) => {
    for (const code of codes) {
      expect(message(code, {}, 'zh'), code).not.toBe(code);
      expect(message(code, {}, 'en'), code).not.toBe(code);
    }
  });

  it('has no status for a code no domain throws', () => {
    const thrown = new Set<string>(DOMAINS.flatMap(([, codes]) => [...codes]));
    expect(Object.keys(DOMAIN_STATUS).filter((c) => !thrown.has(c))).toEqual([]);
  });

  it('keeps params, and answers 5xx only for the hub’s own failures', () => {
    expect(toApiError(new RatingsError('FOLLOWUP_CLOSED', { id: 7 }))).toMatchObject({ status: 409, code: 'FOLLOWUP_CLOSED', params: { id: 7 } });
    expect(toApiError(new Error('boom'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
