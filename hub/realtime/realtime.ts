// Pushing the hall to terminals over socket.io. Every committed event goes to every authenticated
// terminal with its seq; a terminal that connects, or sees a gap in the seqs, gets (or asks for with
// "resync") a snapshot. A citizen's phone, connecting with only a ticket id, gets that ticket's view.
// What each socket may see is hub/access/visibility.ts's to decide: sockets join the room of their
// audience (see:manager, see:staff, see:device) and each room gets its own cut of every push.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { AuthError, type Auth, type Principal } from '../auth/auth.js';
import { sessionEndReason } from '../auth/session-end.js';
import type { StoredEvent } from '../engine/types.js';
import type { DeviceHealthRegistry } from '../device-supervision/health.js';
import type { Hall } from '../hall.js';
import { langOf, message } from '../error-messages.js';
import { audienceOf, counterFor, liveFor, pushedEvent, refsOf, type Audience } from '../access/visibility.js';
import { counterView, helloView, liveView, servicesView, ticketView } from '../views.js';
import { counterDesk } from './counter-desk.js';
import { requestOriginAllowed } from '../security/origin.js';
import { oneWritePerFlushOf, type OneWriteStats } from './one-write.js';
import { farBehindGuard, type FarBehindStats } from './far-behind.js';
import { healthReason } from '../../devices/health-reason.js';

/** Boards are noticed dead within ~10 s (ping every 4 s, 5 s to answer), not socket.io's default ~45 s. */
export const PING_INTERVAL_MS = 4_000;
export const PING_TIMEOUT_MS = 5_000;

const TICKET_ID = /^[A-Za-z0-9_-]{8,64}$/;

interface SocketData {
  principal?: Principal;
  token?: string;
  ticketId?: string;
}

function rejection(code: string, lang: 'zh' | 'en', reason?: unknown) {
  const err = new Error(code) as Error & { data?: unknown };
  err.data = { code, message: message(code, {}, lang), ...(typeof reason === 'string' ? { reason } : {}) };
  return err;
}

/** Who a socket is (a terminal's principal), or undefined for a phone following a ticket. */
const principalOf = (socket: Socket): Principal | undefined => (socket.data as SocketData).principal;

/** A terminal as the log names it: a device by its id and kind, staff by their counter (no names). */
function terminalOf(socket: Socket): Record<string, unknown> {
  const p = principalOf(socket);
  if (p?.kind === 'device') return { device: p.deviceId, kind: p.deviceKind };
  if (p?.kind === 'staff') return { kind: 'staff', counter: p.counterId };
  return { kind: p?.kind ?? 'unknown' };
}

/** What the realtime layer counts, for the bench and the tests. */
export interface RealtimeStats {
  writes: OneWriteStats;
  farBehind: FarBehindStats;
}

export interface RealtimeOptions {
  /** Packets a terminal may have waiting before it is taken off the feeds (default FAR_BEHIND_PACKETS). */
  farBehindPackets?: number;
}

