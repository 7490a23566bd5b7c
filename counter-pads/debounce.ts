// Key debounce for pads: a cheap pad's contact bounces, and a citizen double-taps; a press of the same
// key as the one just before it on the same unit, within the window, is not a second answer. Another
// key in between ends the bounce. Pure: time comes in with each press (the host's clock for HID pads,
// the unit's own press time for open-pad units, whose u32 millisecond clock wraps: `elapsed` says how
// far apart two times are).
export class Debouncer {
  private readonly last = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly elapsed: (from: number, to: number) => number = (from, to) => to - from,
  ) {}

  /** True if this press counts; false for a repeat of the previous key of `unit` within the window. */
  accept(unit: string, key: string, at: number): boolean {
    const prev = this.last.get(unit);
    this.last.set(unit, { key, at });
    return !prev || prev.key !== key || this.elapsed(prev.at, at) >= this.windowMs;
  }

  /** Forgets a unit's last press (it restarted: its next press is measured on a new clock). */
  forget(unit: string): void {
    this.last.delete(unit);
  }
}
