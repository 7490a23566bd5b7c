// Every failure the API answers with: `{ "error": { "code", "message" } }`, the message in the
// caller's language. 4xx for the caller's mistakes, 5xx only for the hub's own.
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DeviceCommandError } from '../../devices/driver.js';
import { AppointmentError, type AppointmentErrorCode } from '../appointments/errors.js';
import { AuthError, type AuthErrorCode } from '../auth/auth.js';
import { DeviceConfigError, type DeviceConfigErrorCode } from '../config/device-errors.js';
import { EngineError, type EngineErrorCode } from '../engine/errors.js';
import { langOf, message } from '../error-messages.js';
import { VirtualDeviceError, type VirtualDeviceErrorCode } from '../device-supervision/virtual-errors.js';
import { PrintError, type PrintErrorCode } from '../print/errors.js';
import { RatingsError, type RatingsErrorCode } from '../ratings/errors.js';
import { StoreError } from '../store/database.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

export type DomainErrorCode = EngineErrorCode | AuthErrorCode | RatingsErrorCode | AppointmentErrorCode | PrintErrorCode | DeviceConfigErrorCode | VirtualDeviceErrorCode;

/** The errors the domain modules throw; each carries a code of the table below and its params. */
const DOMAIN_ERRORS = [EngineError, AuthError, RatingsError, AppointmentError, PrintError, DeviceConfigError, VirtualDeviceError] as const;
type DomainError = InstanceType<(typeof DOMAIN_ERRORS)[number]>;

/**
 * The one table from domain codes to HTTP statuses: 404 for a thing that is not there, 400 for a request
 * that can never succeed as sent, 401/403 for who is asking, 409 for a state that refuses it now, 429 for
 * too many tries. A code shared by two domains (TICKET_UNKNOWN) means the same everywhere. Typed as a
 * full Record, so a new code does not compile until it has a status here.
 */
export const DOMAIN_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  // engine: unknown things
  SERVICE_UNKNOWN: 404,
  COUNTER_UNKNOWN: 404,
  TICKET_UNKNOWN: 404,
  STAFF_UNKNOWN: 404,
  // engine: a request that cannot be right
  APPOINTMENT_INVALID: 400,
  PRIORITY_UNAVAILABLE: 400,
  REASON_REQUIRED: 400,
  REASON_UNKNOWN: 400,
  TRANSFER_TARGET: 400,
  // engine: the hall's state refuses it now
  SERVICE_DISABLED: 409,
  SERVICE_CLOSED: 409,
  LUNCH_BREAK: 409,
  ISSUING_STOPPED: 409,
  QUOTA_REACHED: 409,
  COUNTER_CLOSED: 409,
  COUNTER_PAUSED: 409,
  COUNTER_OCCUPIED: 409,
  COUNTER_BUSY: 409,
  TICKET_IN_HAND: 409,
  NO_CURRENT_TICKET: 409,
  TICKET_STATE: 409,
  RECALL_LIMIT: 409,
  REQUEUE_LIMIT: 409,
  SERVICE_NOT_SERVED: 409,
  STAFF_BUSY_ELSEWHERE: 409,
  NOT_PAUSED: 409,
  CONFIG_CONFLICT: 409,
  RATING_WINDOW_CLOSED: 409,
  ALREADY_RATED: 409,
  // auth
  UNAUTHENTICATED: 401,
  SESSION_ENDED: 401,
  BAD_CREDENTIALS: 401,
  DEMO_CREDENTIAL: 403,
  FORBIDDEN: 403,
  WRONG_COUNTER: 403,
  TOO_MANY_ATTEMPTS: 429,
  LOCKOUT_UNKNOWN: 404,
  // ratings desk
  NOTHING_TO_RATE: 404,
  FOLLOWUP_UNKNOWN: 404,
  FOLLOWUP_CLOSED: 409,
  // appointments
  BAD_INPUT: 400,
  APPOINTMENT_UNKNOWN: 404,
  APPOINTMENT_USED: 409,
  APPOINTMENT_WRONG_SERVICE: 409,
  APPOINTMENT_NOT_TODAY: 409,
  APPOINTMENT_TOO_EARLY: 409,
  APPOINTMENT_TOO_LATE: 409,
  // printing
  PRINTER_UNAVAILABLE: 409,
  // configured things
  DEVICE_UNKNOWN: 404,
  DEVICE_NO_TOKEN: 409,
  // the demo hall's virtual devices
  VIRTUAL_DEVICE_UNKNOWN: 404,
  VIRTUAL_CONTROL_UNKNOWN: 404,
  VIRTUAL_CONTROL_FAILED: 409,
};

function isDomainError(err: unknown): err is DomainError {
  return DOMAIN_ERRORS.some((c) => err instanceof c);
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new ApiError(400, 'BAD_INPUT', { detail });
  }
  return r.data;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isDomainError(err)) return new ApiError(DOMAIN_STATUS[err.code], err.code, err.params);
  if (err instanceof StoreError) return new ApiError(503, 'STORE_FAILED');
  // A device command the driver refused (bad or too long input): the caller's mistake.
  if (err instanceof DeviceCommandError && (err.code === 'INVALID' || err.code === 'UNSUPPORTED')) return new ApiError(400, 'BAD_INPUT', { detail: err.message });
  const e = err as { type?: string; status?: number };
  if (e.type === 'entity.parse.failed') return new ApiError(400, 'BAD_JSON');
  if (e.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError(e.status, 'BAD_INPUT', { detail: String((err as Error).message) });
  return new ApiError(500, 'INTERNAL');
}

export function sendError(req: Request, res: import('express').Response, err: unknown, log: Logger): void {
  const api = toApiError(err);
  if (api.status >= 500) log.error({ err, path: req.path }, 'request failed');
  if (api.status === 429 && typeof api.params.retryAfterS === 'number') res.setHeader('Retry-After', String(api.params.retryAfterS));
  // An error is JSON even where the handler had already set another type (an SVG, a CSV download).
  res.type('application/json');
  res.status(api.status).json({ error: { code: api.code, message: message(api.code, api.params, langOf(req.get('accept-language'))), ...(Object.keys(api.params).length ? { params: api.params } : {}) } });
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => sendError(req, res, err, log);
}
