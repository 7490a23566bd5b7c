// A driver family for tests, speaking a line protocol a test peer can read: it writes one line per
// routed event ("CALL B001 3", "DONE B001 3", "STATE 3 idle"), "SNAP <seq>" for every snapshot, and
// "ECHO <text>" for an echo command; the device's lines "RATE n", "KEY x", "PAPER LOW" / "PAPER OK"
// become a rating input, a key input and the driver's own health. Registered on import (kinds board,
// pad and keypad as family "test-call"; printer as "test-all", which asks for every event), so that a
// child `hall agent --driver tests/support/call-driver.ts` has it too.
import { healthReason } from '../../devices/health-reason.js';
import { delimiterSplitter } from '../../devices/framing.js';
import type { DeviceDriver, DriverContext, DriverFactory } from '../../devices/driver.js';
import { registerDriver } from '../../devices/driver.js';

export const CALL_FAMILY = 'test-call';
export const ALL_FAMILY = 'test-all';

function lineDriver(ctx: DriverContext): DeviceDriver {
  // Frames are written without waiting: the link queues them while the device is away.
  const write = (line: string) => void ctx.link.send(Buffer.from(`${line}\n`, 'utf8')).catch(() => {});
  ctx.link.on('frame', (f) => {
    const line = f.toString('utf8').trim();
    const rate = /^RATE (\d)$/.exec(line);
    if (rate) ctx.emit({ type: 'rating', score: Number(rate[1]) });
    else if (line.startsWith('KEY ')) ctx.emit({ type: 'key', key: line.slice(4) });
    else if (line === 'PAPER LOW') ctx.report({ state: 'degraded', reason: healthReason('PAPER_NEAR_END') });
    else if (line === 'PAPER OK') ctx.report({ state: 'online' });
  });
  return {
    onSnapshot(view) {
      write(`SNAP ${view.seq}`);
    },
    onHallEvents(events) {
      for (const e of events) {
        if ((e.type === 'ticket.called' || e.type === 'ticket.recalled') && e.ticket) write(`CALL ${e.ticket.number} ${e.ticket.counterId}`);
        else if (e.type === 'ticket.finished' && e.ticket) write(`DONE ${e.ticket.number} ${e.ticket.counterId}`);
        else if (e.type === 'counter.state' && e.counter) write(`STATE ${e.counter.id} ${e.counter.state}`);
        else write(`EV ${e.type}`);
      }
    },
    async onCommand(command) {
      if (command.type !== 'echo') throw new Error(`unknown command ${command.type}`);
      await ctx.link.send(Buffer.from(`ECHO ${String(command.text)}\n`, 'utf8'));
      return { echoed: command.text };
    },
  };
}

const base: Omit<DriverFactory, 'kind'> = { family: CALL_FAMILY, link: { parser: delimiterSplitter('\n') }, create: lineDriver };
export const callDrivers: DriverFactory[] = [
  { ...base, kind: 'board' },
  { ...base, kind: 'pad' },
  { ...base, kind: 'keypad' },
  { ...base, kind: 'printer', family: ALL_FAMILY, interest: 'all' },
];

for (const f of callDrivers) registerDriver(f);
