// Appointment check-in (预约签到). The citizen (or a member of staff at the help desk) types the booking
// code from the booking message and picks the booked slot's start time; the kiosk asks for an
// 'appointment' ticket with the code, and the hub checks it against the appointments the hall's booking
// system fed in (hub/appointments/): an unknown, used, other service's or other day's code is refused
// with its reason on screen; a good one is served first around the booked slot (the booking's, not the
// one picked here, which only helps the citizen find the right booking).
// A physical keyboard or a barcode scanner (which types like a keyboard) works in the code field too.
import { hallDate } from '../web/hall-time.js';
import { useState } from 'preact/hooks';
import type { Appt } from './model.js';
import { hhmm, tk } from './strings.js';

const SLOT_MS = 30 * 60_000;
/** Slot buttons shown at once, and how far "earlier"/"later" moves them. */
const SLOTS_SHOWN = 12;
const SLOT_SHIFT = 6;
const MAX_CODE = 20;
const KEY_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function AppointmentScreen({ initial, now, onNext }: { initial: Appt | undefined; now: number; onNext: (a: Appt) => void }) {
  const [code, setCode] = useState(initial?.code ?? '');
  const [slotAt, setSlotAt] = useState<number | null>(initial?.slotAt ?? null);
  // The first slot shown: an hour before the current half hour in hall time (a citizen may come a
  // little late). Halls' zones are whole or half hours off UTC, so half hours line up.
  const parts = hallDate(now);
  const intoHalfHour = ((parts.getMinutes() % 30) * 60 + parts.getSeconds()) * 1000 + (now % 1000);
  const base = now - intoHalfHour - 2 * SLOT_MS;
  const [shift, setShift] = useState(() => (initial ? Math.floor((initial.slotAt - base) / SLOT_MS / SLOT_SHIFT) * SLOT_SHIFT : 0));
  const slots = Array.from({ length: SLOTS_SHOWN }, (_, i) => base + (shift + i) * SLOT_MS);
  const clean = (v: string) =>
    v
      .toUpperCase()
      .replace(/[^0-9A-Z-]/g, '')
      .slice(0, MAX_CODE);
  const key = (k: string) => setCode((c) => clean(c + k));
  const ready = code.length > 0 && slotAt !== null;
  return (
    <div class="k-screen k-appt">
      <h1 class="k-heading">{tk('appointment')}</h1>
      <p class="k-small">{tk('apptNote')}</p>
      <div class="k-appt-cols">
        <div class="k-appt-col">
          <label class="k-field">
            <span>{tk('apptCode')}</span>
            <input
              type="text"
              data-testid="appt-code"
              inputMode="none"
              autoComplete="off"
              spellcheck={false}
              placeholder={tk('apptCodePlaceholder')}
              value={code}
              onInput={(e) => setCode(clean((e.target as HTMLInputElement).value))}
            />
          </label>
          <div class="k-keys" role="group" aria-label={tk('apptCode')}>
            {KEY_ROWS.map((row) => (
              <div class="k-keyrow" key={row}>
                {[...row].map((k) => (
                  <button type="button" key={k} class="k-key" data-testid={`key-${k}`} onClick={() => key(k)}>
                    {k}
                  </button>
                ))}
              </div>
            ))}
            <div class="k-keyrow">
              <button type="button" class="k-key wide" data-testid="key-del" onClick={() => setCode((c) => c.slice(0, -1))}>
                ⌫ {tk('del')}
              </button>
              <button type="button" class="k-key wide" data-testid="key-clear" onClick={() => setCode('')}>
                {tk('clear')}
              </button>
            </div>
          </div>
        </div>
        <div class="k-appt-col">
          <div class="k-field">
            <span>{tk('apptSlot')}</span>
          </div>
          <div class="k-slots-row">
            <button type="button" class="k-nav" data-testid="appt-earlier" onClick={() => setShift((n) => n - SLOT_SHIFT)}>
              ‹ {tk('apptEarlier')}
            </button>
            <div class="k-slots" role="group" aria-label={tk('apptSlot')}>
              {slots.map((at) => {
                const label = hhmm(at);
                return (
                  <button
                    type="button"
                    key={at}
                    class="k-slot"
                    data-testid={`appt-slot-${label.replace(':', '')}`}
                    aria-pressed={slotAt === at}
                    onClick={() => setSlotAt(at)}
                  >
                    {label}
                  </button>
                );
              })}
            </div>
            <button type="button" class="k-nav" data-testid="appt-later" onClick={() => setShift((n) => n + SLOT_SHIFT)}>
              {tk('apptLater')} ›
            </button>
          </div>
          <button type="button" class="k-primary k-next" data-testid="appt-next" disabled={!ready} onClick={() => ready && onNext({ code, slotAt: slotAt! })}>
            {ready ? tk('apptNext') : tk('apptNeed')}
          </button>
        </div>
      </div>
    </div>
  );
}
