// The counter console once logged in: the header, the ticket in hand (current-ticket.tsx), the action
// buttons (action-bar.tsx), the counter's lists (queue-lists.tsx) and the dialogs (dialogs.tsx). The
// data — the counter with what it may do, its lists, the requests — is use-counter.ts's: this file
// draws it, keeps which dialog is open, and holds no copy of the engine's rules (allowed.ts).
import { useEffect, useState } from 'preact/hooks';
import { useLang, useNow } from '../ui/components.js';
import { ConnectionBanner } from '../ui/status.js';
import { pick, ts } from '../ui/i18n.js';
import { ActionBar, BUTTONS, useActionKeys, type Button } from './action-bar.js';
import { ConsoleHeader } from './console-header.js';
import { may, whyNot } from './allowed.js';
import { CurrentTicket } from './current-ticket.js';
import { CallNumberDialog, PauseDialog, TransferDialog } from './dialogs.js';
import { HeldList, NoShowList, TodayFigures, WaitingList } from './queue-lists.js';
import type { Counter, StaffSession } from './session.js';
import { useCounter, type ActionName } from './use-counter.js';
import { reasonText, t } from './words.js';

type DialogName = 'transfer' | 'pause' | 'call-number';

export function Console({ session, initial, onEnd }: { session: StaffSession; initial: Counter | null; onEnd: (message: string | null) => void }) {
  useLang();
  const counterId = session.counterId;
  const now = useNow(1000);
  const desk = useCounter(session, initial, onEnd);
  const { live, counter, allowed, lists, error, setError, busy, run, post } = desk;

  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);

  const inDialog = async (name: ActionName, request: () => Promise<unknown>) => {
    setDialogError(null);
    if (await run(name, request as () => Promise<void>)) setDialog(null);
  };

  const st = counter?.state ?? 'closed';
  const tk = counter?.ticket ?? null;
  const can = Object.fromEntries((Object.keys(BUTTONS) as Button[]).map((b) => [b, may(allowed, BUTTONS[b].action)])) as Record<Button, boolean>;

  // A dialog opens even while a request runs (F6 right after F1: the push brought the ticket and its
  // actions before the call's answer); a request waits its turn in run(), which drops a second one.
  const press = (b: Button) => {
    if (!can[b]) return;
    setDialogError(null);
    switch (b) {
      case 'transfer':
        // The targets come with each desk; a fresh read of the lists as well, for an old push.
        desk.refresh();
        setError(null);
        setDialog(b);
        return;
      case 'call-number':
      case 'pause':
        setError(null);
        setDialog(b);
        return;
      default:
        void run(b, () => post(b));
    }
  };

  useActionKeys({ paused: st === 'paused', dialogOpen: dialog !== null, press });

  useEffect(() => {
    document.title = `${counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ''} · ${t('title')}`;
  }, [counter?.name]);

  // ---- drawing
  const view = live.view;
  const staff = counter?.staff ?? { no: session.staffNo, name: session.name };
  const priorityName = (id: string) => pick(view?.priorityClasses.find((p) => p.id === id)?.name) || id;
  const stateText = st === 'paused' ? t('pausedWith', { reason: reasonText(counter?.pauseReason) }) : ts(st);
  const callNumber = (number: string) => void run('call-number', () => post('call-number', { number }));

  return (
    <div class="console">
      <ConsoleHeader
        hallName={view ? pick(view.hall.name) : ''}
        counterName={counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ts('counterName', { id: counterId })}
        staff={staff}
        state={st}
        stateText={stateText}
        since={counter && st !== 'closed' ? counter.since : null}
        now={now}
        loggingOut={busy === 'logout'}
        onLogout={desk.logout}
      />

      <ConnectionBanner live={live} />
      {error && (
        <div class="banner error-bar" role="alert">
          <span data-testid="error">{error}</span>
          <button type="button" class="dismiss" onClick={() => setError(null)} aria-label={t('dismiss')}>
            ×
          </button>
        </div>
      )}
      {desk.notice && !error && (
        <div class="banner notice-bar" role="status" data-testid="notice">
          {desk.notice}
        </div>
      )}

      <main class="desk">
        <section class="left">
          <CurrentTicket counter={counter} full={desk.current} stateText={stateText} now={now} maxRecalls={desk.maxRecalls} priorityName={priorityName} />
          <ActionBar
            can={can}
            hint={(b) => whyNot(allowed, BUTTONS[b].action)}
            busy={busy}
            paused={st === 'paused'}
            callFinishes={st === 'serving' && can.call}
            onPress={press}
          />
        </section>

        <aside class="right">
          <TodayFigures today={counter?.today ?? null} />
          <WaitingList
            waiting={lists?.waiting ?? null}
            counterId={counterId}
            now={now}
            canCall={can['call-number']}
            hint={whyNot(allowed, 'call-number')}
            priorityName={priorityName}
            onCall={callNumber}
          />
          <HeldList
            held={lists?.held ?? null}
            canResume={may(allowed, 'resume-held')}
            hint={whyNot(allowed, 'resume-held')}
            onResume={(ticketId) => void run('resume-held', () => post('resume-held', { ticketId }))}
          />
          <NoShowList
            noShow={lists?.noShow ?? null}
            canCall={can['call-number']}
            hint={whyNot(allowed, 'call-number')}
            onRequeue={desk.requeue}
            onCall={callNumber}
          />
        </aside>
      </main>

      {dialog === 'transfer' && tk && (
        <TransferDialog
          number={tk.number}
          currentService={tk.serviceId}
          targets={desk.transferCounters}
          view={view}
          error={dialogError ?? error}
          busy={busy === 'transfer'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('transfer', () => post('transfer', body))}
        />
      )}
      {dialog === 'pause' && (
        <PauseDialog
          error={dialogError ?? error}
          busy={busy === 'pause'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('pause', () => post('pause', body))}
        />
      )}
      {dialog === 'call-number' && (
        <CallNumberDialog
          suggestions={[...(lists?.waiting ?? []), ...(lists?.noShow ?? [])].map((x) => x.number).slice(0, 50)}
          error={dialogError ?? error}
          busy={busy === 'call-number'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('call-number', () => post('call-number', body))}
        />
      )}
    </div>
  );
}
