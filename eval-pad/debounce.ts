// Key debounce for pads: a cheap pad's contact bounces, and a citizen double-taps; the second press of
// the same key within the window is not a second answer. Pure: time comes in with each press.
export class Debouncer {
  private readonly last = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True if this press counts; false for a repeat of the same key within the window. */
  accept(key: string, at: number): boolean {
    const prev = this.last.get(key);
    this.last.set(key, at);
    return prev === undefined || at - prev >= this.windowMs;
  }
}
