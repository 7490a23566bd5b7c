// The kiosk's frame around every screen: the header (hall, clock, large-text mode, language), the footer
// with back / home and the pager's slot, and what lies over a screen (idle countdown, "issuing…", the
// error dialog).
import { LangSwitch } from '../ui/components.js';
import { hallHm } from '../ui/hall-time.js';
import { pick, type Text } from '../ui/i18n.js';
import { IconText } from './icons.js';
import { tk } from './words.js';

export function KioskHeader(props: { hallName: Text | null | undefined; now: number; elderly: boolean; onElderly: () => void }) {
  const { hallName, now, elderly, onElderly } = props;
  return (
    <header class="k-header">
      <div class="k-title">
        <span class="k-hall">{pick(hallName)}</span>
        <span class="k-sub">{tk('title')}</span>
      </div>
      <div class="k-clock" data-testid="clock">
        {hallHm(now)}
      </div>
      <div class="k-tools">
        <button type="button" class="k-tool" data-testid="elderly-toggle" aria-pressed={elderly} onClick={onElderly}>
          <IconText size="1.3em" /> {elderly ? tk('elderlyOn') : tk('elderlyOff')}
        </button>
        <LangSwitch />
      </div>
    </header>
  );
}

/** Back and home; the services screen portals its pager into the middle (`slotRef`). */
export function KioskFooter(props: { onBack: () => void; onHome: () => void; slotRef: (el: HTMLElement | null) => void }) {
  return (
    <footer class="k-footer">
      <button type="button" class="k-nav" data-testid="nav-back" onClick={props.onBack}>
        ← {tk('back')}
      </button>
      <div class="k-footer-slot" ref={props.slotRef} />
      <button type="button" class="k-nav" data-testid="nav-home" onClick={props.onHome}>
        ⌂ {tk('home')}
      </button>
    </footer>
  );
}

export function IdleCountdown({ seconds }: { seconds: number }) {
  return (
    <div class="k-idle" data-testid="idle-countdown" role="status">
      {tk('idleSoon', { n: seconds })}
    </div>
  );
}

export function Issuing() {
  return (
    <div class="k-overlay" data-testid="issuing" role="status">
      <div class="k-dialog">{tk('issuing')}</div>
    </div>
  );
}

export function IssueError({ message, onOk }: { message: string; onOk: () => void }) {
  return (
    <div class="k-overlay" role="alertdialog" aria-labelledby="k-err-title">
      <div class="k-dialog k-error" data-testid="issue-error">
        <h2 id="k-err-title">{tk('errorTitle')}</h2>
        <p>{message}</p>
        <button type="button" class="k-primary" data-testid="error-ok" onClick={onOk}>
          {tk('ok')}
        </button>
      </div>
    </div>
  );
}
