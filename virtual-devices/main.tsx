// 虚拟设备 · The demo hall's virtual devices (/virtual): what each simulator shows or printed — the LED
// screens of every counter, the hall board, the printer's last tickets (text and picture), the pads'
// and keypads' small displays — and their keys, so one can try the hall without hardware. The
// simulators run in the hub's process behind real TCP ports and kernel ptys (hub/device-supervision/virtual-hall.ts);
// this page reads them once a second (a demo tool, not a terminal: the terminals are push-only).
//
// Test ids: vdev-<id> (one device), vunit-<id>-<unit> (one screen/pad on a bus), vcontrol-<id>-<control>[-<unit>].
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, deviceToken } from '../ui/api.js';
import { LangSwitch, useLang } from '../ui/components.js';
import { deviceLabel, pick } from '../ui/i18n.js';
import { defineWords } from '../ui/words.js';
import { counterLabel } from '../shared/vocabulary.js';
import type { VirtualHallView } from '../hub/device-supervision/virtual-hall.js';
import '../ui/style.css';
import './virtual-devices.css';

const t = defineWords({
  zh: {
    title: '虚拟设备',
    lead: '演示大厅的打印机、LED 屏、评价器和呼叫器都是模拟器：服务器通过真实的串口（pty）和 TCP 驱动它们。',
    none: '没有运行中的虚拟设备（仅演示大厅有）',
    skipped: '未启动',
    unit: '地址 {n}',
    counter: counterLabel('n').zh,
    hallWide: '大厅',
    failed: '读取失败：{m}',
  },
  en: {
    title: 'Virtual devices',
    lead: "The demo hall's printer, LED screens, rating pads and keypads are simulators the hub drives over real ptys and TCP.",
    none: 'No virtual devices are running (only the demo hall has them)',
    skipped: 'Not started',
    unit: 'Unit {n}',
    counter: counterLabel('n').en,
    hallWide: 'Hall',
    failed: 'Cannot read: {m}',
  },
});

/** A simulator's status keys and values in words (the printer's paper: ok / near-end / out …). */
const STATUS_WORDS = defineWords({
  zh: {
    paper: '纸张',
    cover: '纸仓盖',
    online: '联机',
    ok: '正常',
    'near-end': '将尽',
    out: '缺纸',
    open: '打开',
    closed: '关闭',
    offline: '离线',
    isOnline: '在线',
  },
  en: {
    paper: 'Paper',
    cover: 'Cover',
    online: 'Link',
    ok: 'OK',
    'near-end': 'Running low',
    out: 'Out',
    open: 'Open',
    closed: 'Closed',
    offline: 'Offline',
    isOnline: 'Online',
  },
});
const KNOWN = new Set(['paper', 'cover', 'online', 'ok', 'near-end', 'out', 'open', 'closed', 'offline']);
/** A status word in the page's language; a key this page does not know stays as the simulator said it. */
const word = (k: string) => (KNOWN.has(k) ? STATUS_WORDS(k as 'ok') : k);
const valueWord = (v: string) => (v === 'online' ? STATUS_WORDS('isOnline') : word(v));

/** A running simulator as GET /api/virtual lists it: the hub's own view type (erased from the bundle). */
type DeviceView = VirtualHallView;
interface Listing {
  devices: DeviceView[];
  skipped: Array<{ id: string; reason: string }>;
}

function Device({ d, onControl }: { d: DeviceView; onControl: (control: string, unit?: number) => void }) {
  const controls = d.view.controls ?? [];
  const general = controls.filter((c) => c.unit === undefined);
  return (
    <section class="vdev" data-testid={`vdev-${d.id}`}>
      <h2>
        <span data-testid={`vdev-name-${d.id}`}>{deviceLabel(d)}</span> <small class="muted">{d.kind} · {d.family}</small>
      </h2>
      <p class="muted vmono">{d.address}</p>
      {d.view.status && (
        <p>
          {Object.entries(d.view.status).map(([k, v]) => (
            <span class="vchip" key={k} data-status-key={k} data-status-value={v}>
              {word(k)}：{valueWord(v)}
            </span>
          ))}
        </p>
      )}
      {d.view.units && (
        <div class="vunits">
          {d.view.units.map((u) => (
            <div class="vunit" key={u.unit} data-testid={`vunit-${d.id}-${u.unit}`}>
              <div class="muted">
                {t('unit', { n: u.unit })} · {u.counter ? t('counter', { n: u.counter }) : t('hallWide')}
              </div>
              <div class={`led ${u.color ?? ''}`}>{u.text.length ? u.text.map((l, i) => <div key={i}>{l}</div>) : ' '}</div>
              <div>
                {controls
                  .filter((c) => c.unit === u.unit)
                  .map((c) => (
                    <button type="button" key={c.id} data-testid={`vcontrol-${d.id}-${c.id}-${u.unit}`} onClick={() => onControl(c.id, u.unit)}>
                      {pick(c.label)}
                    </button>
                  ))}
              </div>
            </div>
          ))}
        </div>
      )}
      {!d.view.units && d.view.text.length > 0 && <pre class="vtext">{d.view.text.join('\n')}</pre>}
      {d.view.image && <img class="vimage" src={d.view.image} alt={deviceLabel(d)} />}
      {general.length > 0 && (
        <p>
          {general.map((c) => (
            <button type="button" key={c.id} data-testid={`vcontrol-${d.id}-${c.id}`} onClick={() => onControl(c.id)}>
              {pick(c.label)}
            </button>
          ))}
        </p>
      )}
      {d.view.counters && (
        <p class="muted">
          {Object.entries(d.view.counters)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · ')}
        </p>
      )}
    </section>
  );
}

/**
 * The page stands for the demo's virtual devices, and each is a device with its own token: a press is
 * sent with that device's token (the demo's published demo-virtual-<id>), which presses nothing else.
 * The listing is read with the token the page was opened with once (?token=demo-virtual-board-hall).
 */
const TOKEN = deviceToken('hall.virtual.token');
const tokenOf = (deviceId: string) => `demo-virtual-${deviceId}`;

function VirtualDevices() {
  useLang();
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api<Listing>('GET', '/api/virtual', { token: TOKEN })
      .then((l) => {
        setListing(l);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError && e.status === 404 ? t('none') : t('failed', { m: e instanceof Error ? e.message : String(e) })));
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 1000);
    return () => clearInterval(id);
  }, []);
  const control = (id: string) => (c: string, unit?: number) =>
    void api('POST', `/api/virtual/${encodeURIComponent(id)}/control`, { token: tokenOf(id), body: unit === undefined ? { control: c } : { control: c, unit } })
      .then(load)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  return (
    <main class="vpage">
      <header>
        <h1>{t('title')}</h1>
        <LangSwitch />
      </header>
      <p class="muted">{t('lead')}</p>
      {error && <p class="banner">{error}</p>}
      {listing?.devices.length === 0 && <p>{t('none')}</p>}
      {listing?.devices.map((d) => <Device key={d.id} d={d} onControl={control(d.id)} />)}
      {listing && listing.skipped.length > 0 && (
        <section class="vdev">
          <h2>{t('skipped')}</h2>
          <ul>
            {listing.skipped.map((s) => (
              <li key={s.id}>
                {s.id}: {s.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

render(<VirtualDevices />, document.getElementById('app')!);