export function attachRealtime(server: HttpServer | HttpsServer, hall: Hall, auth: Auth, health: DeviceHealthRegistry, log: Logger, options: RealtimeOptions = {}): { io: Server; stats: RealtimeStats } {
  const allowed = () => hall.config.http.allowedOrigins;
  const io = new Server(server, {
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    serveClient: false,
    // Same origin unless the config lists another (hub/security/origin.ts): WebSockets are not covered by
    // CORS, so the handshake itself is refused for a foreign page; listed origins get CORS for polling.
    allowRequest: (req, callback) => {
      const ok = requestOriginAllowed(req, allowed());
      callback(ok ? null : 'CROSS_ORIGIN', ok);
    },
    cors: { origin: (origin, callback) => callback(null, origin !== undefined && allowed().includes(origin)) },
  });
  const oneWrite = oneWritePerFlushOf(io);

  io.use((socket, next) => {
    const lang = langOf(socket.handshake.headers['accept-language']);
    const { token, ticketId } = (socket.handshake.auth ?? {}) as { token?: unknown; ticketId?: unknown };
    const data = socket.data as SocketData;
    if (typeof token === 'string' && token) {
      try {
        data.principal = auth.resolve(token);
        data.token = token;
        return next();
      } catch (e) {
        return next(rejection(e instanceof AuthError ? e.code : 'UNAUTHENTICATED', lang, e instanceof AuthError ? e.params.reason : undefined));
      }
    }
    if (typeof ticketId === 'string' && TICKET_ID.test(ticketId) && (hall.view.tickets.has(ticketId) || hall.store.ticket(ticketId))) {
      data.ticketId = ticketId;
      return next();
    }
    return next(rejection('UNAUTHENTICATED', lang));
  });

  const refs = refsOf(hall);
  const snapshot = (aud: Audience) => liveFor(aud, liveView(hall.view, hall.lastSeq, hall.clock.now(), aud === 'manager' ? health.list() : []), refs);
  const AUDIENCES: readonly Audience[] = ['manager', 'staff', 'device'];
  // Managers see device health change as it happens.
  health.subscribe((h) => io.to('role:manager').emit('device.health', h));
  const ticketUpdate = (id: string) => {
    const t = hall.view.tickets.get(id) ?? hall.store.ticket(id);
    return t ? ticketView(hall.view, t, hall.clock.now()) : null;
  };
  // Phones following a ticket, by ticket id: how many sockets, and the view they were last sent, so a
  // phone hears only when its position, estimate or ticket changed (not at every call in the hall).
  const followers = new Map<string, { sockets: number; serviceId: string | null; last: string }>();
  const sendTicket = (id: string, force: boolean) => {
    const f = followers.get(id);
    if (!f) return;
    const view = ticketUpdate(id);
    const json = JSON.stringify(view);
    f.serviceId = view?.serviceId ?? null;
    if (!force && json === f.last) return;
    f.last = json;
    io.to(`ticket:${id}`).emit('ticket.update', view);
  };
  // The queues as last pushed, per service: a push carries only the services whose figures changed.
  const queuesNow = () => new Map(servicesView(hall.view, hall.clock.now()).map((q) => [q.id, JSON.stringify(q)]));
  let pushedQueues = queuesNow();
  // Each counter's desk as last pushed to its room: a batch sends a counter's staff its desk only when it changed.
  const pushedDesks = new Map<string, string>();
  const pushDesk = (counterId: string) => {
    if (!io.sockets.adapter.rooms.get(`counter:${counterId}`)?.size) return void pushedDesks.delete(counterId);
    const desk = counterDesk(hall, counterId);
    const json = JSON.stringify(desk && { ...desk, seq: 0 });
    if (pushedDesks.get(counterId) === json) return;
    pushedDesks.set(counterId, json);
    io.to(`counter:${counterId}`).emit('counter.desk', desk);
  };

  // Which counters are open, as a string to compare (transferCounters: a ticket goes only to an open one).
  const openCounters = () => hall.config.counters.map((k) => ((hall.view.counters.get(k.id)?.state ?? 'closed') === 'closed' ? '0' : '1')).join('');
  let lastOpen = openCounters();

  // The counter's staff get its desk after each snapshot.
  const sendDesk = (socket: Socket) => {
    const p = principalOf(socket);
    if (p?.kind === 'staff') socket.emit('counter.desk', counterDesk(hall, p.counterId));
  };
  // The hall as it is now for one terminal: on connect, on its resync, back from far behind.
  const sendHallNow = (socket: Socket) => {
    const p = principalOf(socket);
    if (!p) return;
    socket.emit('snapshot', snapshot(audienceOf(p)));
    sendDesk(socket);
  };
  // A terminal that stopped reading is taken off the hall's feeds (events, queue figures) and put back
  // with a snapshot once its backlog has left (far-behind.ts): the hub holds a bounded backlog for it.
  const farBehind = farBehindGuard({
    limit: options.farBehindPackets,
    feeds: (socket) => {
      const p = principalOf(socket);
      return p ? ['hall', `see:${audienceOf(p)}`] : [];
    },
    // A device page that falls behind is degraded on the dashboard until it has caught up (a board on a
    // bad link shows up there before citizens notice).
    catchUp: (socket) => {
      log.info({ terminal: terminalOf(socket) }, 'terminal caught up: back on the feeds with a snapshot');
      const p = principalOf(socket);
      if (p?.kind === 'device') health.report(p.deviceId, 'online', { via: 'socket' });
      sendHallNow(socket);
    },
    tookOff: (socket, pending) => {
      log.warn({ terminal: terminalOf(socket), pending }, 'terminal far behind: off the feeds until it has read what it has waiting');
      const p = principalOf(socket);
      if (p?.kind === 'device') health.report(p.deviceId, 'degraded', { reason: healthReason('SOCKET_BEHIND', { pending }), via: 'socket' });
    },
  });

  io.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData;
    const p = data.principal;
    if (p) {
      const aud = audienceOf(p);
      void socket.join(['hall', `see:${aud}`, `role:${p.kind === 'device' ? p.deviceKind : p.kind}`]);
      const counter = p.kind === 'staff' || p.kind === 'device' ? p.counterId : null;
      // Staff and the counter's devices (pad, keypad) hear the counter's own news in separate rooms:
      // what a pad hears is cut for a device (notifyCounter).
      if (counter) void socket.join(aud === 'device' ? `counter-devices:${counter}` : `counter:${counter}`);
      if (p.kind === 'device' && p.zone) void socket.join(`zone:${p.zone}`);
      // A device's own news (its kiosk's print jobs).
      if (p.kind === 'device') void socket.join(`device:${p.deviceId}`);
      // A terminal page is a device: its socket is its heartbeat (pings every few seconds).
      if (p.kind === 'device') {
        const deviceId = p.deviceId;
        health.socketOpened(deviceId);
        socket.on('disconnect', (reason) => health.socketClosed(deviceId, reason));
      }
      socket.emit('hello', helloView(p, counter));
      sendHallNow(socket);
      socket.on('resync', (ack?: unknown) => {
        if (typeof ack !== 'function') return sendHallNow(socket);
        ack(snapshot(aud));
        sendDesk(socket);
      });
    } else if (data.ticketId) {
      const id = data.ticketId;
      void socket.join(`ticket:${id}`);
      const view = ticketUpdate(id);
      const f = followers.get(id);
      if (f) f.sockets++;
      else followers.set(id, { sockets: 1, serviceId: view?.serviceId ?? null, last: JSON.stringify(view) });
      socket.emit('ticket.update', view);
      socket.on('resync', () => socket.emit('ticket.update', ticketUpdate(id)));
      socket.on('disconnect', () => {
        const g = followers.get(id);
        if (g && --g.sockets <= 0) followers.delete(id);
      });
    }
  });

  /**
   * Pushes one committed batch to everyone who sees it (its events, the desks, queue figures, phones
   * following a ticket); says whether it may have ended sessions and whether the config changed (a
   * device's token may be gone).
   */
  function pushBatch(events: readonly StoredEvent[]): { sessionsMayHaveEnded: boolean; configChanged: boolean } {
    let sessionsMayHaveEnded = false;
    let configChanged = false;
    const services = new Set<string>();
    // socket.io encodes a room's packet even when nobody is in it: an audience with no socket (a hall
    // with screens and no manager page open) costs every event its cut and its encoding for nothing.
    const listening = AUDIENCES.filter((aud) => (io.sockets.adapter.rooms.get(`see:${aud}`)?.size ?? 0) > 0);
    for (const e of events) {
      // A counter's change carries the counter as terminals draw it (staff name, ticket in hand).
      const counter = e.type === 'counter.state' ? hall.view.counters.get(e.counter.id) : undefined;
      const view = counter && listening.length > 0 ? counterView(hall.view, counter) : undefined;
      for (const aud of listening) {
        const pushed = pushedEvent(aud, e, refs);
        io.to(`see:${aud}`).emit(e.type, view ? { ...pushed, view: counterFor(aud, view, refs) } : pushed);
      }
      if ('ticket' in e) {
        services.add(e.ticket.serviceId);
        if (e.from) services.add(e.from.serviceId);
      }
      if (e.type === 'counter.state' && (e.cause === 'logout' || e.cause === 'login' || e.cause === 'day')) sessionsMayHaveEnded = true;
      if (e.type === 'config.changed') configChanged = true;
      if (e.type === 'day.rolled' || e.type === 'config.changed') {
        sessionsMayHaveEnded = true;
        for (const aud of listening) io.to(`see:${aud}`).emit('snapshot', snapshot(aud));
        pushedQueues = queuesNow();
      }
    }
    // The desks of the counters the batch touched. What a counter may do depends on its own state and
    // its ticket in hand (a recall counts towards the limit): the counters of the batch's tickets and
    // counter changes. Where it may transfer to depends on which other counters are open: only when
    // that set changed are the others' desks re-checked (a call moves no counter between open and
    // closed, so a busy day builds one or two desks per call, not one per staffed counter). A new config
    // or a new day re-checks every one.
    const desks = new Set<string>();
    let everyDesk = false;
    for (const e of events) {
      if ('ticket' in e && e.ticket.counterId) desks.add(e.ticket.counterId);
      if (e.type === 'counter.state') desks.add(e.counter.id);
      if (e.type === 'config.changed' || e.type === 'day.rolled') everyDesk = true;
    }
    if (desks.size > 0 || everyDesk) {
      const open = openCounters();
      if (open !== lastOpen) everyDesk = true;
      lastOpen = open;
    }
    if (everyDesk) for (const id of hall.view.counters.keys()) desks.add(id);
    for (const id of desks) pushDesk(id);
    // Queue lengths and estimates after the batch, tagged with its last seq: kiosks and boards need
    // them and would otherwise have to recount the queue themselves. Only the services this batch's
    // tickets belong to and those whose figures changed since the last push go (a call moves one or
    // two, whatever the hall's size): a terminal merges them into its view, and one that connected
    // since has the rest in its snapshot.
    const last = events[events.length - 1];
    const counterMoved = events.some((e) => e.type === 'counter.state');
    if (last && (services.size > 0 || counterMoved)) {
      const now = new Map<string, string>();
      const changed = hall.servicesAfterBatch().filter((q) => {
        const json = JSON.stringify(q);
        now.set(q.id, json);
        return services.has(q.id) || pushedQueues.get(q.id) !== json;
      });
      pushedQueues = now;
      if (changed.length > 0) io.to('hall').emit('queues', { seq: last.seq, services: changed });
    }
    // A citizen following a ticket hears when its place, its estimate or the ticket itself changed:
    // checked for the followers of the services this batch touched (a counter's change moves the
    // estimates of the services it serves).
    if (followers.size > 0) {
      const touched = new Set(services);
      let all = false;
      for (const e of events) {
        if (e.type === 'counter.state') hall.config.counters.find((k) => k.id === e.counter.id)?.services.forEach((x) => touched.add(x.service));
        if (e.type === 'config.changed' || e.type === 'day.rolled') all = true;
      }
      const mine = new Set(events.flatMap((e) => ('ticket' in e ? [e.ticket.id] : [])));
      for (const [id, f] of followers) if (all || mine.has(id) || (f.serviceId !== null && touched.has(f.serviceId))) sendTicket(id, mine.has(id));
    }
    return { sessionsMayHaveEnded, configChanged };
  }

  /** Ends the sockets whose session is gone after the batch, each told why first. */
  function endSessions(events: readonly StoredEvent[], configChanged: boolean): void {
    for (const socket of io.of('/').sockets.values()) {
      const d = socket.data as SocketData;
      if (!d.principal || !d.token || (d.principal.kind !== 'staff' && !configChanged)) continue;
      try {
        auth.resolve(d.token);
      } catch (err) {
        // A device's token was replaced or the device removed: its token is now unknown.
        const code = d.principal.kind === 'device' ? 'UNAUTHENTICATED' : 'SESSION_ENDED';
        // Staff are told why (logged in elsewhere, a colleague took the counter, …): the console words it.
        const reason = d.principal.kind === 'staff' ? { reason: sessionEndReason(events, d.principal, err) } : {};
        socket.emit('session.ended', { code, ...reason, message: message(code) });
        socket.disconnect(true);
      }
    }
  }

  hall.subscribe((events: readonly StoredEvent[]) => {
    // Every socket gets what the batch pushes it in one write (one-write.ts); the sessions it ended are
    // disconnected after, so their last push ("session ended", with the reason) leaves first.
    farBehind.check(io.of('/').sockets.values());
    const pushed = oneWrite.batch(() => pushBatch(events));
    if (pushed.sessionsMayHaveEnded) endSessions(events, pushed.configChanged);
  });

  io.engine.on('connection_error', (err: { code: number; message: string }) => log.debug({ err }, 'socket connection error'));
  return { io, stats: { writes: oneWrite.stats, farBehind: farBehind.stats } };
}

/**
 * A counter's own news (a business system's rating request) to its staff and to its devices (the pad):
 * the devices get the ticket under its screen key, never its id.
 */
export function notifyCounter(io: Server, hall: Hall, counter: string, event: string, payload: unknown): void {
  io.to(`counter:${counter}`).emit(event, payload);
  const p = payload as { ticketId?: unknown } | null;
  io.to(`counter-devices:${counter}`).emit(event, p && typeof p.ticketId === 'string' ? { ...p, ticketId: refsOf(hall).ref(p.ticketId) } : payload);
}
