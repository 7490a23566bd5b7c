// The ticket in hand: its number and state, service and tags, the three timers and the recalls.
import { hallHm } from '../ui/hall-time.js';
import { elapsed } from '../ui/components.js';
import { pick } from '../ui/i18n.js';
import type { TicketView } from '../ui/live.js';
import type { Counter } from './session.js';
import { t } from './words.js';

export function CurrentTicket({ counter, full, stateText, now, maxRecalls, priorityName }: {
  counter: Counter | null;
  /** The ticket in hand in full (issued at, service name, priority), once read. */
  full: TicketView | null;
  stateText: string;
  now: number;
  maxRecalls: number | null;
  priorityName: (id: string) => string;
}) {
  const st = counter?.state ?? 'closed';
  const tk = counter?.ticket ?? null;
  const cur = full && tk && full.id === tk.id ? full : null;
  return (
    <div class={`current ticket-${tk?.state ?? 'none'}${st === 'paused' ? ' counter-paused' : ''}`}>
      <div class="current-main">
        <div class="muted small">{t('current')}</div>
        <div class="big-number current-number" data-testid="current-number">
          {tk ? tk.number : '—'}
        </div>
        <div class="current-state" data-testid="current-state" data-state={tk?.state ?? 'none'}>
          {tk ? (tk.state === 'serving' ? t('tServing') : t('tCalled')) : st === 'paused' ? `${stateText} · ${t('pausedHint')}` : t('idleHint')}
        </div>
      </div>
      {tk && (
        <div class="current-info">
          <div class="service">
            {cur ? pick(cur.serviceName) : ''}
            {cur && cur.priority !== 'normal' && <span class="tag tag-priority">{priorityName(cur.priority)}</span>}
            {cur && cur.transfers > 0 && <span class="tag">{t('transferred')}</span>}
            {cur && cur.requeues > 0 && <span class="tag">{t('requeued')}</span>}
          </div>
          <dl class="timers">
            <div>
              <dt>{t('waited')}</dt>
              <dd data-testid="timer-wait">{cur ? elapsed(cur.issuedAt, tk.calledAt ?? now) : '–'}</dd>
            </div>
            <div>
              <dt>{t('sinceCall')}</dt>
              <dd data-testid="timer-call">{elapsed(tk.calledAt, tk.startedAt ?? now)}</dd>
            </div>
            <div>
              <dt>{t('sinceStart')}</dt>
              <dd data-testid="timer-start">{elapsed(tk.startedAt, now)}</dd>
            </div>
          </dl>
          <div class="recalls" data-testid="recalls" data-recalls={tk.recalls}>
            {maxRecalls !== null ? t('recallsMax', { n: tk.recalls, max: maxRecalls }) : t('recalls', { n: tk.recalls })}
            {cur && <span class="muted"> · {t('issuedAt', { time: hallHm(cur.issuedAt) })}</span>}
          </div>
        </div>
      )}
    </div>
  );
}
