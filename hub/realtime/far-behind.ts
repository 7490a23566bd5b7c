// A terminal that cannot keep up gets the hall as it is now, not every frame it missed.
//
// The hub sends every committed event to every terminal. A board on a bad Wi-Fi link, or a browser tab
// the PC has put to sleep, stops reading; engine.io then keeps each frame for it in the hub's memory,
// without limit, and sends the whole backlog in one go when the link comes back: a day played at full
// speed left 190 MiB in the hub for one lagging process of screens, and its catch-up writes were the
// busy day's longest stalls (50–190 ms of the loop sending hundreds of frames a screen at once). The
// frames are worth nothing by then (calls minutes old, queue figures long replaced) and a board
// replaying them would flash, even announce, calls that are over.
//
// So a terminal with more than `limit` packets waiting is taken off the hall's feeds (its rooms for
// events and queue figures; its counter's desk and its kiosk's print jobs stay) and, once everything it
// had waiting has left, put back with a fresh snapshot: the same thing a terminal gets when it connects
// or asks to resync, which every terminal already applies at any time (ui/live.ts). What it holds for
// such a terminal is bounded by `limit` packets. A healthy terminal never comes near: a burst of 8 calls
// is ~25 packets, and its write completes within a turn or two.
import type { Socket } from 'socket.io';
import { pendingPackets } from './one-write.js';

/** ~20 bursts of 8 calls, minutes of a real hall's calls: only a terminal that stopped reading gets there. */
export const FAR_BEHIND_PACKETS = 512;
/** How often a terminal taken off the feeds is checked for having caught up. */
export const CATCH_UP_POLL_MS = 100;

export interface FarBehindStats {
  /** Terminals taken off the feeds since the start (each one came back with a snapshot, or left). */
  takenOff: number;
  /** Terminals put back with a snapshot. */
  caughtUp: number;
}

export interface FarBehindGuard {
  readonly stats: FarBehindStats;
  /** How many terminals are off the feeds now. */
  readonly behind: number;
  /** Takes off the feeds every terminal of `sockets` that has more than the limit waiting. Before each batch. */
  check(sockets: Iterable<Socket>): void;
  close(): void;
}

export interface FarBehindOptions {
  limit?: number;
  pollMs?: number;
  /** The rooms of a terminal's feeds, which it leaves while behind. */
  feeds(socket: Socket): readonly string[];
  /** Sends the terminal the hall as it is now (a snapshot, the desk): it is back on the feeds. */
  catchUp(socket: Socket): void;
  /** Told when a terminal is taken off (for the log), with how many packets it had waiting. */
  tookOff?(socket: Socket, pending: number): void;
}

export function farBehindGuard(options: FarBehindOptions): FarBehindGuard {
  const limit = options.limit ?? FAR_BEHIND_PACKETS;
  const pollMs = options.pollMs ?? CATCH_UP_POLL_MS;
  const stats: FarBehindStats = { takenOff: 0, caughtUp: 0 };
  const behind = new Map<Socket, readonly string[]>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const poll = () => {
    for (const [socket, rooms] of behind) {
      if (socket.disconnected) {
        behind.delete(socket);
        continue;
      }
      // Everything it had waiting has been handed to its connection: the snapshot goes next, in order.
      if ((pendingPackets(socket.conn) ?? 0) > 0) continue;
      behind.delete(socket);
      void socket.join([...rooms]);
      stats.caughtUp++;
      options.catchUp(socket);
    }
    if (behind.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    stats,
    get behind() {
      return behind.size;
    },
    check(sockets) {
      for (const socket of sockets) {
        if (behind.has(socket)) continue;
        const pending = pendingPackets(socket.conn);
        if (pending === undefined || pending <= limit) continue;
        const rooms = options.feeds(socket).filter((r) => socket.rooms.has(r));
        // Not on a feed (a phone following its ticket hears little): nothing to take it off.
        if (rooms.length === 0) continue;
        for (const r of rooms) void socket.leave(r);
        behind.set(socket, rooms);
        stats.takenOff++;
        options.tookOff?.(socket, pending);
        timer ??= setInterval(poll, pollMs);
        timer.unref?.();
      }
    },
    close() {
      clearInterval(timer);
      timer = undefined;
      behind.clear();
    },
  };
}
