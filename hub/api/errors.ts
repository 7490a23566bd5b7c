// Every failure the API answers with: `{ "error": { "code", "message" } }`, the message in the
// caller's language. 4xx for the caller's mistakes, 5xx only for the hub's own.
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DeviceCommandError } from '../../devices/driver.js';
import { AuthError } from '../auth/auth.js';
import { EngineError, type EngineErrorCode } from '../engine/errors.js';
import { langOf, message } from '../i18n.js';
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

const ENGINE_STATUS: Partial<Record<EngineErrorCode, number>> = {
  SERVICE_UNKNOWN: 404,
  COUNTER_UNKNOWN: 404,
  TICKET_UNKNOWN: 404,
  STAFF_UNKNOWN: 404,
  APPOINTMENT_INVALID: 400,
  PRIORITY_UNAVAILABLE: 400,
  REASON_REQUIRED: 400,
  REASON_UNKNOWN: 400,
  TRANSFER_TARGET: 400,
};

const AUTH_STATUS: Record<AuthError['code'], number> = {
  UNAUTHENTICATED: 401,
  SESSION_ENDED: 401,
  BAD_CREDENTIALS: 401,
  DEMO_CREDENTIAL: 403,
  FORBIDDEN: 403,
  WRONG_COUNTER: 403,
  TOO_MANY_ATTEMPTS: 429,
};

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
  if (err instanceof EngineError) return new ApiError(ENGINE_STATUS[err.code] ?? 409, err.code, err.params);
  if (err instanceof AuthError) return new ApiError(AUTH_STATUS[err.code], err.code, err.params);
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
