// Logging in at a counter: staff number, PIN and counter. The hub's message is shown as it comes
// (already in the caller's language); after too many attempts the wait counts down on the button.
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../ui/api.js';
import { LangSwitch, useNow } from '../ui/components.js';
import { pick, type Text } from '../ui/i18n.js';
import { initialCounter, rememberCounter, type Counter, type StaffSession } from './session.js';
import { t } from './words.js';

interface LoginAnswer {
  token: string;
  expiresAt: number;
  principal: { kind: string; staffNo?: string; name?: string; counterId?: string };
  counter: Counter | null;
}

export function Login({ notice, hallName, onLogin }: { notice: string | null; hallName: Text | null; onLogin: (s: StaffSession, counter: Counter | null) => void }) {
  const [staffNo, setStaffNo] = useState('');
  const [pin, setPin] = useState('');
  const [counter, setCounter] = useState(initialCounter);
  const [error, setError] = useState<string | null>(null);
  const [retryUntil, setRetryUntil] = useState(0);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  useNow(250); // re-renders the countdown
  const now = Date.now();
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const waitS = Math.max(0, Math.ceil((retryUntil - now) / 1000));

  useEffect(() => {
    (staffNo ? pinRef : staffRef).current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (inFlight.current || waitS > 0) return;
    const no = staffNo.trim();
    const k = counter.trim();
    if (!no || !pin || !k) {
      setError(t('fillAll'));
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await api<LoginAnswer>('POST', '/api/sessions', { body: { staffNo: no, pin, counter: k } });
      rememberCounter(k);
      const p = r.principal;
      onLogin({ token: r.token, staffNo: p.staffNo ?? no, name: p.name ?? '', counterId: p.counterId ?? k, expiresAt: r.expiresAt }, r.counter);
    } catch (err) {
      const a = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err));
      setError(a.message);
      if (a.status === 429) {
        const s = Number(a.params.retryAfterS);
        if (Number.isFinite(s) && s > 0) setRetryUntil(Date.now() + s * 1000);
      }
      setPin('');
      pinRef.current?.focus();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <div class="login-page">
      <header class="login-top">
        <span>{hallName ? pick(hallName) : ''}</span>
        <LangSwitch />
      </header>
      <form class="login-card" onSubmit={submit} autocomplete="off">
        <h1>{t('title')}</h1>
        <h2 class="muted">{t('loginTitle')}</h2>
        {notice && !error && (
          <p class="login-notice" data-testid="login-notice">
            {notice}
          </p>
        )}
        <Field label={t('staffNo')} inputRef={staffRef} testId="login-staff" name="staffNo" autocomplete="username" value={staffNo} onValue={setStaffNo} />
        <Field label={t('pin')} inputRef={pinRef} testId="login-pin" name="pin" secret autocomplete="current-password" value={pin} onValue={setPin} />
        <Field label={t('counter')} testId="login-counter" name="counter" value={counter} onValue={setCounter} />
        {error && (
          <p class="login-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" class="login-submit" data-testid="login-submit" disabled={busy || waitS > 0}>
          {busy ? t('loggingIn') : waitS > 0 ? t('retryIn', { s: waitS }) : t('login')}
        </button>
      </form>
    </div>
  );
}

/** One numeric input with its label: the three the form asks for differ only in these. */
function Field(p: { label: string; testId: string; name: string; value: string; onValue: (v: string) => void; inputRef?: Ref<HTMLInputElement>; secret?: boolean; autocomplete?: string }) {
  return (
    <label>
      <span>{p.label}</span>
      <input
        ref={p.inputRef}
        data-testid={p.testId}
        name={p.name}
        // Preact types an input by its `type`: a choice of two is spread as one whole shape or the other.
        {...(p.secret ? ({ type: 'password' } as const) : ({ type: 'text' } as const))}
        inputMode="numeric"
        autocomplete={p.autocomplete}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
      />
    </label>
  );
}
