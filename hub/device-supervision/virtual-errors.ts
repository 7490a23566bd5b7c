// Why a control on a demo hall's virtual device is refused. Its own file so that hub/api/errors.ts (which
// maps the codes to HTTP statuses in DOMAIN_STATUS) does not load the virtual hall and its simulators.
// Codes are stable; hub/error-messages.ts words them.
export const VIRTUAL_DEVICE_ERROR_CODES = ['VIRTUAL_DEVICE_UNKNOWN', 'VIRTUAL_CONTROL_UNKNOWN', 'VIRTUAL_CONTROL_FAILED'] as const;
export type VirtualDeviceErrorCode = (typeof VIRTUAL_DEVICE_ERROR_CODES)[number];

export class VirtualDeviceError extends Error {
  override readonly name = 'VirtualDeviceError';
  /** `detail`: what was refused, in the device's own words (shown after the code's message). */
  readonly params: { detail: string };
  constructor(
    readonly code: VirtualDeviceErrorCode,
    message: string,
  ) {
    super(message);
    this.params = { detail: message };
  }
}
