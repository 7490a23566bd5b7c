// Flags of the `hall` commands outside the hub (`hall print-test`, `board-test`, `pad-test`, `agent`, `central`): node's parseArgs for
// the syntax, then a zod schema for the values, so every command answers a bad flag the same way — the
// problems, one a line, then the usage, on stderr — and exits 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { splitFamily } from './driver.js';
import { safeParseAddress, type DeviceAddress } from './transport/address.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * The flags checked by `schema` (keys as the flags are spelled), or null after telling `io.err` what is
 * wrong. The schema is the one list of flags: a boolean is a switch, an array a flag that may repeat,
 * anything else a flag with a value (text, which the schema may coerce).
 */
export function parseCommandArgs<S extends z.ZodObject>(args: string[], schema: S, usage: string, io: CliIo): z.output<S> | null {
  const options = flagsOf(schema);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options, allowPositionals: false, strict: true }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${usage}`);
    return null;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    io.err(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${usage}`);
    return null;
  }
  return parsed.data;
}

/** parseArgs's options for an object schema's keys. */
function flagsOf(schema: z.ZodObject): NonNullable<ParseArgsConfig['options']> {
  const kind = (t: z.ZodType): string => {
    const def = t._zod.def as { type: string; innerType?: z.ZodType };
    return (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType ? kind(def.innerType) : def.type;
  };
  return Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([flag, t]) => {
      const k = kind(t);
      return [flag, k === 'boolean' ? { type: 'boolean' } : k === 'array' ? { type: 'string', multiple: true } : { type: 'string' }];
    }),
  );
}

/**
 * A device address flag (`--board`, `--pad`) as the hub reads a config's address: the transport part
 * parsed, the `family=` part apart; null after telling `io.err` what is wrong with it.
 */
export function addressFlag(flag: string, value: string, io: CliIo): { address: DeviceAddress; transport: string; family: string | null } | null {
  const { transport, family } = splitFamily(value);
  const where = safeParseAddress(transport);
  if (!where.ok) {
    io.err(`--${flag}: ${where.error.message}`);
    return null;
  }
  return { address: where.address, transport, family };
}
