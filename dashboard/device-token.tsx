// A device's token, shown once after it is made (POST /api/devices, POST /api/devices/:id/token): the
// link that opens the device's page with it, and the token itself, each with a copy button.
import { useRef, useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { t } from './words.js';

type Kind = HallConfig['devices'][number]['kind'];

/** The web page a device of each kind opens with its token; a keypad has none. */
const PAGE: Partial<Record<Kind, string>> = { kiosk: '/kiosk', display: '/display', pad: '/pad' };

export interface Issued {
  id: string;
  kind: Kind;
  token: string | null;
}

/** Copies text; falls back to selecting it in a field when the clipboard API is not there (plain http). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back */
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

export function TokenBox({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  const page = PAGE[issued.kind];
  const link = issued.token && page ? `${location.origin}${page}?token=${encodeURIComponent(issued.token)}` : null;
  const linkField = useRef<HTMLInputElement>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (what: 'link' | 'token') => {
    const ok = await copyText(what === 'link' ? link! : issued.token!, what === 'link' ? linkField.current : tokenField.current);
    setCopied(ok ? what : 'failed');
  };
  if (!issued.token) {
    return (
      <div class="ok-box token-box" role="status" data-testid="device-token" data-device={issued.id}>
        {t('devNoToken', { id: issued.id })}
        <button type="button" data-testid="device-token-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    );
  }
  return (
    <div class="token-box" role="status" data-testid="device-token" data-device={issued.id}>
      <div class="token-head">
        <strong>{t('devTokenTitle', { id: issued.id })}</strong>
        <span class="spacer" />
        <button type="button" data-testid="device-token-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      <p class="warn-text">{t('devTokenOnce')}</p>
      {link ? (
        <label class="token-line">
          <span>{t('devLink')}</span>
          <input readOnly value={link} ref={linkField} data-testid="device-token-link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="primary" data-testid="device-token-copy" onClick={() => void copy('link')}>
            {copied === 'link' ? t('copied') : t('copy')}
          </button>
        </label>
      ) : (
        <p class="muted">{t('devTokenNoPage')}</p>
      )}
      <label class="token-line">
        <span>{t('devToken')}</span>
        <input readOnly class="mono" value={issued.token} ref={tokenField} data-testid="device-token-value" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class={link ? '' : 'primary'} data-testid="device-token-copy-token" onClick={() => void copy('token')}>
          {copied === 'token' ? t('copied') : t('copy')}
        </button>
      </label>
      {copied === 'failed' ? <p class="error-text">{t('copyFailed')}</p> : null}
    </div>
  );
}

