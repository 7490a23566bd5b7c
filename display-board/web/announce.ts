// The voice hook of the hall display. Every call and recall shown on this board (in its zone) is
// handed to the announcer here, one call of `announce()` per event, in the hub's order. The voice
// queue (voice.ts) plugs in with `setAnnouncer()` and plays the clips ("请", letters, digits, "号",
// "到", counter, … as shared/vocabulary.ts words the call) itself, one announcement at a time.
//
// The last announcements are also kept in `window.__hallDisplay.announcements` so a test or a person
// at the board's devtools can see what would have been said.
import type { Text } from '../../ui/i18n.js';

export interface Announcement {
  kind: 'call' | 'recall';
  ticketId: string;
  /** "A001" */
  number: string;
  counterId: string;
  counterName: Text | null;
  zone: string;
  /** The hub's time of the (re)call and the event's seq. */
  at: number;
  seq: number;
  /** How many times this ticket has been recalled (0 for a first call). */
  recalls: number;
}

export type Announcer = (a: Announcement) => void;

let announcer: Announcer | null = null;
const log: Announcement[] = [];

declare global {
  interface Window {
    __hallDisplay?: { announcements: Announcement[]; voice?: { log: unknown[]; errors: string[]; pending: number } };
  }
}
if (typeof window !== 'undefined') window.__hallDisplay = { announcements: log };

/** Installs the announcer (the voice player); `null` for silence. Returns the previous one. */
export function setAnnouncer(fn: Announcer | null): Announcer | null {
  const prev = announcer;
  announcer = fn;
  return prev;
}

/** Called by the board with each call and recall it shows. Never throws into the page. */
export function announce(a: Announcement): void {
  log.push(a);
  if (log.length > 50) log.shift();
  try {
    announcer?.(a);
  } catch (err) {
    console.error('announcer failed', err);
  }
}
