// What a test starts (a link, a peer, a host, an emulator) is ended after it, whatever the test did:
// each start registers its own end, and after each test the ends run newest first (a host before the
// peer it talks to), one after another.
import { afterEach } from 'vitest';

export function endAfterEach(): (end: () => unknown) => void {
  let ends: (() => unknown)[] = [];
  afterEach(async () => {
    const due = ends.reverse();
    ends = [];
    for (const end of due) await end();
  });
  return (end) => void ends.push(end);
}
