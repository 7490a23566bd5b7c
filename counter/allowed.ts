// What the hub says this counter may do now (pushed with the counter as its desk, `counter.desk`; also in
// GET /api/counters/:id and every action's answer): the console's buttons are enabled from it, never
// from a copy of the engine's rules.
import type { CounterAction } from '../hub/engine/allowed-actions.js';
import type { CounterDesk } from '../shared/wire.js';
import { pick } from '../ui/i18n.js';

/** The engine's own list of counter actions (a type only: nothing of the hub is bundled). */
export type HubAction = CounterAction;

export interface Refusal {
  code: string;
  params?: Record<string, unknown>;
  /** The disabled button's hint: in the caller's language (an HTTP answer) or in both (a push). */
  message: string | { zh: string; en?: string };
}

/** Each action: null where allowed, else why not. Before the hub has answered: nothing is allowed. */
export type Allowed = Record<HubAction, Refusal | null>;

/** Where a transfer may go: open counters (not this one) with the services each serves. */
export type TransferTarget = CounterDesk['transferCounters'][number];

export const may = (allowed: Allowed | null, action: HubAction): boolean => !!allowed && allowed[action] === null;

/** Why not, for a hint ('' when allowed or not yet known). */
export const whyNot = (allowed: Allowed | null, action: HubAction): string => {
  const m = allowed?.[action]?.message;
  return m === undefined ? '' : typeof m === 'string' ? m : pick(m);
};
