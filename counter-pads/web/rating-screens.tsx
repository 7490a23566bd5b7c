// The pad's screens for one ticket: the five levels with the optional items (rate), the reasons for a
// 2 or 1 (reasons), the thank-you and the hub's refusal. The state and the sending are use-pad.ts's.
import { lang, pick } from '../../ui/i18n.js';
import type { CounterView, LiveView } from '../../ui/live.js';
import { Countdown, ErrorLine, Face, ItemRows } from './rating-parts.js';
import type { PadState, Target } from './use-pad.js';
import { LEVELS, t, type Score } from './words.js';

export function RateScreen({ pad, ticket, counter }: { pad: PadState; ticket: Target; counter: CounterView }) {
  const { chosen, sending, items, error, deadline, touch, choose, setItem, send } = pad;
  return (
    <main class="p-rate" data-testid="pad-rate" data-ticket-id={ticket.id} data-number={ticket.number} onPointerDown={touch}>
      <div class="p-rate-head">
        <h1>{t('rateTitle')}</h1>
        <span class="p-rate-for">
          {t('rateFor', { number: ticket.number })}
          {counter.staff ? ` · ${counter.staff.name}` : ''}
        </span>
      </div>
      <div class="p-levels">
        {LEVELS.map((l) => (
          <button
            type="button"
            key={l.score}
            class={`p-level${chosen === l.score ? ' chosen' : ''}`}
            style={{ background: l.bg, color: l.ink }}
            data-testid={`rate-${l.score}`}
            aria-pressed={chosen === l.score}
            disabled={sending}
            onClick={() => choose(l.score)}
          >
            <Face score={l.score} />
            <span class="p-level-zh">{l.zh}</span>
            <span class="p-level-en">{l.en}</span>
          </button>
        ))}
      </div>
      <div class="p-items-title">{t('items')}</div>
      <ItemRows items={items} onSet={setItem} disabled={sending} />
      <ErrorLine error={error} />
      <div class="p-foot p-rate-foot">
        <button type="button" class="p-submit" data-testid="rate-send" disabled={sending || chosen === null} onClick={() => chosen !== null && void send(chosen)}>
          {chosen === null ? t('chooseLevel') : t('submit')}
        </button>
        {sending ? <div class="p-sending">{t('sending')}</div> : <Countdown deadline={deadline} />}
      </div>
    </main>
  );
}

export function ReasonsScreen({ pad, ticket, score, view }: { pad: PadState; ticket: Target; score: 1 | 2; view: LiveView }) {
  const { reasons, comment, sending, items, error, deadline, touch, backToRate, toggleReason, setComment, setItem, send } = pad;
  const level = LEVELS.find((l) => l.score === score)!;
  return (
    <main class="p-reasons" data-testid="pad-reasons" data-ticket-id={ticket.id} onPointerDown={touch} onKeyDown={touch}>
      <div class="p-rate-head">
        <span class="p-chosen" style={{ background: level.bg, color: level.ink }}>
          <Face score={level.score} />
          {level.zh}
          {lang() === 'en' && <small>{level.en}</small>}
        </span>
        <h1 class="p-reasons-title">{t('reasonsTitle')}</h1>
        <button type="button" class="p-back" data-testid="rate-back" disabled={sending} onClick={() => backToRate(ticket)}>
          {t('back')}
        </button>
      </div>
      <div class="p-reason-grid">
        {view.ratingReasons.map((r) => {
          const on = reasons.includes(r.id);
          return (
            <button type="button" key={r.id} class={`p-reason${on ? ' on' : ''}`} data-testid={`reason-${r.id}`} aria-pressed={on} disabled={sending} onClick={() => toggleReason(r.id)}>
              {on ? '✓ ' : ''}
              {pick(r.name)}
            </button>
          );
        })}
      </div>
      <div class="p-reasons-lower">
        <label class="p-comment">
          <span>{t('comment')}</span>
          <textarea data-testid="pad-comment" maxLength={500} rows={2} value={comment} disabled={sending} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
        </label>
        <div>
          <div class="p-items-title">{t('itemsShort')}</div>
          <ItemRows items={items} onSet={setItem} disabled={sending} />
        </div>
      </div>
      <ErrorLine error={error} />
      <div class="p-foot">
        {!sending && <Countdown deadline={deadline} />}
        <button type="button" class="p-submit" data-testid="rate-submit" disabled={sending || reasons.length === 0} onClick={() => void send(score)}>
          {sending ? t('sending') : t('submit')}
        </button>
      </div>
    </main>
  );
}

export function ThanksScreen({ score }: { score: Score }) {
  return (
    <main class="p-thanks" data-testid="pad-thanks" data-score={score}>
      <div class="p-thanks-mark">✓</div>
      <h1>{t('thanks')}</h1>
      <p>{score <= 2 ? t('thanksBad') : t('thanksGood')}</p>
    </main>
  );
}

/** The hub refused the rating for good (already rated, window closed, another counter's ticket). */
export function FailedScreen({ message }: { message: string }) {
  return (
    <main class="p-thanks failed">
      <div class="p-error big" role="alert" data-testid="pad-error">
        {message}
      </div>
    </main>
  );
}
