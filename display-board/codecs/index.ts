// The LED codecs by name (the CLI's --codec, a device's model) and by driver family.
import { bx5Codec, bx6Codec } from './onbon-bx.js';
import type { BoardCodec } from './types.js';
import { windowScreenCodec } from './window-screen.js';

export const CODECS: Readonly<Record<string, BoardCodec>> = { bx5: bx5Codec, bx6: bx6Codec, 'window-screen': windowScreenCodec };

export const CODEC_NAMES = Object.keys(CODECS) as Array<'bx5' | 'bx6' | 'window-screen'>;

/** The codec a family speaks by default (BX-5 frames are understood by BX-5 and BX-6 controllers). */
export const FAMILY_CODEC: Readonly<Record<string, BoardCodec>> = { 'onbon-bx': bx5Codec, 'window-screen': windowScreenCodec };

export function codecByName(name: string): BoardCodec | undefined {
  return Object.hasOwn(CODECS, name) ? CODECS[name] : undefined;
}

export * from './types.js';
