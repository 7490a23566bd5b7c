// Why the engine refuses a command. The code is stable (clients switch on it); the params fill the
// message, which the API words in the caller's language (hub/error-messages.ts).
import { DomainError } from '../domain-error.js';

export const ENGINE_ERROR_CODES = [
  'SERVICE_UNKNOWN',
  'SERVICE_DISABLED',
  'SERVICE_CLOSED',
  'LUNCH_BREAK',
  'ISSUING_STOPPED',
  'QUOTA_REACHED',
  'APPOINTMENT_INVALID',
  'PRIORITY_UNAVAILABLE',
  'COUNTER_UNKNOWN',
  'COUNTER_CLOSED',
  'COUNTER_PAUSED',
  'COUNTER_OCCUPIED',
  'COUNTER_BUSY',
  'TICKET_IN_HAND',
  'NO_CURRENT_TICKET',
  'TICKET_UNKNOWN',
  'TICKET_STATE',
  'RECALL_LIMIT',
  'REQUEUE_LIMIT',
  'SERVICE_NOT_SERVED',
  'TRANSFER_TARGET',
  'STAFF_UNKNOWN',
  'STAFF_BUSY_ELSEWHERE',
  'NOT_PAUSED',
  'CONFIG_CONFLICT',
  'RATING_WINDOW_CLOSED',
  'ALREADY_RATED',
  'REASON_REQUIRED',
  'REASON_UNKNOWN',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export class EngineError extends DomainError<EngineErrorCode> {
  override readonly name = 'EngineError';
}
