// Why a print job is refused. Codes are stable; hub/api/errors.ts maps them to HTTP statuses.
export const PRINT_ERROR_CODES = ['PRINTER_UNAVAILABLE'] as const;
export type PrintErrorCode = (typeof PRINT_ERROR_CODES)[number];

export class PrintError extends Error {
  constructor(
    readonly code: PrintErrorCode,
    readonly params: Record<string, string | number | null> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'PrintError';
  }
}
