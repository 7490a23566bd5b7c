// Appointment check-in (预约签到). The citizen (or a member of staff at the help desk) types the booking
// code from the booking message; the kiosk asks for an 'appointment' ticket with the code, and the hub
// checks it against the appointments the hall's booking system fed in (hub/appointments/): an unknown,
// used, other service's or other day's code is refused with its reason on screen; a good one is served
// first around the booked slot. The slot is the booking's, so the kiosk asks for no time: a time picked
// here could only disagree with the booking, and the hub would ignore it.
// A physical keyboard or a barcode scanner (which types like a keyboard) works in the code field too.
import { useState } from 'preact/hooks';
import type { Appt } from './model.js';
import { tk } from './words.js';

const MAX_CODE = 20;
const KEY_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function AppointmentScreen({ initial, onNext }: { initial: Appt | undefined; onNext: (a: Appt) => void }) {
  const [code, setCode] = useState(initial?.code ?? '');
  const clean = (v: string) =>
    v
      .toUpperCase()
      .replace(/[^0-9A-Z-]/g, '')
      .slice(0, MAX_CODE);
  const key = (k: string) => setCode((c) => clean(c + k));
  const ready = code.length > 0;
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
          <p class="k-small" data-testid="appt-slot-note">
            {tk('apptSlotFromBooking')}
          </p>
          <button type="button" class="k-primary k-next" data-testid="appt-next" disabled={!ready} onClick={() => ready && onNext({ code })}>
            {ready ? tk('apptNext') : tk('apptNeed')}
          </button>
        </div>
      </div>
    </div>
  );
}
