// The logger the device layer takes: pino's method shape (object first, then the message), so a pino
// logger or a child of the hub's logger can be passed as is. Optional everywhere: the default is silent.

export interface DeviceLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};
export const silentLogger: DeviceLogger = { debug: noop, info: noop, warn: noop, error: noop };
