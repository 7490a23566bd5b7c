// Pieces of the rating screens: the faces of the five levels, the sub-rating rows (效率/水平/态度), the
// countdown back to idle, and the error line.
import { useNow } from '../../ui/components.js';
import { ITEMS, LEVELS, t, type ItemKey, type Score } from './words.js';

/** The sub-ratings given so far. */
export type Items = Partial<Record<ItemKey, Score>>;

/** A face from a smile (5) to a frown (1). */
export function Face({ score }: { score: Score }) {
  const curve = { 5: 16, 4: 9, 3: 2, 2: -8, 1: -15 }[score];
  const mouthY = curve >= 0 ? 62 : 70;
  return (
    <svg class="face" viewBox="0 0 100 100" aria-hidden="true">
      <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="6" />
      <circle cx="35" cy="40" r="5.5" fill="currentColor" />
      <circle cx="65" cy="40" r="5.5" fill="currentColor" />
      <path d={`M30 ${mouthY} Q50 ${mouthY + curve} 70 ${mouthY}`} fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round" />
    </svg>
  );
}

export function ItemRows({ items, onSet, disabled }: { items: Items; onSet: (k: ItemKey, s: Score) => void; disabled: boolean }) {
  return (
    <div class="p-items">
      {ITEMS.map((k) => (
        <div class="p-item" key={k} role="radiogroup" aria-label={t(k)}>
          <span class="p-item-name">{t(k)}</span>
          <span class="p-stars">
            {([1, 2, 3, 4, 5] as Score[]).map((s) => (
              <button
                type="button"
                key={s}
                class={`p-star${(items[k] ?? 0) >= s ? ' on' : ''}`}
                data-testid={`item-${k}-${s}`}
                role="radio"
                aria-checked={items[k] === s}
                aria-label={`${t(k)} ${s}`}
                disabled={disabled}
                onClick={() => onSet(k, s)}
              >
                ★
              </button>
            ))}
          </span>
          <span class="p-item-level">{items[k] ? LEVELS.find((l) => l.score === items[k])!.zh : ''}</span>
        </div>
      ))}
    </div>
  );
}

export function Countdown({ deadline }: { deadline: number }) {
  useNow(250); // re-render four times a second; read the clock now (a touch may have just moved the deadline)
  const n = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  return (
    <div class="p-countdown" data-testid="pad-countdown" data-seconds={n}>
      {t('backIn', { n })}
    </div>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div class="p-error" role="alert" data-testid="pad-error">
      {error}
    </div>
  );
}
