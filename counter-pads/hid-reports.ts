// HID pad reports → presses. Pure, so they are tested from report bytes: the boot-keyboard reports as
// the HID spec lays them out (fixtures/hid-reports.txt, written from the spec, not captured).
//
// Keyboard-style pads (most cheap 评价器 and USB caller keypads) enumerate as a boot keyboard and
// "type" a digit or an F-key per button: an 8-byte input report, byte 0 the modifiers, byte 1
// reserved, bytes 2–7 the usage codes of the keys held now (0 = none, 1 = roll-over error). A press
// is a usage that appears in a report and was not in the one before; holding a key repeats nothing
// (the OS's auto-repeat is not in the reports). Opened through libusb the kernel's usbhid lets go, so
// these pads no longer type into the kiosk's focused page.
//
// Vendor pads send their own reports: a map in the device's options says which byte (and mask) at
// which offset means which level or key; a report that matches an entry after one that did not (or
// matched another) is one press.
import { z } from 'zod';

// ---- key names (HID usage page 0x07) ----

const NAMED: Record<string, number> = { ENTER: 0x28, ESC: 0x29, SPACE: 0x2c, KPENTER: 0x58 };

/** The usage code of a key name: "1"…"0", "A"…"Z", "F1"…"F12", "KP1"…"KP0", ENTER, or "0x3A". */
export function usageOf(name: string): number | null {
  const n = name.trim().toUpperCase();
  if (/^0X[0-9A-F]{1,2}$/.test(n)) return parseInt(n.slice(2), 16);
  if (/^[1-9]$/.test(n)) return 0x1e + Number(n) - 1;
  if (n === '0') return 0x27;
  if (/^[A-Z]$/.test(n)) return 0x04 + n.charCodeAt(0) - 65;
  const f = /^F([1-9]|1[0-2])$/.exec(n);
  if (f) return 0x3a + Number(f[1]) - 1;
  const kp = /^KP([0-9])$/.exec(n);
  if (kp) return kp[1] === '0' ? 0x62 : 0x59 + Number(kp[1]) - 1;
  return NAMED[n] ?? null;
}

// ---- boot keyboard ----

export interface BootReport {
  modifiers: number;
  /** Usage codes held now, roll-over errors and empty slots left out. */
  keys: number[];
  /** The keyboard reported more keys than it can tell (all slots 0x01). */
  rollOver: boolean;
}

/**
 * Parses a boot keyboard input report. With `reportId`, the first byte is a report ID (hidraw on a
 * device with numbered reports) and is skipped. Returns null for a report that is not 8 bytes.
 */
export function parseBootReport(report: Uint8Array, options: { reportId?: boolean } = {}): BootReport | null {
  const b = options.reportId ? report.subarray(1) : report;
  if (b.length !== 8) return null;
  const slots = [...b.subarray(2, 8)];
  const rollOver = slots.every((k) => k === 0x01);
  return { modifiers: b[0]!, keys: rollOver ? [] : slots.filter((k) => k > 0x03), rollOver };
}

/** Follows one keyboard's reports and says which keys went down in each. */
export class BootKeyTracker {
  private held = new Set<number>();

  /** The keys pressed in this report (held before: not again); an invalid report changes nothing. */
  next(report: Uint8Array, options: { reportId?: boolean } = {}): number[] {
    const r = parseBootReport(report, options);
    if (!r || r.rollOver) return [];
    const pressed = r.keys.filter((k) => !this.held.has(k));
    this.held = new Set(r.keys);
    return pressed;
  }
}

// ---- key maps from the device options ----

const levelSchema = z.number().int().min(1).max(5);
const actionSchema = z.enum(['call-next', 'recall', 'skip', 'start', 'finish', 'hold', 'pause', 'resume']);
export type PadAction = z.infer<typeof actionSchema>;
export type KeyTarget = { level: number } | { action: PadAction };

const targetSchema = z.union([levelSchema, actionSchema]);

/** options.keys: key name → level (pad) or action (keypad); options.reportId: reports carry an ID byte. */
export const keyboardOptionsSchema = z.object({
  keys: z.record(z.string(), targetSchema).optional(),
  /** Keys the pad types besides its buttons (many send Enter after the digit): dropped quietly. */
  ignore: z.array(z.string()).max(20).optional(),
  reportId: z.boolean().optional(),
  debounceMs: z.number().int().min(0).max(5000).optional(),
});

/** The usual keyboard pads: digits 1–5 (or keypad 1–5) for the levels, F1–F4 on caller keypads. */
export const DEFAULT_PAD_KEYS: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, KP1: 1, KP2: 2, KP3: 3, KP4: 4, KP5: 5 };
export const DEFAULT_IGNORED_KEYS = ['ENTER', 'KPENTER'];
export const DEFAULT_KEYPAD_KEYS: Record<string, PadAction> = { F1: 'call-next', F2: 'recall', F3: 'skip', F4: 'pause', F5: 'resume', F6: 'start', F7: 'finish' };

/** Usage codes of key names; throws on an unknown name. */
export function usagesOf(names: readonly string[]): Set<number> {
  return new Set(
    names.map((n) => {
      const u = usageOf(n);
      if (u === null) throw new Error(`unknown key name "${n}"`);
      return u;
    }),
  );
}

export function keyMap(keys: Record<string, number | string>): Map<number, KeyTarget> {
  const out = new Map<number, KeyTarget>();
  for (const [name, target] of Object.entries(keys)) {
    const usage = usageOf(name);
    if (usage === null) throw new Error(`unknown key name "${name}" (use 1–0, A–Z, F1–F12, KP0–KP9, ENTER or 0xNN)`);
    out.set(usage, typeof target === 'number' ? { level: levelSchema.parse(target) } : { action: actionSchema.parse(target) });
  }
  return out;
}

// ---- vendor reports ----

export const vendorEntrySchema = z
  .object({
    /** Byte offset in the report as node-hid delivers it (report ID included if the device numbers its reports). */
    offset: z.number().int().min(0).max(63),
    value: z.number().int().min(0).max(255),
    mask: z.number().int().min(1).max(255).default(0xff),
    level: levelSchema.optional(),
    action: actionSchema.optional(),
  })
  .refine((e) => (e.level === undefined) !== (e.action === undefined), { message: 'give either level or action' });
export type VendorEntry = z.infer<typeof vendorEntrySchema>;

export const vendorOptionsSchema = z.object({
  map: z.array(vendorEntrySchema).min(1).max(64),
  debounceMs: z.number().int().min(0).max(5000).optional(),
});

/** Follows a vendor pad's reports: a press is a report matching an entry other than the last report's. */
export class VendorReportTracker {
  private last: VendorEntry | null = null;

  constructor(private readonly map: readonly VendorEntry[]) {}

  next(report: Uint8Array): KeyTarget | null {
    const hit = this.map.find((e) => e.offset < report.length && (report[e.offset]! & e.mask) === e.value) ?? null;
    const pressed = hit && hit !== this.last ? hit : null;
    this.last = hit;
    if (!pressed) return null;
    return pressed.level !== undefined ? { level: pressed.level } : { action: pressed.action! };
  }
}
