// The console's three dialogs: transfer, pause with a reason, call a chosen number. Each confirms
// through a promise that says whether the hub agreed; a refusal keeps the dialog open with the message.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { pick, ts } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import type { TransferTarget } from './allowed.js';
import { PAUSE_REASONS, t } from './words.js';

function Dialog({ title, testid, error, busy, onCancel, onConfirm, children }: {
  title: string;
  testid: string;
  error: string | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>('input, select, button');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label={title}>
      <form
        ref={box}
        class="dialog"
        data-testid={testid}
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
        onKeyDown={(e) => {
          // Enter confirms wherever the focus is (a focused button would otherwise just be clicked).
          if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing) return;
          const target = e.target as HTMLElement;
          if (target.dataset.testid === 'dialog-cancel') return;
          e.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <h2>{title}</h2>
        {children}
        {error && (
          <p class="dialog-error" role="alert" data-testid="dialog-error">
            {error}
          </p>
        )}
        <div class="dialog-buttons">
          <button type="button" class="btn-secondary" data-testid="dialog-cancel" onClick={onCancel}>
            {t('cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" class="btn-primary" data-testid={`${testid}-confirm`} disabled={busy}>
            {busy ? t('busy') : t('confirm')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}

interface Common {
  error: string | null;
  busy: boolean;
  onCancel: () => void;
  /** Sends the body; the dialog closes when the hub agrees, and shows `error` when it refuses. */
  onConfirm: (body: any) => void;
  setError: (message: string | null) => void;
}

export function TransferDialog({ number, currentService, targets, view, ...c }: Common & { number: string; currentService: string | null; targets: TransferTarget[]; view: LiveView | null }) {
  const [toService, setToService] = useState('');
  const [toCounter, setToCounter] = useState('');
  const services = view?.services ?? [];
  const zones = view?.zones ?? [];
  // The hub's list of counters a transfer may go to (open ones, not this one), narrowed to those that
  // serve the service the ticket goes to.
  const service = toService || currentService;
  const counters = targets
    .filter((k) => service !== null && k.services.includes(service))
    .map((k) => view?.counters.find((v) => v.id === k.id) ?? { id: k.id, name: null, state: 'idle' as const, staff: null })
    .sort((a, b) => Number(a.id) - Number(b.id));
  // A counter chosen for another service is no longer offered: forget it.
  if (toCounter && !counters.some((k) => k.id === toCounter)) setToCounter('');
  const zoneName = (id: string) => pick(zones.find((z) => z.id === id)?.name) || id;
  const zoneIds = [...new Set(services.map((s) => s.zone))];
  return (
    <Dialog
      title={t('transferTitle', { number })}
      testid="transfer"
      {...c}
      onConfirm={() => {
        if (!toService && !toCounter) return c.setError(t('chooseTarget'));
        c.onConfirm({ ...(toService ? { toService } : {}), ...(toCounter ? { toCounter } : {}) });
      }}
    >
      <p class="muted">{t('transferHint')}</p>
      <label class="field">
        <span>{t('toService')}</span>
        <select data-testid="transfer-service" data-autofocus value={toService} onChange={(e) => setToService(e.currentTarget.value)}>
          <option value="">{t('keepService')}</option>
          {zoneIds.map((z) => (
            <optgroup key={z} label={zoneName(z)}>
              {services
                .filter((s) => s.zone === z)
                .map((s) => (
                  <option key={s.id} value={s.id} disabled={s.id === currentService && !toCounter}>
                    {s.prefix} · {pick(s.name)} — {t('waiting')} {s.waiting}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('toCounter')}</span>
        <select data-testid="transfer-counter" value={toCounter} onChange={(e) => setToCounter(e.currentTarget.value)}>
          <option value="">{t('anyCounter')}</option>
          {counters.map((k) => (
            <option key={k.id} value={k.id}>
              {pick(k.name) || ts('counterName', { id: k.id })} — {ts(k.state)}
              {k.staff ? ` · ${k.staff.name}` : ''}
            </option>
          ))}
        </select>
      </label>
    </Dialog>
  );
}

export function PauseDialog(c: Common) {
  const [preset, setPreset] = useState<string | null>(null);
  const [text, setText] = useState('');
  const reason = (preset ?? text).trim();
  return (
    <Dialog
      title={t('pauseTitle')}
      testid="pause"
      {...c}
      onConfirm={() => {
        if (!reason) return c.setError(t('reasonNeeded'));
        c.onConfirm({ reason });
      }}
    >
      <div class="reasons" role="radiogroup" aria-label={t('pauseReason')}>
        {PAUSE_REASONS.map((r, i) => (
          <button
            type="button"
            key={r.key}
            role="radio"
            aria-checked={preset === r.zh}
            class={preset === r.zh ? 'reason selected' : 'reason'}
            data-testid={`pause-reason-${r.key}`}
            {...(i === 0 ? { 'data-autofocus': true } : {})}
            onClick={() => {
              setPreset(r.zh);
              c.setError(null);
            }}
            onDblClick={() => c.onConfirm({ reason: r.zh })}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              setPreset(r.zh);
              c.onConfirm({ reason: r.zh });
            }}
          >
            {t(r.key)}
          </button>
        ))}
      </div>
      <label class="field">
        <span>{t('otherReason')}</span>
        <input
          data-testid="pause-text"
          maxLength={100}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setPreset(null);
            c.setError(null);
          }}
        />
      </label>
    </Dialog>
  );
}

const NUMBER = /^[A-Za-z]{1,2}\d{1,5}$/;

export function CallNumberDialog({ suggestions, ...c }: Common & { suggestions: string[] }) {
  const [number, setNumber] = useState('');
  return (
    <Dialog
      title={t('callNumberTitle')}
      testid="call-number"
      {...c}
      onConfirm={() => {
        const n = number.trim().toUpperCase();
        if (!NUMBER.test(n)) return c.setError(t('numberInvalid'));
        c.onConfirm({ number: n });
      }}
    >
      <label class="field">
        <span>{t('numberLabel')}</span>
        <input
          data-testid="call-number-input"
          class="number-input"
          data-autofocus
          maxLength={7}
          autocomplete="off"
          list="call-number-suggestions"
          value={number}
          onInput={(e) => {
            setNumber(e.currentTarget.value.toUpperCase());
            c.setError(null);
          }}
        />
        <datalist id="call-number-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </label>
    </Dialog>
  );
}
