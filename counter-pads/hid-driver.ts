// USB HID rating pads and caller keypads: `hid-keyboard` (pads that type digits or F-keys: boot
// keyboard reports, key map in the device's options) and `hid-vendor` (own reports, byte map in the
// options). Address them through libusb (`hid://VID:PID?driver=libusb`) so the kernel's keyboard
// driver lets go and the pad stops typing into the kiosk or counter PC. Each input report is one
// frame of the link; presses become hall inputs (debounced). These pads have no display.
import type { DeviceDriver, DriverContext, DriverFactory } from '../devices/driver.js';
import { registerDriver } from '../devices/driver.js';
import { healthReason } from '../devices/health-reason.js';
import { Debouncer } from './debounce.js';
import type { KeyTarget } from './hid-reports.js';
import { BootKeyTracker, DEFAULT_IGNORED_KEYS, DEFAULT_KEYPAD_KEYS, DEFAULT_PAD_KEYS, keyMap, keyboardOptionsSchema, usagesOf, VendorReportTracker, vendorOptionsSchema } from './hid-reports.js';
import { DeviceCommandError } from '../devices/driver.js';

export const HID_KEYBOARD = 'hid-keyboard';
export const HID_VENDOR = 'hid-vendor';
const DEFAULT_DEBOUNCE_MS = 300;

interface HidStats {
  reports: number;
  presses: number;
  ignored: number;
  bounces: number;
  unmapped: number;
  [k: string]: number;
}

type Decoded = KeyTarget | { unmapped: string } | { ignored: true };

function run(ctx: DriverContext, kind: 'pad' | 'keypad', decode: (report: Buffer) => Decoded[], debounceMs: number): DeviceDriver {
  const stats: HidStats = { reports: 0, presses: 0, ignored: 0, bounces: 0, unmapped: 0 };
  const debounce = new Debouncer(debounceMs);
  const onReport = (report: Buffer) => {
    stats.reports++;
    for (const hit of decode(report)) {
      if ('ignored' in hit) {
        stats.ignored++;
        continue;
      }
      if ('unmapped' in hit) {
        stats.unmapped++;
        ctx.emit({ type: 'key', key: hit.unmapped });
        continue;
      }
      const key = 'level' in hit ? `level:${hit.level}` : `action:${hit.action}`;
      if (!debounce.accept('pad', key, Date.now())) {
        stats.bounces++;
        continue;
      }
      stats.presses++;
      if ('level' in hit && kind === 'pad') ctx.emit({ type: 'rating', score: hit.level });
      else if ('action' in hit && kind === 'keypad') ctx.emit({ type: 'counter.action', action: hit.action });
      else {
        stats.unmapped++;
        ctx.emit({ type: 'key', key });
      }
    }
  };
  ctx.link.on('frame', onReport);
  return {
    onCommand(c) {
      if (c.type === 'stats') return { ...stats };
      throw new DeviceCommandError('UNSUPPORTED', ctx.device.id, `评价器/呼叫器不支持此命令 / a pad or keypad does not take "${c.type}" (stats)`);
    },
    stop() {
      ctx.link.off('frame', onReport);
    },
  };
}

/** A driver that only reports why its options are wrong (the device shows degraded with the reason). */
function misconfigured(ctx: DriverContext, why: string): DeviceDriver {
  ctx.log.error({ device: ctx.device.id, err: why }, 'HID pad options refused');
  ctx.report({ state: 'degraded', reason: healthReason('BAD_OPTIONS', { detail: why }) });
  return {};
}

export function hidKeyboardFactory(kind: 'pad' | 'keypad'): DriverFactory {
  return {
    kind,
    family: HID_KEYBOARD,
    create(ctx) {
      const o = keyboardOptionsSchema.safeParse(ctx.device.options ?? {});
      if (!o.success) return misconfigured(ctx, o.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      let map: ReturnType<typeof keyMap>;
      let ignored: Set<number>;
      try {
        map = keyMap(o.data.keys ?? (kind === 'pad' ? DEFAULT_PAD_KEYS : DEFAULT_KEYPAD_KEYS));
        ignored = usagesOf(o.data.ignore ?? DEFAULT_IGNORED_KEYS);
      } catch (e) {
        return misconfigured(ctx, (e as Error).message);
      }
      const tracker = new BootKeyTracker();
      const reportId = o.data.reportId ?? false;
      return run(
        ctx,
        kind,
        (report) => tracker.next(report, { reportId }).map((usage): Decoded => map.get(usage) ?? (ignored.has(usage) ? { ignored: true } : { unmapped: `usage:0x${usage.toString(16)}` })),
        o.data.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      );
    },
  };
}

export function hidVendorFactory(kind: 'pad' | 'keypad'): DriverFactory {
  return {
    kind,
    family: HID_VENDOR,
    create(ctx) {
      const o = vendorOptionsSchema.safeParse(ctx.device.options ?? {});
      if (!o.success) return misconfigured(ctx, o.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const tracker = new VendorReportTracker(o.data.map);
      return run(
        ctx,
        kind,
        (report) => {
          const hit = tracker.next(report);
          return hit ? [hit] : [];
        },
        o.data.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      );
    },
  };
}

for (const kind of ['pad', 'keypad'] as const) {
  registerDriver(hidKeyboardFactory(kind));
  registerDriver(hidVendorFactory(kind));
}
