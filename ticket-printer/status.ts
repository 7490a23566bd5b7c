// What an ESC/POS printer says about itself, and what that means for the hall.
//
// Three kinds of answer come back from the printer, told apart by their fixed bits (so one stream of
// incoming bytes can be split without knowing which question was asked last):
// - DLE EOT n (real-time status, n = 1..4): one byte, bits 0 and 7 are 0, bits 1 and 4 are 1;
// - GS a (Automatic Status Back, ASB): four bytes whenever the status changes; the first byte has
//   bits 0, 1 and 7 at 0 and bit 4 at 1, the other three have bits 4 and 7 at 0;
// - GS r 1 (transmit paper sensor status, not real-time: it is answered only once everything sent
//   before it was processed, so it doubles as the end-of-job mark): one byte with bits 4 and 7 at 0.
// Anything else (XON/XOFF on a serial line, noise while a device boots) is dropped.
import type { DriverHealth } from '../devices/driver.js';
import type { HealthReason } from '../devices/health-reason.js';
import { healthReason, healthReasonLine } from '../devices/health-reason.js';
import type { FrameSplitter } from '../devices/framing.js';

/** Everything the printer can tell; fields not learned yet are left undefined. */
export interface PrinterStatus {
  offline?: boolean;
  coverOpen?: boolean;
  /** The paper-feed button is held. */
  feedButton?: boolean;
  /** Printing stopped because the paper ran out (DLE EOT 2 bit 5). */
  paperEndStop?: boolean;
  /** An error occurred (DLE EOT 2 bit 6). */
  error?: boolean;
  /** Mechanical error that clears by itself or by DLE ENQ (DLE EOT 3 bit 2 / ASB byte 2 bit 2). */
  mechanicalError?: boolean;
  cutterError?: boolean;
  unrecoverableError?: boolean;
  /** Print head too hot and the like: clears by itself. */
  autoRecoverableError?: boolean;
  paperNearEnd?: boolean;
  paperOut?: boolean;
  /** Drawer kick connector pin 3 high. */
  drawerPin3?: boolean;
  /** Waiting for online recovery (DLE EOT 1 bit 5). */
  waitingRecovery?: boolean;
}

export type StatusFrame =
  | { kind: 'realtime'; byte: number }
  | { kind: 'asb'; bytes: [number, number, number, number] }
  | { kind: 'paper'; byte: number };

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export const isRealtimeByte = (b: number): boolean => (b & 0b1001_0011) === 0b0001_0010;
export const isAsbFirstByte = (b: number): boolean => (b & 0b1001_0011) === 0b0001_0000;
const isAsbTailByte = (b: number): boolean => (b & 0b1001_0000) === 0;
export const isPaperSensorByte = (b: number): boolean => (b & 0b1001_0000) === 0;

/** Real-time status (DLE EOT n): what the byte says for that n. */
export function parseRealtimeStatus(n: 1 | 2 | 3 | 4, byte: number): PrinterStatus {
  if (!isRealtimeByte(byte)) throw new RangeError(`0x${byte.toString(16)} is not a DLE EOT answer`);
  switch (n) {
    case 1:
      return { drawerPin3: bit(byte, 2), offline: bit(byte, 3), waitingRecovery: bit(byte, 5), feedButton: bit(byte, 6) };
    case 2:
      return { coverOpen: bit(byte, 2), feedButton: bit(byte, 3), paperEndStop: bit(byte, 5), error: bit(byte, 6) };
    case 3:
      return { mechanicalError: bit(byte, 2), cutterError: bit(byte, 3), unrecoverableError: bit(byte, 5), autoRecoverableError: bit(byte, 6) };
    case 4:
      // Each sensor is reported on two bits; some printers set only one of them.
      return { paperNearEnd: bit(byte, 2) || bit(byte, 3), paperOut: bit(byte, 5) || bit(byte, 6) };
  }
}

/** Automatic Status Back (GS a): the four bytes. */
export function parseAsb(bytes: readonly number[]): PrinterStatus {
  const [b1, b2, b3] = bytes;
  if (bytes.length !== 4 || b1 === undefined || b2 === undefined || b3 === undefined || !isAsbFirstByte(b1)) throw new RangeError('not an ASB status');
  return {
    drawerPin3: bit(b1, 2),
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feedButton: bit(b1, 6),
    mechanicalError: bit(b2, 2),
    cutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    paperNearEnd: bit(b3, 0) || bit(b3, 1),
    paperOut: bit(b3, 2) || bit(b3, 3),
  };
}

/** GS r 1: the paper sensors. */
export function parsePaperSensor(byte: number): PrinterStatus {
  return { paperNearEnd: bit(byte, 0) || bit(byte, 1), paperOut: bit(byte, 2) || bit(byte, 3) };
}

