import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['hub/**/*.test.ts', 'shared/**/*.test.ts', 'central/**/*.test.ts', 'devices/**/*.test.ts', 'tests/**/*.test.ts', 'counter-pads/**/*.test.ts', 'display-board/**/*.test.ts', 'ticket-printer/**/*.test.ts', 'ui/**/*.test.ts'],
    // The build made fresh before any file runs: child `hall` processes run it instead of tsx.
    globalSetup: ['tests/support/build-if-stale.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll's own default (1 s) is a race with a loaded machine: a poll's limit bounds a failure,
    // it asserts no speed.
    expect: { poll: { timeout: 15_000 } },
    // Integration tests start hubs on ephemeral ports and child processes: two workers suit 2 cores.
    maxWorkers: 2,
  },
});
