// The console's top bar: hall, counter and staff member, the counter's state and for how long, the
// language switch and log out.
import { elapsed, LangSwitch } from '../ui/components.js';
import { t } from './words.js';

export function ConsoleHeader({ hallName, counterName, staff, state, stateText, since, now, loggingOut, onLogout }: {
  hallName: string;
  counterName: string;
  staff: { no: string; name: string };
  state: string;
  stateText: string;
  /** Since when the counter is in its state (null: closed, nothing to count). */
  since: number | null;
  now: number;
  loggingOut: boolean;
  onLogout: () => void;
}) {
  return (
    <header class="bar">
      <div class="who">
        <span class="hall">{hallName}</span>
        <strong class="counter-name" data-testid="counter-name">
          {counterName}
        </strong>
        <span class="staff" data-testid="staff">
          {t('staff', { name: staff.name, no: staff.no })}
        </span>
      </div>
      <div class="state-box">
        <span class={`state-badge state-${state}`} data-testid="counter-state" data-state={state}>
          {stateText}
        </span>
        {since !== null && <span class="muted since">{t('inState', { t: elapsed(since, now) })}</span>}
      </div>
      <div class="tools">
        <LangSwitch />
        <button type="button" class="logout" data-testid="btn-logout" onClick={onLogout} disabled={loggingOut}>
          {t('logout')}
        </button>
      </div>
    </header>
  );
}
