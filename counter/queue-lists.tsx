// The console's right column: today's own figures, the waiting list in the order the next calls will
// take it (the hub's call order), the held tickets and the no-shows, each row with its own action.
import type { ComponentChildren } from 'preact';
import { elapsed } from '../ui/components.js';
import { pick } from '../ui/i18n.js';
import type { TicketView } from '../ui/live.js';
import type { Counter } from './session.js';
import { t } from './words.js';

const WAITING_SHOWN = 100;

/** A row button: no focus on click, so Space stays "call next". */
function Mini({ testid, disabled, hint, onClick, children }: { testid: string; disabled?: boolean; hint?: string; onClick: () => void; children: string }) {
  return (
    <button type="button" class="mini" data-testid={testid} disabled={disabled} {...(disabled && hint ? { title: hint } : {})} onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      {children}
    </button>
  );
}

export function TodayFigures({ today }: { today: Counter['today'] | null }) {
  const satisfaction = today && today.rated > 0 ? `${Math.round((today.satisfied / today.rated) * 1000) / 10}%` : '–';
  return (
    <div class="today">
      <div class="stat">
        <span class="muted">
          {t('today')} · {t('served')}
        </span>
        <strong data-testid="today-served">{today ? today.served : '–'}</strong>
      </div>
      <div class="stat">
        <span class="muted">
          {t('satisfaction')}
          {today && today.rated > 0 ? ` · ${t('rated', { n: today.rated })}` : ''}
        </span>
        <strong data-testid="today-satisfaction">{satisfaction}</strong>
      </div>
    </div>
  );
}

export function WaitingList({ waiting, counterId, now, canCall, hint, priorityName, onCall }: {
  /** In call order: the first is who "call next" calls. */
  waiting: TicketView[] | null;
  counterId: string;
  now: number;
  canCall: boolean;
  hint: string;
  priorityName: (id: string) => string;
  onCall: (number: string) => void;
}) {
  return (
    <section class="list waiting">
      <h3 title={t('inCallOrder')}>
        {t('waiting')} <span class="count">{waiting ? waiting.length : '…'}</span>
      </h3>
      <ol data-testid="waiting-list" class="rows">
        {waiting?.length === 0 && <li class="empty muted">{t('none')}</li>}
        {waiting?.slice(0, WAITING_SHOWN).map((w, i) => (
          <li key={w.id} data-testid={`waiting-${w.number}`} class={i === 0 ? 'row next' : 'row'} {...(i === 0 ? { 'data-next': 'true' } : {})}>
            <span class="num">{w.number}</span>
            <span class="svc">
              {pick(w.serviceName)}
              {w.priority !== 'normal' && <span class="tag tag-priority">{priorityName(w.priority)}</span>}
              {w.counterId === counterId && <span class="tag">{t('toMe')}</span>}
            </span>
            <span class="wait muted">{elapsed(w.issuedAt, now)}</span>
            <Mini testid={`call-${w.number}`} disabled={!canCall} hint={hint} onClick={() => onCall(w.number)}>
              {t('callThis')}
            </Mini>
          </li>
        ))}
        {waiting && waiting.length > WAITING_SHOWN && <li class="empty muted">… +{waiting.length - WAITING_SHOWN}</li>}
      </ol>
    </section>
  );
}

/** A titled list of tickets set aside (held, no-shows): number, service and the row's own buttons. */
function SetAsideList({ kind, title, testid, tickets, actions }: { kind: string; title: string; testid: string; tickets: TicketView[] | null; actions: (t: TicketView) => ComponentChildren }) {
  return (
    <section class={`list ${kind}`}>
      <h3>
        {title} <span class="count">{tickets?.length ?? 0}</span>
      </h3>
      <ul data-testid={`${testid}-list`} class="rows">
        {tickets?.length === 0 && <li class="empty muted">{t('none')}</li>}
        {tickets?.map((x) => (
          <li key={x.id} data-testid={`${testid}-${x.number}`} class="row">
            <span class="num">{x.number}</span>
            <span class="svc">{pick(x.serviceName)}</span>
            {actions(x)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HeldList({ held, canResume, hint, onResume }: { held: TicketView[] | null; canResume: boolean; hint: string; onResume: (id: string) => void }) {
  const resume = (h: TicketView) => (
    <Mini testid={`held-resume-${h.number}`} disabled={!canResume} hint={hint} onClick={() => onResume(h.id)}>
      {t('resumeHeld')}
    </Mini>
  );
  return <SetAsideList kind="held" title={t('held')} testid="held" tickets={held} actions={resume} />;
}

export function NoShowList({ noShow, canCall, hint, onRequeue, onCall }: { noShow: TicketView[] | null; canCall: boolean; hint: string; onRequeue: (id: string) => void; onCall: (number: string) => void }) {
  const requeueOrCall = (n: TicketView) => (
    <>
      <Mini testid={`noshow-requeue-${n.number}`} onClick={() => onRequeue(n.id)}>
        {t('requeue')}
      </Mini>
      <Mini testid={`noshow-callback-${n.number}`} disabled={!canCall} hint={hint} onClick={() => onCall(n.number)}>
        {t('callBack')}
      </Mini>
    </>
  );
  return <SetAsideList kind="noshow" title={t('noShow')} testid="noshow" tickets={noShow} actions={requeueOrCall} />;
}
