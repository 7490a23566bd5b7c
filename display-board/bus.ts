// One RS-485 bus of LED screens: the scheduler wired to a Link and a codec. A frame is encoded as late
// as possible (layoutContent fits it to the screen first); on a protocol that answers, the frame is a
// request whose answer is the screen's ack from its own address, and silence within `answerTimeoutMs`
// is a screen not answering. After every reconnect each screen gets its current content again.
import { isTransportError } from '../devices/errors.js';
import type { Link } from '../devices/link.js';
import type { DeviceLogger } from '../devices/logger.js';
import type { BoardCodec, ScreenContent } from './codecs/types.js';
import { BusScheduler, UnencodableContentError, type DeliveryResult } from './scheduler.js';

export interface BusOptions {
  link: Link;
  codec: BoardCodec;
  /** How long a screen has to answer a frame (BX). */
  answerTimeoutMs?: number;
  retryMs?: number;
  log?: DeviceLogger;
}

export async function deliverFrame(link: Link, codec: BoardCodec, address: number, content: ScreenContent, answerTimeoutMs = 800): Promise<DeliveryResult> {
  let frame: Buffer;
  try {
    frame = codec.encode(address, content);
  } catch (e) {
    // No frame can be made of this content: the scheduler drops it rather than trying it again.
    throw new UnencodableContentError(address, e);
  }
  if (!codec.answers) {
    await link.send(frame);
    return 'ok';
  }
  try {
    const answer = await link.request(frame, {
      timeoutMs: answerTimeoutMs,
      match: (raw) => {
        const r = codec.decodeFrame(raw);
        return r.ok && r.frame.kind === 'ack' && r.frame.src === address;
      },
    });
    // A refusal (BX: a NACK, e.g. the frame arrived with a bad CRC) is a frame not shown: like
    // silence, it is tried again and the screen is reported until it takes one.
    const r = codec.decodeFrame(answer);
    return r.ok && (r.frame.status ?? 0) !== 0 ? 'no-answer' : 'ok';
  } catch (e) {
    if (isTransportError(e, 'TIMEOUT')) return 'no-answer';
    throw e;
  }
}

/** A scheduler driving the screens of one Link; it resends everything after each reconnect. */
export function openBus(options: BusOptions): BusScheduler {
  const { link, codec } = options;
  const scheduler = new BusScheduler({
    deliver: (address, content) => deliverFrame(link, codec, address, content, options.answerTimeoutMs),
    isOnline: () => link.isOnline,
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  let connectedBefore = link.isOnline;
  link.on('online', () => {
    if (connectedBefore) scheduler.resendAll();
    connectedBefore = true;
    scheduler.kick();
  });
  return scheduler;
}
