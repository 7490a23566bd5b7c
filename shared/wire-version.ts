// The wire contract's version (the contract itself: shared/wire.ts). A file of its own so that a browser
// page can compare it without bundling zod, which the contract's schemas need.

/** Raised on a change that breaks a terminal built before it (a field removed, renamed or retyped). */
export const WIRE_VERSION = 1;
