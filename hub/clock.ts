// The hall's time: business days, tickets, events, sessions, and the time a device input made in the
// hub carries all read it, so that tests can set the hall's clock. What measures real elapsed time
// reads the system clock on purpose: the rating outbox's retry backoff (beside its setInterval), a
// device link's reconnects, and an agent's stamps on the inputs it holds (another machine's clock).
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private at: number) {}
  now(): number {
    return this.at;
  }
  set(at: number): void {
    this.at = at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** Real time, shifted on demand: for end-to-end runs where browsers read the real clock too. */
export class ShiftedClock extends ManualClock {
  private offset = 0;
  constructor() {
    super(Date.now());
  }
  override now(): number {
    return Date.now() + this.offset;
  }
  override set(at: number): void {
    this.offset = at - Date.now();
  }
  override advance(ms: number): void {
    this.offset += ms;
  }
}
