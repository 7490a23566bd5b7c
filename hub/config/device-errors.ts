// Why a request about a configured device is refused (an unknown id, a device that has no token).
// (A config file that does not validate is load.ts's ConfigError.) Codes are stable;
// hub/api/errors.ts maps them to HTTP statuses, hub/error-messages.ts words them.
import { DomainError } from '../domain-error.js';

export const DEVICE_CONFIG_ERROR_CODES = ['DEVICE_UNKNOWN', 'DEVICE_NO_TOKEN'] as const;
export type DeviceConfigErrorCode = (typeof DEVICE_CONFIG_ERROR_CODES)[number];

export class DeviceConfigError extends DomainError<DeviceConfigErrorCode> {
  override readonly name = 'DeviceConfigError';
}
