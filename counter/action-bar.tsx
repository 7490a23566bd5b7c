// The console's big action buttons with their keys. Which are enabled is the hub's answer (allowed.ts);
// a disabled button carries the hub's reason as its hint.
import { useEffect, useRef } from 'preact/hooks';
import { t, type Key } from './words.js';

export type Button = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'hold' | 'call-number' | 'pause' | 'resume';

/** The keys of each button; F1–F9 never reach the browser (F5 would reload, F1 open help). */
export const KEYS: Record<Button, string[]> = {
  call: ['F1', ' '],
  recall: ['F2'],
  skip: ['F3'],
  start: ['F4'],
  finish: ['F5'],
  transfer: ['F6'],
  hold: ['F7'],
  'call-number': ['F8'],
  pause: ['F9'],
  resume: ['F9'],
};

const LABELS: Record<Button, Key> = {
  call: 'call',
  recall: 'recall',
  skip: 'skip',
  start: 'start',
  finish: 'finish',
  transfer: 'transfer',
  hold: 'hold',
  'call-number': 'callNumber',
  pause: 'pause',
  resume: 'resume',
};

const CLASSES: Record<Button, string> = {
  call: 'a-call',
  recall: 'a-recall',
  skip: 'a-skip',
  start: 'a-start',
  finish: 'a-finish',
  transfer: 'a-plain',
  hold: 'a-plain',
  'call-number': 'a-plain',
  pause: 'a-pause',
  resume: 'a-resume',
};

/** The button a key stands for (F9 toggles: resume when paused, else pause). */
export function buttonOfKey(key: string, paused: boolean): Button | null {
  const b = (Object.keys(KEYS) as Button[]).find((x) => KEYS[x].includes(key));
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
    const keys = KEYS[b].map((k) => (k === ' ' ? t('space') : k)).join(' / ');
    const why = can[b] ? '' : hint(b);
    return (
      <button
        type="button"
        class={`action ${CLASSES[b]}${busy === b ? ' pressed' : ''}`}
        data-testid={`btn-${b}`}
        disabled={!can[b]}
        {...(why ? { title: why, 'data-refusal': why } : {})}
        aria-keyshortcuts={KEYS[b].map((k) => (k === ' ' ? 'Space' : k)).join(' ')}
        onMouseDown={(e) => e.preventDefault() /* no focus on click: Space stays "call next" */}
        onClick={() => onPress(b)}
      >
        <span class="label">{b === 'call' && callFinishes ? t('callFinish') : t(LABELS[b])}</span>
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
