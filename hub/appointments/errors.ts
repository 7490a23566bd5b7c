// Why a booking is refused: checking one in, or importing a list (BAD_INPUT, naming the CSV's lines).
// Codes are stable; hub/api/errors.ts maps them to HTTP statuses, hub/error-messages.ts words them.
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

export class AppointmentError extends Error {
  constructor(
    readonly code: AppointmentErrorCode,
    readonly params: Record<string, string | number | null> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppointmentError';
  }
}
