// The pad between ratings: the header (hall, counter, clock, language) and the staff card (亮身份) with
// the ticket being served at the counter.
import { useEffect, useState } from 'preact/hooks';
import { LangSwitch, useNow } from '../../ui/components.js';
import { hallHm } from '../../ui/hall-time.js';
import { pick, ts } from '../../ui/i18n.js';
import type { CounterView, LiveView } from '../../ui/live.js';
import { t } from './words.js';

function Clock() {
  const now = useNow(1000);
  return <span class="p-clock">{hallHm(now)}</span>;
}

export function Header({ view, counter }: { view: LiveView | null; counter: CounterView | undefined }) {
  return (
    <header class="p-header">
      <div class="p-hall">{view ? pick(view.hall.name) : t('title')}</div>
      <div class="p-header-right">
        {counter && <span class="p-header-counter">{pick(counter.name) || ts('counterName', { id: counter.id })}</span>}
        <Clock />
        <LangSwitch />
      </div>
    </header>
  );
}

function StaffPhoto({ photo, name }: { photo: string | null; name: string }) {
  const [broken, setBroken] = useState(false);
  useEffect(() => setBroken(false), [photo]);
  if (photo && !broken) return <img class="p-photo" data-testid="staff-photo" src={photo} alt={name} onError={() => setBroken(true)} />;
  return (
    <div class="p-photo p-avatar" data-testid="staff-avatar" aria-hidden="true">
      {name.slice(0, 1)}
    </div>
  );
}

export function Idle({ counter }: { counter: CounterView }) {
  const staff = counter.staff;
  const tk = counter.ticket && (counter.state === 'calling' || counter.state === 'serving') ? counter.ticket : null;
  const label = !tk ? t('noTicket') : counter.state === 'calling' ? t('nowCalling') : t('nowServing');
  return (
    <main class="p-idle" data-testid="pad-idle">
      <section class="p-staff-card">
        {staff ? (
          <>
            <div class="p-badge">{t('staffBadge')}</div>
            <StaffPhoto photo={staff.photo} name={staff.name} />
            <div class="p-staff-name" data-testid="staff-name">
              {staff.name}
            </div>
            <div class="p-staff-no">
              {t('staffNo')} <span data-testid="staff-no">{staff.no}</span>
            </div>
            <div class="p-counter-name" data-testid="counter-name">
              {pick(counter.name) || ts('counterName', { id: counter.id })}
            </div>
          </>
        ) : (
          <>
            <div class="p-photo p-avatar closed" aria-hidden="true">
              {counter.id}
            </div>
            <div class="p-counter-name" data-testid="counter-name">
              {pick(counter.name) || ts('counterName', { id: counter.id })}
            </div>
            <div class="p-closed">{t('counterClosed')}</div>
          </>
        )}
      </section>
      <section class="p-now">
        <div class="p-now-label">{label}</div>
        <div class={`p-now-number${tk ? ' big-number' : ' none'}`} data-testid="pad-current-number">
          {tk ? tk.number : t('none')}
        </div>
        {counter.state === 'paused' && <div class="p-paused">{t('counterPaused')}</div>}
        <div class="p-hint">{t('idleHint')}</div>
      </section>
    </main>
  );
}
