// The manager's login: user name and password (POST /api/sessions). The hub rate-limits failures and
// answers in the page's language; its message is shown as it is.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../ui/api.js';
import { LangSwitch } from '../ui/components.js';
import type { ManagerSession } from './session.js';
import { t } from './words.js';

export function Login({ onLogin, notice, hallName }: { onLogin: (s: ManagerSession) => void; notice: string | null; hallName: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t('fillBoth'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string; expiresAt: number; principal: { kind: string; username?: string; name?: string } }>('POST', '/api/sessions', {
        body: { username: username.trim(), password },
      });
      if (r.principal.kind !== 'manager') {
        setError(t('notManager'));
        return;
      }
      setPassword('');
      onLogin({ token: r.token, expiresAt: r.expiresAt, username: r.principal.username ?? username, name: r.principal.name ?? username });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login-page">
      <form class="login-card" onSubmit={(e) => void submit(e)} data-testid="login">
        <div class="login-head">
          <h1>{t('loginTitle')}</h1>
          <LangSwitch />
        </div>
        {hallName ? <p class="muted">{hallName}</p> : null}
        {notice && !error ? (
          <div class="ok-box" role="status" data-testid="login-notice">
            {notice}
          </div>
        ) : null}
        <label>
          {t('username')}
          <input autoComplete="username" autoFocus value={username} data-testid="login-username" onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t('password')}
          <input type="password" autoComplete="current-password" value={password} data-testid="login-password" onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? (
          <div class="error-box" role="alert" data-testid="login-error">
            {error}
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={busy} data-testid="login-submit">
          {busy ? t('loggingIn') : t('login')}
        </button>
      </form>
    </main>
  );
}
