// Why the ratings desk refuses a request (a business system's rating request, closing a follow-up case).
// Codes are stable; hub/api/errors.ts maps them to HTTP statuses, hub/error-messages.ts words them.
import { DomainError } from '../domain-error.js';

export const RATINGS_ERROR_CODES = [
  'WRONG_COUNTER',
  'TICKET_UNKNOWN',
  'COUNTER_UNKNOWN',
  'NOTHING_TO_RATE',
  'TICKET_STATE',
  'ALREADY_RATED',
  'RATING_WINDOW_CLOSED',
  'FOLLOWUP_UNKNOWN',
  'FOLLOWUP_CLOSED',
] as const;
export type RatingsErrorCode = (typeof RATINGS_ERROR_CODES)[number];

export class RatingsError extends DomainError<RatingsErrorCode> {
  override readonly name = 'RatingsError';
}
