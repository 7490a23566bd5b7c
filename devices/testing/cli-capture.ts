// What an installer command (`hall board-test`, `pad-test`, `print-test`) writes, kept for a test; and a
// Ctrl-C the test presses with stop().
export function captureCli() {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: () => void;
  const interrupted = new Promise<void>((r) => (stop = r));
  return { out, err, stop, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), interrupted } };
}
