// The hall every bench section runs: the demo config's services and counters, a Monday's clock, the
// bench's own actor. Shared by the bench and the processes it starts (bench/busy-hub.ts).
import type { Actor } from '../hub/engine/types.js';

export const SERVICES = ['social-security', 'medical-insurance', 'household', 'real-estate', 'tax', 'comprehensive', 'business-start', 'construction-permit'];
export const COUNTERS = Array.from({ length: 16 }, (_, i) => String(i + 1));
export const ACTOR: Actor = { kind: 'system', id: 'bench' };
/** 03:30 local on a Monday: a whole business day ahead. */
export const DAY_START = Date.UTC(2026, 10, 22, 19, 30);
