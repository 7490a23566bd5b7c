// Whether a service takes new tickets now, and if not, why: the kiosk greys the button out with the
// same reason code that `issue` would refuse with.
import type { Service } from './domain.js';
import { issueWindow } from './calendar.js';
import type { EngineErrorCode } from './errors.js';
import type { HallState } from './types.js';

export type Availability =
  | { open: true; remaining: number | null }
  | { open: false; code: Extract<EngineErrorCode, 'SERVICE_DISABLED' | 'SERVICE_CLOSED' | 'LUNCH_BREAK' | 'ISSUING_STOPPED' | 'QUOTA_REACHED'>; until: string | null; remaining: number | null };

export function availability(state: HallState, service: Service, now: number): Availability {
  const issued = state.issuedToday.get(service.id) ?? 0;
  const remaining = service.dailyQuota === undefined ? null : Math.max(0, service.dailyQuota - issued);
  if (!service.enabled) return { open: false, code: 'SERVICE_DISABLED', until: null, remaining };
  const window = issueWindow(service, state.config, now);
  if (!window.open) return { open: false, code: window.code, until: window.until, remaining };
  if (remaining === 0) return { open: false, code: 'QUOTA_REACHED', until: null, remaining };
  return { open: true, remaining };
}
