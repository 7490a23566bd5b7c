// The start screen's special entries (green channel, appointment check-in) and the banner that says
// which of them a citizen is in on the later screens.
import { pick } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import { IconAccess, IconCalendar } from './icons.js';
import type { Appt, Mode, Screen } from './model.js';
import { tk } from './words.js';

/** The green-channel and appointment entries, on the start screen; each only where the hall offers it. */
export function Entries({ view, go }: { view: LiveView; go: (s: Screen) => void }) {
  const green = view.priorityClasses.find((p) => p.id === 'green');
  const appt = view.priorityClasses.find((p) => p.id === 'appointment');
  if (!green && !appt) return null;
  return (
    <div class="k-entries">
      {green && (
        <button type="button" class="k-entry green" data-testid="green-channel" onClick={() => go({ name: 'zones', mode: 'green' })}>
          <span class="k-entry-icon">
            <IconAccess />
          </span>
          <span class="k-entry-text">
            <strong>{pick(green.name) || tk('green')}</strong>
            <small>{green.description ? pick(green.description) : tk('greenHint')}</small>
          </span>
        </button>
      )}
      {appt && (
        <button type="button" class="k-entry appt" data-testid="appointment" onClick={() => go({ name: 'appointment' })}>
          <span class="k-entry-icon">
            <IconCalendar />
          </span>
          <span class="k-entry-text">
            <strong>{tk('appointment')}</strong>
            <small>{tk('appointmentHint')}</small>
          </span>
        </button>
      )}
    </div>
  );
}

export function ModeBanner({ view, mode, appt }: { view: LiveView; mode: Mode; appt: Appt | undefined }) {
  if (mode === 'normal') return null;
  if (mode === 'green') {
    const green = view.priorityClasses.find((p) => p.id === 'green');
    return (
      <div class="k-mode green" data-testid="mode-banner" data-mode="green">
        <strong>{tk('greenMode')}</strong>
        {green?.description && (
          <p data-testid="green-who">
            {tk('greenWho')}：{pick(green.description)}
          </p>
        )}
        <p class="k-small">{tk('greenCheck')}</p>
      </div>
    );
  }
  return (
    <div class="k-mode appt" data-testid="mode-banner" data-mode="appointment">
      <strong>{tk('apptMode', { code: appt?.code ?? '' })}</strong>
    </div>
  );
}
