// Why a change to the hall's configured things (devices) is refused. Codes are stable;
// hub/api/errors.ts maps them to HTTP statuses, hub/i18n.ts words them.
export const CONFIG_ERROR_CODES = ['DEVICE_UNKNOWN', 'DEVICE_NO_TOKEN'] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    readonly params: Record<string, string | number | null> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'ConfigError';
  }
}
