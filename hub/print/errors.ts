// Why a print job is refused. Codes are stable; hub/api/errors.ts maps them to HTTP statuses.
import { DomainError } from '../domain-error.js';

export const PRINT_ERROR_CODES = ['PRINTER_UNAVAILABLE'] as const;
export type PrintErrorCode = (typeof PRINT_ERROR_CODES)[number];

export class PrintError extends DomainError<PrintErrorCode> {
  override readonly name = 'PrintError';
}
