// The queue engine's public face: pure functions over plain data, no I/O.
export * from './types.js';
export * from './errors.js';
export * from './calendar.js';
export * from './policy.js';
export * from './state.js';
export * from './engine.js';
export * from './estimate.js';
export * from './availability.js';
export * from './allowed-actions.js';
export * from './call-order.js';
