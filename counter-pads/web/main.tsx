// 评价器 · The web rating pad: a tablet at one counter, facing the citizen.
//
//   /pad?token=PAD_DEVICE_TOKEN[&lang=en][&timeout=SECONDS]
//
// Idle, it shows who serves at this counter (亮身份: photo, name, staff number, counter) and the number
// being called or served there, from the live snapshot and the pushed counter.state views. The counter
// is the pad device's own (the hub's `hello`: principal.counterId).
//
// When a ticket is finished at this counter (ticket.finished), or the counter's business system asks
// for one with its case number (rating.requested), it asks for a rating (政务服务"好差评"):
// five big buttons, the national levels 5 … 1 (shared/vocabulary.ts). 5–3 are picked, then sent with 提交评价 (rate-send), so the
// optional items can be set before or after; 2–1 ask for at least one reason
// (view.ratingReasons) and an optional comment first. The three offline items (服务效率, 服务水平,
// 服务态度) are optional 5-step rows sent with the rating. Then a thank-you, then idle again.
//
// Nothing is ever sent without the citizen's answer: when nobody answers before the screen times out
// (the shorter of ?timeout=, 60 s by default, and the hall's ratingWindowMin), or when the counter calls
// a new number, the pad returns to idle and the ticket stays "not rated". A call made by the same command
// that finished the ticket (call-next while serving) does not dismiss it: the citizen is still there.
// One rating per ticket: a ref guard stops a double tap from sending twice; the hub's errors are shown.
// The state, timers, socket and the request are use-pad.ts's; the rating screens rating-screens.tsx's:
// this file picks the screen.
//
// Test ids:
//   pad-idle             the idle screen
//   staff-name, staff-no the staff card (absent while nobody is logged in at the counter)
//   staff-photo          the staff member's photo (the config's `photo`), or staff-avatar (the name's
//                        first character) when there is none or it does not load
//   counter-name         the counter's name
//   pad-current-number   the number called or served at this counter (暂无 / None when none)
//   pad-rate             the rating screen (data-ticket-id, data-number)
//   rate-5 … rate-1      the five levels (aria-pressed on the one picked)
//   rate-send            sends the picked level 5–3 with the items (disabled until one is picked)
//   item-<efficiency|skill|attitude>-<1..5>   the optional second-level items
//   pad-reasons          the reasons screen (for 2 and 1), with reason-<id> toggles, pad-comment
//   rate-submit          sends a 2 or 1 with its reasons
//   pad-countdown        seconds left before the screen returns to idle
//   pad-thanks           the thank-you screen
//   pad-error            the hub's error, as it said it
//   offline              the connection-lost banner (ui/status.tsx ConnectionBanner)
//   token-screen         no token, a refused one, or one of another kind of device (ui/status.tsx TokenScreen)
import { render } from 'preact';
import { deviceToken } from '../../ui/api.js';
import { useLang } from '../../ui/components.js';
import { ConnectionBanner, TokenScreen, tokenRefused } from '../../ui/status.js';
import { Header, Idle } from './idle.js';
import { FailedScreen, RateScreen, ReasonsScreen, ThanksScreen } from './rating-screens.js';
import { usePad } from './use-pad.js';
import { t } from './words.js';
import '../../ui/style.css';
import './pad.css';

function Pad({ token }: { token: string }) {
  useLang();
  const pad = usePad(token);
  const { live, view, hello, counterId, counter, phase } = pad;

  if (tokenRefused(live)) return <TokenScreen missing={false} />;
  if (hello?.principal.kind === 'device' && hello.principal.deviceKind && hello.principal.deviceKind !== 'pad') {
    return <TokenScreen missing={false} wrongKind={hello.principal.deviceKind} />;
  }
  let body;
  if (!view || !hello) body = <div class="p-message">{t('connecting')}</div>;
  else if (!counterId) body = <div class="p-message">{t('noCounter')}</div>;
  else if (!counter) body = <div class="p-message">{t('unknownCounter', { id: counterId })}</div>;
  else if (phase.kind === 'idle') body = <Idle counter={counter} />;
  else if (phase.kind === 'rate') body = <RateScreen pad={pad} ticket={phase.ticket} counter={counter} />;
  else if (phase.kind === 'reasons') body = <ReasonsScreen pad={pad} ticket={phase.ticket} score={phase.score} view={view} />;
  else if (phase.kind === 'thanks') body = <ThanksScreen score={phase.score} />;
  else body = <FailedScreen message={phase.message} />;

  return (
    <div class="pad">
      <Header view={view} counter={counter} />
      <ConnectionBanner live={live} />
      {body}
    </div>
  );
}

const TOKEN = deviceToken('hall.pad.token');

function App() {
  useLang();
  if (!TOKEN) return <TokenScreen missing />;
  return <Pad token={TOKEN} />;
}

render(<App />, document.getElementById('app')!);