export function parseStatusFrame(frame: Buffer): { frame: StatusFrame; status: PrinterStatus | null } | null {
  const b = frame[0];
  if (b === undefined) return null;
  if (frame.length === 4 && isAsbFirstByte(b)) {
    const bytes: [number, number, number, number] = [b, frame[1]!, frame[2]!, frame[3]!];
    return { frame: { kind: 'asb', bytes }, status: parseAsb(bytes) };
  }
  if (frame.length !== 1) return null;
  if (isRealtimeByte(b)) return { frame: { kind: 'realtime', byte: b }, status: null };
  if (isPaperSensorByte(b)) return { frame: { kind: 'paper', byte: b }, status: parsePaperSensor(b) };
  return null;
}

/**
 * Splits the printer's answers out of its byte stream: 4-byte ASB blocks and 1-byte answers.
 * A byte that fits none is dropped (counted), an ASB block cut by the chunking waits for its rest.
 */
export const statusSplitter: FrameSplitter = (buffer) => {
  const frames: Buffer[] = [];
  let dropped = 0;
  let i = 0;
  while (i < buffer.length) {
    const b = buffer[i]!;
    if (isAsbFirstByte(b)) {
      if (buffer.length - i < 4) break;
      const tail = buffer.subarray(i + 1, i + 4);
      if (tail.every(isAsbTailByte)) {
        frames.push(Buffer.from(buffer.subarray(i, i + 4)));
        i += 4;
        continue;
      }
      // Not a whole ASB block, and no other answer has this first byte's bit pattern: noise.
      dropped += 1;
      i += 1;
      continue;
    }
    if (isRealtimeByte(b) || isPaperSensorByte(b)) frames.push(Buffer.from([b]));
    else dropped += 1;
    i += 1;
  }
  return { frames, rest: Buffer.from(buffer.subarray(i)), dropped };
};

/** The status merged: newer facts replace older ones, unknown facts keep the old value. */
export function mergeStatus(base: PrinterStatus, next: PrinterStatus): PrinterStatus {
  const out: PrinterStatus = { ...base };
  for (const [k, v] of Object.entries(next) as Array<[keyof PrinterStatus, boolean | undefined]>) if (v !== undefined) out[k] = v;
  return out;
}

/** Why the printer cannot print now, as a health reason, or null when it can. */
export function blockingCode(s: PrinterStatus): HealthReason | null {
  if (s.paperOut || s.paperEndStop) return healthReason('PAPER_OUT');
  if (s.coverOpen) return healthReason('COVER_OPEN');
  if (s.cutterError) return healthReason('CUTTER_ERROR');
  if (s.unrecoverableError) return healthReason('UNRECOVERABLE_ERROR');
  if (s.mechanicalError) return healthReason('MECHANICAL_ERROR');
  if (s.autoRecoverableError) return healthReason('HEAD_OVERHEATED');
  if (s.offline) return healthReason('PRINTER_OFFLINE');
  return null;
}

/** Why the printer cannot print now in words (a print job's reason: "缺纸 / paper out"), or null when it can. */
export function blockingReason(s: PrinterStatus): string | null {
  const code = blockingCode(s);
  return code ? healthReasonLine(code) : null;
}

/** The printer's status as device health: near end → degraded; out, open, cutter, offline → offline. */
export function statusToHealth(s: PrinterStatus): DriverHealth {
  const reason = blockingCode(s);
  if (reason) return { state: 'offline', reason };
  if (s.paperNearEnd) return { state: 'degraded', reason: healthReason('PAPER_NEAR_END') };
  return { state: 'online' };
}

// ---- the device side (the emulator answers with these) ----

export interface DeviceState {
  paper: 'ok' | 'near-end' | 'out';
  cover: 'closed' | 'open';
  online: boolean;
  cutterError: boolean;
}

export function encodeRealtimeStatus(n: 1 | 2 | 3 | 4, s: DeviceState): number {
  const offline = !s.online || s.cover === 'open' || s.paper === 'out' || s.cutterError;
  let b = 0b0001_0010;
  if (n === 1 && offline) b |= 1 << 3;
  if (n === 2) {
    if (s.cover === 'open') b |= 1 << 2;
    if (s.paper === 'out') b |= 1 << 5;
    if (s.cutterError || s.cover === 'open' || s.paper === 'out') b |= 1 << 6;
  }
  if (n === 3 && s.cutterError) b |= 1 << 3;
  if (n === 4) {
    if (s.paper !== 'ok') b |= 0b1100;
    if (s.paper === 'out') b |= 0b110_0000;
  }
  return b;
}

export function encodeAsb(s: DeviceState): [number, number, number, number] {
  const offline = !s.online || s.cover === 'open' || s.paper === 'out' || s.cutterError;
  let b1 = 0b0001_0000;
  if (offline) b1 |= 1 << 3;
  if (s.cover === 'open') b1 |= 1 << 5;
  const b2 = s.cutterError ? 1 << 3 : 0;
  let b3 = 0;
  if (s.paper !== 'ok') b3 |= 0b11;
  if (s.paper === 'out') b3 |= 0b1100;
  return [b1, b2, b3, 0];
}

export function encodePaperSensor(s: DeviceState): number {
  return (s.paper !== 'ok' ? 0b11 : 0) | (s.paper === 'out' ? 0b1100 : 0);
}
