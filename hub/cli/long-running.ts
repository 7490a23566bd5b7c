// What the long-running commands (`hall start`, `hall central`, `hall agent`) share around their work:
// the process's logger, and the way they end — on SIGINT or SIGTERM, close what they opened, then exit 0.
import pino, { type Logger } from 'pino';

/** The command's logger: pino at HALL_LOG_LEVEL (info by default), JSON lines on stdout. */
export function commandLog(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ level: env.HALL_LOG_LEVEL ?? 'info' });
}

/**
 * Runs until SIGINT or SIGTERM, then logs "<what> stopping", awaits `close` and exits 0; a second
 * signal while closing changes nothing. Never resolves: the command's end is the process's.
 */
export function runUntilSignal(log: Logger, what: string, close: () => Promise<unknown>): Promise<number> {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, `${what} stopping`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return new Promise<number>(() => {});
}
