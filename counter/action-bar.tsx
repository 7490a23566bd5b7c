// The console's big action buttons with their keys. Which are enabled is the hub's answer (allowed.ts);
// a disabled button carries the hub's reason as its hint.
import { useEffect, useRef } from 'preact/hooks';
import type { HubAction } from './allowed.js';
import { t, type Key } from './words.js';

export type Button = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'hold' | 'call-number' | 'pause' | 'resume';

/**
 * Each button: its keys (F1–F9 never reach the browser: F5 would reload, F1 open help), its label, its
 * colour, and the hub's action behind it (whose allowed-or-not enables it).
 */
export const BUTTONS: Record<Button, { keys: string[]; label: Key; cls: string; action: HubAction }> = {
  call: { keys: ['F1', ' '], label: 'call', cls: 'a-call', action: 'call-next' },
  recall: { keys: ['F2'], label: 'recall', cls: 'a-recall', action: 'recall' },
  skip: { keys: ['F3'], label: 'skip', cls: 'a-skip', action: 'skip' },
  start: { keys: ['F4'], label: 'start', cls: 'a-start', action: 'start' },
  finish: { keys: ['F5'], label: 'finish', cls: 'a-finish', action: 'finish' },
  transfer: { keys: ['F6'], label: 'transfer', cls: 'a-plain', action: 'transfer' },
  hold: { keys: ['F7'], label: 'hold', cls: 'a-plain', action: 'hold' },
  'call-number': { keys: ['F8'], label: 'callNumber', cls: 'a-plain', action: 'call-number' },
  pause: { keys: ['F9'], label: 'pause', cls: 'a-pause', action: 'pause' },
  resume: { keys: ['F9'], label: 'resume', cls: 'a-resume', action: 'resume' },
};

/** The button a key stands for (F9 toggles: resume when paused, else pause). */
export function buttonOfKey(key: string, paused: boolean): Button | null {
  const b = (Object.keys(BUTTONS) as Button[]).find((x) => BUTTONS[x].keys.includes(key));
  if (b === 'pause' || b === 'resume') return paused ? 'resume' : 'pause';
  return b ?? null;
}

export function ActionBar({ can, hint, busy, paused, callFinishes, onPress }: {
  can: Record<Button, boolean>;
  hint: (b: Button) => string;
  busy: string | null;
  paused: boolean;
  /** "Call next" also finishes the ticket being served (the hall's rule, as the hub answered). */
  callFinishes: boolean;
  onPress: (b: Button) => void;
}) {
  const btn = (b: Button) => {
    const keys = BUTTONS[b].keys.map((k) => (k === ' ' ? t('space') : k)).join(' / ');
    const why = can[b] ? '' : hint(b);
    return (
      <button
        type="button"
        class={`action ${BUTTONS[b].cls}${busy === b ? ' pressed' : ''}`}
        data-testid={`btn-${b}`}
        disabled={!can[b]}
        {...(why ? { title: why, 'data-refusal': why } : {})}
        aria-keyshortcuts={BUTTONS[b].keys.map((k) => (k === ' ' ? 'Space' : k)).join(' ')}
        onMouseDown={(e) => e.preventDefault() /* no focus on click: Space stays "call next" */}
        onClick={() => onPress(b)}
      >
        <span class="label">{b === 'call' && callFinishes ? t('callFinish') : t(BUTTONS[b].label)}</span>
        <kbd>{keys}</kbd>
      </button>
    );
  };
  return (
    <div class="actions">
      {btn('call')}
      {btn('recall')}
      {btn('skip')}
      {btn('start')}
      {btn('finish')}
      {btn('transfer')}
      {btn('hold')}
      {btn('call-number')}
      {paused ? btn('resume') : btn('pause')}
    </div>
  );
}

/**
 * The F-keys and Space press the buttons whatever has the focus, unless a dialog is open (its own keys
 * then) or a field is typed in (Space types a space). `press` checks the button is enabled.
 */
export function useActionKeys(state: { paused: boolean; dialogOpen: boolean; press: (b: Button) => void }): void {
  const current = useRef(state);
  current.current = state;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const k = current.current;
      const button = buttonOfKey(e.key, k.paused);
      if (!button) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (e.key === ' ' && (typing || k.dialogOpen)) return;
      e.preventDefault();
      if (k.dialogOpen || e.repeat) return;
      k.press(button);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
