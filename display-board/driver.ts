// The LED board driver (kind `board`, families `onbon-bx` and `window-screen`): one device is one
// RS-485 bus (or one screen), its `units` the screens on it by bus address. Every snapshot and every
// batch of events redraws each screen from the hall (content.ts); the bus scheduler sends only what
// changed, calls first (a call concerns a counter's own screens and the boards of its zone or hall). A recall sends the call again (the screen flashes again). After a
// reconnect or a resync every screen is sent its current content; a silent screen (BX answers each
// frame) makes the device degraded: "screen 3 not answering".
import { z } from 'zod';
import type { DeviceDriver, DriverCommand, DriverContext, DriverFactory, HallSnapshot } from '../devices/driver.js';
import { registerDriver } from '../devices/driver.js';
import { openBus } from './bus.js';
import { FAMILY_CODEC } from './codecs/index.js';
import type { BoardCodec } from './codecs/types.js';
import { layoutContent } from './codecs/types.js';
import { screenContent, screensOf, textsOf, type Screen } from './content.js';
import type { Priority } from './scheduler.js';

export interface BoardDriverTuning {
  answerTimeoutMs?: number;
  retryMs?: number;
}

/** Tests make silent screens show up sooner. */
export const boardTuning: BoardDriverTuning = {};

const showCommand = z.object({
  type: z.literal('show'),
  /** A bus address of this device (default: every screen of it). */
  unit: z.number().int().min(0).max(0xfffe).optional(),
  text: z.string().min(1).max(200),
  color: z.enum(['red', 'green', 'amber']).optional(),
});

function notAnsweringReason(silent: number[]): string {
  return silent.length === 1 ? `screen ${silent[0]} not answering` : `screens ${silent.join(', ')} not answering`;
}

export function createBoardDriver(codec: BoardCodec, ctx: DriverContext): DeviceDriver {
  const screens = screensOf(ctx.device, codec);
  const scheduler = openBus({ link: ctx.link, codec, log: ctx.log, ...boardTuning });
  let view: HallSnapshot | null = null;

  scheduler.on('answering', (address, answering) => {
    const silent = scheduler.silentScreens;
    ctx.log[answering ? 'info' : 'warn']({ address }, answering ? 'screen answers again' : 'screen not answering');
    ctx.report(silent.length ? { state: 'degraded', reason: notAnsweringReason(silent) } : { state: 'online' });
  });

  /** Redraws every screen; the screens a call or recall concerns go first (a recall is sent even if unchanged). */
  function draw(v: HallSnapshot, calls: Map<Screen, { recall: boolean }> = new Map()): void {
    const texts = textsOf(v);
    for (const s of screens) {
      const call = calls.get(s);
      const priority: Priority = call ? 'call' : 'routine';
      scheduler.set(s.address, screenContent(s, ctx.device, v, texts), priority, call?.recall ?? false);
    }
  }

  return {
    onSnapshot(v) {
      view = v;
      draw(v);
      scheduler.resendAll();
    },
    onHallEvents(events, v) {
      view = v;
      const zoneOf = new Map(v.counters.map((c) => [c.id, c.zone]));
      const calls = new Map<Screen, { recall: boolean }>();
      for (const e of events) {
        if ((e.type !== 'ticket.called' && e.type !== 'ticket.recalled') || !e.ticket?.counterId) continue;
        const counter = e.ticket.counterId;
        const zone = zoneOf.get(counter) ?? e.ticket.zone;
        for (const s of screens) {
          const concerned = s.counter ? s.counter === counter : !ctx.device.zone || ctx.device.zone === zone;
          if (concerned) calls.set(s, { recall: (calls.get(s)?.recall ?? false) || e.type === 'ticket.recalled' });
        }
      }
      draw(v, calls);
    },
    async onCommand(command: DriverCommand) {
      if (command.type === 'status') {
        // For installers and the dashboard: what each screen should show, which are silent, the counts.
        return {
          screens: screens.map((s) => ({ unit: s.address, counter: s.counter, text: scheduler.contentOf(s.address)?.lines.map((l) => l.text) ?? [] })),
          silent: scheduler.silentScreens,
          queued: scheduler.queued,
          counts: { ...scheduler.counts },
        };
      }
      const parsed = showCommand.safeParse(command);
      if (!parsed.success) throw new Error(`unknown or invalid board command: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const { unit, text, color } = parsed.data;
      const targets = unit === undefined ? screens : screens.filter((s) => s.address === unit);
      if (!targets.length) throw new Error(`no screen at bus address ${unit}`);
      const texts = textsOf(view);
      for (const s of targets) {
        const geo = s.counter ? texts.counterScreen : texts.hallScreen;
        scheduler.set(s.address, layoutContent({ lines: text.split('\n').map((t) => ({ text: t, color: color ?? 'red', effect: 'static', speed: 8 })) }, geo), 'call', true);
      }
      return { shown: targets.map((s) => s.address) };
    },
    stop() {
      scheduler.stop();
    },
  };
}

export const boardDrivers: DriverFactory[] = Object.entries(FAMILY_CODEC).map(([family, codec]) => ({
  kind: 'board',
  family,
  default: family === 'onbon-bx',
  // Every event, not just the routed calls: a hall board's waiting count changes with each ticket
  // issued. Unchanged screens are not written again (the scheduler compares contents).
  interest: 'all' as const,
  link: { parser: codec.splitter, interFrameGapMs: 20, requestTimeoutMs: 1000 },
  create: (ctx: DriverContext) => createBoardDriver(codec, ctx),
}));

for (const f of boardDrivers) registerDriver(f);
