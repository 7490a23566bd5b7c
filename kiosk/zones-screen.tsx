// The floor (zone) step: each zone with its services, people waiting and departments; "you are here"
// on the kiosk's own floor.
import type { ComponentChildren } from 'preact';
import { pick } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import { ModeBanner } from './entries.js';
import { departmentsOf, type Appt, type Mode } from './model.js';
import { tk } from './words.js';

export function ZonesScreen(props: {
  view: LiveView;
  mode: Mode;
  appt: Appt | undefined;
  hereZone: string | null;
  onZone: (zone: string) => void;
  entries: ComponentChildren;
}) {
  const { view, mode, appt, hereZone, onZone, entries } = props;
  return (
    <div class="k-screen">
      <ModeBanner view={view} mode={mode} appt={appt} />
      <h1 class="k-heading">{tk('chooseZone')}</h1>
      <div class="k-zones">
        {view.zones.map((z) => {
          const services = view.services.filter((s) => s.zone === z.id);
          const waiting = services.reduce((n, s) => n + s.waiting, 0);
          const here = hereZone === z.id;
          return (
            <button type="button" key={z.id} class={`k-zone${here ? ' here' : ''}`} data-testid={`zone-${z.id}`} onClick={() => onZone(z.id)}>
              <span class="k-zone-name">
                {pick(z.name)}
                {here && <span class="k-badge here">{tk('hereBadge')}</span>}
              </span>
              <span class="k-zone-stats">{tk('zoneStats', { services: services.length, waiting })}</span>
              <span class="k-zone-depts">{departmentsOf(services).map((d) => d.name).join(' · ')}</span>
            </button>
          );
        })}
      </div>
      {entries}
    </div>
  );
}
