// Which ticket a rating is about, and whether it can still be rated: asked by the engine's `rate`, by
// hardware pads' presses (hub/device-supervision/inputs.ts) and by business systems' rating requests
// (hub/ratings/desk.ts), so the three agree.
import type { HallState, Ticket } from './types.js';

/** The ticket finished last at a counter today; on a tie (same millisecond) the later-issued one. */
export function lastFinishedAt(state: Readonly<HallState>, counterId: string): Ticket | undefined {
  const last = state.index.lastFinished.get(counterId);
  // The index holds the version it saw finish: the state has the current one (a rating since).
  return last ? (state.tickets.get(last.id) ?? last) : undefined;
}

/** Past this moment a finished ticket can no longer be rated (null: it is not finished). */
export function ratingClosesAt(t: Ticket, ratingWindowMin: number): number | null {
  return t.state === 'done' && t.finishedAt !== null ? t.finishedAt + ratingWindowMin * 60_000 : null;
}

/** Finished, not rated yet, and within its window at `now`. */
export function ratingOpen(t: Ticket, now: number, ratingWindowMin: number): boolean {
  const closes = ratingClosesAt(t, ratingWindowMin);
  return closes !== null && !t.rating && now <= closes;
}
