// A list of factories keyed by device kind and family name: what driver and simulator families
// register into (devices/driver.ts, devices/simulator.ts).
export class FamilyRegistry<F extends { kind: string; family: string }> {
  protected readonly factories: F[] = [];

  /** Adds (or replaces: same kind and family) a family's factory; returns a function that removes it. */
  register(factory: F): () => void {
    const i = this.factories.findIndex((f) => f.kind === factory.kind && f.family === factory.family);
    if (i >= 0) this.factories.splice(i, 1, factory);
    else this.factories.push(factory);
    return () => {
      const j = this.factories.indexOf(factory);
      if (j >= 0) this.factories.splice(j, 1);
    };
  }

  list(): readonly F[] {
    return [...this.factories];
  }
}
