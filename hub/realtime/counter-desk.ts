// A counter's desk (shared/wire.ts `counter.desk`): the counter as its console draws it, with the
// engine's answer to what it may do now (hub/engine/allowed-actions.ts) and where its ticket may be
// transferred. Pushed to the counter's own room only, so the console gets the ticket in hand and its
// actions in one message instead of a push now and the actions with an HTTP answer later.
import type { CounterDesk, PushedRefusal } from '../../shared/wire.js';
import { allowedActions, COUNTER_ACTIONS, transferCounters, type Refusal } from '../engine/allowed-actions.js';
import { message } from '../error-messages.js';
import type { Hall } from '../hall.js';
import { counterView } from '../views.js';

/** The desk of `counterId` now, or null for a counter the hall does not have (any more). */
export function counterDesk(hall: Hall, counterId: string): CounterDesk | null {
  const c = hall.view.counters.get(counterId);
  if (!c) return null;
  // Both languages: the console may switch language between two pushes.
  const worded = (r: Refusal | null): PushedRefusal | null => r && { code: r.code, params: r.params, message: { zh: message(r.code, r.params, 'zh'), en: message(r.code, r.params, 'en') } };
  const can = allowedActions(hall.view, counterId, hall.clock.now());
  const allowed = Object.fromEntries(COUNTER_ACTIONS.map((a) => [a, worded(can[a])])) as CounterDesk['allowed'];
  return { seq: hall.lastSeq, counterId, view: counterView(hall.view, c), allowed, transferCounters: transferCounters(hall.view, counterId) };
}
