// The hall, live, in a browser: a snapshot on connect, then every pushed event applied in seq order.
// A gap in the seqs (a missed event) or a reconnect asks the hub for a fresh snapshot, so a terminal
// never shows a state the hall is not in. No polling.
import { loadHallTimeZone, setHallTimeZone } from './hall-time.js';
import { applyHallEvent } from './live-apply.js';
import { io, type Socket } from 'socket.io-client';
import { useEffect, useState } from 'preact/hooks';
import type { CounterView, Hello, LiveView, TicketView } from '../shared/wire.js';
import { WIRE_VERSION } from '../shared/wire-version.js';

export type { CounterView, LiveView, TicketView };

export interface HallEvent {
  seq: number;
  type: string;
  at: number;
  ticket?: TicketLike;
  counter?: { id: string };
  view?: CounterView;
  cause?: string;
  how?: string;
  [key: string]: unknown;
}

export interface TicketLike {
  id: string;
  number: string;
  serviceId: string;
  zone: string;
  state: string;
  counterId: string | null;
  lastCalledAt: number | null;
  recalls: number;
}

/** Who the hub says this terminal is (its `hello`): a device's kind, zone and counter. */
export interface Principal {
  kind: string;
  deviceId?: string;
  deviceKind?: string;
  zone?: string | null;
  counterId?: string | null;
}

export interface LiveState {
  view: LiveView | null;
  principal: Principal | null;
  connected: boolean;
  /** Why the hub refused the connection (bad token…), if it did. */
  error: { code: string; message: string } | null;
}

/** Connection refusals that retrying cannot cure: the token is wrong or the session is over. */
export const REFUSED_CODES = new Set(['UNAUTHENTICATED', 'SESSION_ENDED', 'DEMO_CREDENTIAL', 'FORBIDDEN']);

// Hall time from the start: a terminal whose token is refused never gets a snapshot, yet its clock must
// show the hall's time, not the PC's.
if (typeof window !== 'undefined') void loadHallTimeZone();

type Listener = (state: LiveState, event?: HallEvent) => void;

export class LiveHall {
  readonly socket: Socket;
  private state: LiveState = { view: null, principal: null, connected: false, error: null };
  private readonly listeners = new Set<Listener>();

  /** `url`: the hub (default: the page's own origin, as every terminal is served by its hub). */
  constructor(auth: { token: string } | { ticketId: string }, url?: string) {
    const options = { auth, transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 3000 };
    this.socket = url ? io(url, options) : io(options);
    this.socket.on('connect', () => {
      this.retries = 0;
      this.set({ connected: true, error: null });
    });
    this.socket.on('disconnect', (reason) => {
      this.set({ connected: false });
      // socket.io reconnects by itself after a network failure, but not when the hub closed the
      // connection (a restart, a board dropped for a missed ping): a terminal must come back anyway.
      if (reason === 'io server disconnect') this.retryLater();
    });
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      this.set({ connected: false, error: err.data ?? { code: 'NETWORK', message: err.message } });
      // Refused by the hub's middleware: socket.io gives up. Try again, slowly, unless the token itself
      // is refused — then only a person can help, and the page says so.
      if (!this.socket.active && !REFUSED_CODES.has(err.data?.code ?? '')) this.retryLater();
    });
    // Attached before the connection opens, so the hello that comes first is never missed.
    this.socket.on('hello', (h: Hello) => {
      if (h.wire !== WIRE_VERSION) reloadForWire(h.wire);
      this.set({ principal: h.principal });
    });
    this.socket.on('snapshot', (view: LiveView) => {
      setHallTimeZone(view.hall.timezone);
      this.set({ view });
    });
    this.socket.on('queues', (q: { seq: number; services: LiveView['services'] }) => {
      const v = this.state.view;
      if (v && q.seq === v.seq) this.set({ view: withQueues(v, q.services) });
    });
    // Device health (managers only): not part of the hall's event log, so no seq; the latest wins.
    this.socket.on('device.health', (h: LiveView['devices'][number]) => {
      const v = this.state.view;
      if (v) this.set({ view: { ...v, devices: v.devices.some((d) => d.id === h.id) ? v.devices.map((d) => (d.id === h.id ? h : d)) : [...v.devices, h] } });
    });
    this.socket.onAny((type: string, e: HallEvent) => {
      if (type.startsWith('ticket.') || type === 'counter.state') this.apply(e);
    });
  }

  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    const delay = Math.min(30_000, 500 * 2 ** this.retries++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private closed = false;

  private apply(e: HallEvent): void {
    const r = applyHallEvent(this.state.view, e);
    // A missed event: never build on a view that lacks it; the hub answers 'resync' with a snapshot.
    if (r.kind === 'gap') this.socket.emit('resync');
    else if (r.kind === 'applied') this.set({ view: r.view }, e);
  }

  private set(patch: Partial<LiveState>, event?: HallEvent): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state, event);
  }

  get current(): LiveState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket.close();
  }
}

/**
 * The hub speaks another version of the wire contract (it was upgraded while this page stayed open):
 * this page's code cannot read it, so it loads the hub's current build. Once per version, so a page
 * that still gets the old build (a stale cache) does not reload in a loop.
 */
function reloadForWire(version: number): void {
  if (typeof location === 'undefined') return;
  try {
    if (sessionStorage.getItem('hall.wireReload') === String(version)) return;
    sessionStorage.setItem('hall.wireReload', String(version));
  } catch {
    /* private mode: reload anyway */
  }
  location.reload();
}

/** A queues push carries only the services whose figures changed: they replace theirs in the view. */
export function withQueues(view: LiveView, changed: LiveView['services']): LiveView {
  const byId = new Map(changed.map((q) => [q.id, q]));
  const known = new Set(view.services.map((q) => q.id));
  return { ...view, services: [...view.services.map((q) => byId.get(q.id) ?? q), ...changed.filter((q) => !known.has(q.id))] };
}

/** The live hall as a Preact hook; `onEvent` hears each applied event (to flash a call, play a chime…). */
export function useLiveHall(auth: { token: string } | null, onEvent?: (e: HallEvent, view: LiveView) => void): LiveState & { hall: LiveHall | null } {
  const [state, setState] = useState<LiveState>({ view: null, principal: null, connected: false, error: null });
  const [hall, setHall] = useState<LiveHall | null>(null);
  const token = auth?.token ?? null;
  useEffect(() => {
    if (!token) return;
    const h = new LiveHall({ token });
    setHall(h);
    const off = h.subscribe((s, e) => {
      setState(s);
      if (e && s.view) onEvent?.(e, s.view);
    });
    return () => {
      off();
      h.close();
    };
  }, [token]);
  return { ...state, hall };
}
