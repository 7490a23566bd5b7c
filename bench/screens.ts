// Screens for the bench, in their own process (bench/hub-bench.ts starts one per 1,000): 2,000 socket.io
// clients parsing every frame on the hub's own event loop had the hub lose their pings, and the loop's
// delay was theirs as much as the hub's. Driven over IPC:
//   argv: url, how many, token ('' for a bare socket.io server: wait for `connect`, not a `snapshot`)
//   → {ready, connected}                  all connected, paced in steps of 50 (each step waits for the last)
//   ← {arm}  → {armed}                    listen for the next ticket.called on every screen
//   → {got, last, missing, frames}        every screen has it (or 30 s passed): when the last one had it
//                                         (performance.timeOrigin + now, comparable across processes),
//                                         how many had not, and the frames screen 0 was sent meanwhile
//   ← {report} → {every, dropped}         how many screens received every call; disconnections seen
import { io as connect, type Socket } from 'socket.io-client';

const [url, count, token] = [process.argv[2]!, Number(process.argv[3]), process.argv[4] ?? ''];
const sockets: Socket[] = [];
const received: number[] = [];
let calls = 0;
let dropped = 0;
const now = () => performance.timeOrigin + performance.now();

for (let i = 0; i < count; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, count - i) }, () => {
      const s = connect(url, { transports: ['websocket'], ...(token ? { auth: { token } } : {}), forceNew: true, reconnection: false });
      const index = sockets.push(s) - 1;
      received[index] = 0;
      s.on('disconnect', () => dropped++);
      return new Promise((r) => s.once(token ? 'snapshot' : 'connect', r));
    }),
  );
}
let frames: [string, unknown][] = [];
// Only while a call is awaited: the busy day's screens are never armed, and kept every frame of the day.
let collecting = false;
sockets[0]!.onAny((type: string, data: unknown) => collecting && frames.push([type, data]));
process.send!({ ready: true, connected: sockets.filter((s) => s.connected).length });

function arm(): void {
  calls++;
  frames = [];
  collecting = true;
  let left = sockets.length;
  let last = 0;
  let over = false;
  const done = () => {
    over = true;
    clearTimeout(timer);
    // Frames of the same batch that come after ticket.called are counted too.
    setTimeout(() => {
      collecting = false;
      process.send!({ got: true, last, missing: left, frames });
    }, 20);
  };
  const timer = setTimeout(done, 30_000);
  sockets.forEach((s, i) =>
    s.once('ticket.called', () => {
      // Late (after the 30 s): this screen missed the call.
      if (over) return;
      last = now();
      received[i]!++;
      if (--left === 0) done();
    }),
  );
  process.send!({ armed: true });
}

process.on('message', (m: { arm?: boolean; report?: boolean }) => {
  if (m.arm) arm();
  if (m.report) {
    process.send!({ every: received.filter((n) => n === calls).length, dropped });
    for (const s of sockets) s.close();
  }
});
