// Why a booking is refused: checking one in, or importing a list (BAD_INPUT, naming the CSV's lines).
// Codes are stable; hub/api/errors.ts maps them to HTTP statuses, hub/error-messages.ts words them.
import { DomainError } from '../domain-error.js';

export const APPOINTMENT_ERROR_CODES = [
  'BAD_INPUT',
  'APPOINTMENT_UNKNOWN',
  'APPOINTMENT_USED',
  'APPOINTMENT_WRONG_SERVICE',
  'APPOINTMENT_NOT_TODAY',
  'APPOINTMENT_TOO_EARLY',
  'APPOINTMENT_TOO_LATE',
] as const;
export type AppointmentErrorCode = (typeof APPOINTMENT_ERROR_CODES)[number];

export class AppointmentError extends DomainError<AppointmentErrorCode> {
  override readonly name = 'AppointmentError';
}
