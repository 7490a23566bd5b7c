// The REST API under /api. Each handler validates its input (zod), checks who is asking, runs one
// engine command through the hall and answers with views. Documented in openapi.ts.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth, Principal } from '../auth/auth.js';
import { AuthError } from '../auth/auth.js';
import { validateHallConfig } from '../config/load.js';
import type { HallConfig } from '../config/schema.js';
import type { Command } from '../engine/engine.js';
import { allowedActions, transferCounters, type AllowedActions } from '../engine/allowed-actions.js';
import { langOf, message } from '../error-messages.js';
import { callOrder } from '../engine/call-order.js';
import type { Actor, Rating, Score, StoredEvent } from '../engine/types.js';
import { counterLists } from '../engine/queue-index.js';
import type { DeviceHealthRegistry } from '../device-supervision/health.js';
import type { Hall } from '../hall.js';
import { counterView, liveView, servicesView, ticketView } from '../views.js';
import { audienceOf, configWithoutSecrets, counterFor, liveFor, loggedEvent, refsOf, ticketFor } from '../access/visibility.js';
import { EngineError } from '../engine/errors.js';
import { ApiError, parse } from './errors.js';
import { adminRouter } from './admin-routes.js';
import { appointmentRouter } from './appointment-routes.js';
import { appointmentsOf } from '../appointments/appointments.js';
import type { PrintService } from '../print/service.js';
import { originOf, printRouter } from './print-routes.js';
import { openApiDocument } from './openapi.js';
import { reportsRouter } from './reports-routes.js';
import * as s from './request-schemas.js';
import { bearer, needPrincipal, isManager, actorOf } from './principal.js';
import type { FollowupAlertInput } from '../reports/alerts.js';
import type { UpstreamHealth } from '../upstream/shipper.js';

export interface ApiDeps {
  hall: Hall;
  auth: Auth;
  health: DeviceHealthRegistry;
  startedAt: number;
  /** Ticket printing (hub/print/service.ts): a kiosk's ticket goes to its printer. */
  print?: PrintService;
  /** Open follow-up cases for the alerts (hub/ratings/desk.ts). */
  followups?: () => readonly FollowupAlertInput[];
  /** The nightly backup's failure, for the alerts. */
  backupFailed?: () => { at: number; error: string } | null;
  /** Shipping to the city's central (hub/upstream/): null when the hall has none. */
  upstream?: () => UpstreamHealth | null;
}


function principalView(p: Principal) {
  if (p.kind === 'staff') return { kind: p.kind, staffNo: p.staffNo, name: p.name, counterId: p.counterId };
  if (p.kind === 'manager') return { kind: p.kind, username: p.username, name: p.name };
  return { kind: p.kind, deviceId: p.deviceId, deviceKind: p.deviceKind, zone: p.zone, counterId: p.counterId };
}

/** Secrets never leave the hub: GET /api/config blanks them (hub/access/visibility.ts), PUT keeps the current ones where left out. */
function keepSecrets(input: unknown, current: HallConfig): unknown {
  if (!input || typeof input !== 'object') return input;
  const c = input as Record<string, unknown>;
  const fill = <T extends Record<string, unknown>>(list: unknown, key: string, from: T[], secretKeys: string[]) =>
    Array.isArray(list)
      ? list.map((item) => {
          if (!item || typeof item !== 'object') return item;
          const old = from.find((o) => o[key] === (item as Record<string, unknown>)[key]);
          if (!old) return item;
          const merged: Record<string, unknown> = { ...item };
          // A secret given in any form replaces the old one whole (a new token must not lose to an old hash).
          if (secretKeys.some((k) => merged[k] !== undefined)) return merged;
          for (const k of secretKeys) if (old[k] !== undefined) merged[k] = old[k];
          return merged;
        })
      : list;
  return {
    ...c,
    staff: fill(c.staff, 'no', current.staff, ['pinHash']),
    managers: fill(c.managers, 'username', current.managers, ['passwordHash']),
    devices: fill(c.devices, 'id', current.devices, ['token', 'tokenSha256']),
    // The central's upload token: kept when the edited config leaves it out (GET blanks it).
    central:
      c.central && typeof c.central === 'object' && (c.central as Record<string, unknown>).token === undefined && current.central?.token
        ? { ...(c.central as Record<string, unknown>), token: current.central.token }
        : c.central,
  };
}

export function apiRouter({ hall, auth, health, startedAt, print, followups, backupFailed, upstream }: ApiDeps): Router {
  const r = express.Router();
  const now = () => hall.clock.now();
  const refs = refsOf(hall);
  const appointments = appointmentsOf(hall.store);

  const who = (req: Request): Principal => auth.resolve(bearer(req));
  const need = (req: Request, allowed: (p: Principal) => boolean): Principal => needPrincipal(auth, req, allowed);

  /** Staff act only at the counter they are logged in at; managers anywhere; a caller keypad at its own. */
  const counterActor = (p: Principal, counterId: string): Actor => {
    if (p.kind === 'staff' && p.counterId !== counterId) throw new AuthError('WRONG_COUNTER', { counter: p.counterId });
    if (p.kind === 'device' && !(p.deviceKind === 'keypad' && p.counterId === counterId)) throw new AuthError('FORBIDDEN');
    return actorOf(p);
  };

  const ticketOf = (events: StoredEvent[], type: StoredEvent['type']) => {
    const e = [...events].reverse().find((x) => x.type === type);
    return e && 'ticket' in e ? ticketView(hall.view, hall.view.tickets.get(e.ticket.id) ?? e.ticket, now()) : null;
  };
  const counterOut = (id: string) => counterView(hall.view, hall.view.counters.get(id)!);
  /** What the counter may do now, each refusal worded in the caller's language (a button's hint). */
  const allowedFor = (req: Request, id: string) => {
    const lang = langOf(req.get('accept-language'));
    const out: Record<string, (AllowedActions[keyof AllowedActions] & { message: string }) | null> = {};
    for (const [action, r] of Object.entries(allowedActions(hall.view, id, now()))) out[action] = r && { ...r, message: message(r.code, r.params, lang) };
    return out;
  };

  r.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      hall: hall.config.hall.id,
      hallName: hall.config.hall.name,
      timezone: hall.config.hall.timezone,
      demo: hall.config.demo,
      businessDay: hall.view.businessDay,
      seq: hall.lastSeq,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      time: now(),
      upstream: upstream?.() ?? null,
    });
  });

  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  r.get('/services', (_req, res) => {
    res.json({ services: servicesView(hall.view, now()) });
  });

  r.get('/live', (req, res) => {
    const aud = audienceOf(who(req));
    res.json(liveFor(aud, liveView(hall.view, hall.lastSeq, now(), aud === 'manager' ? health.list() : []), refs));
  });

  r.get('/devices/health', (req, res) => {
    need(req, (p) => p.kind === 'manager');
    res.json({ devices: health.list() });
  });

  // The event log (电子监察) is the manager's: actors, comments, booking codes. Terminals resync over
  // their socket, agents over theirs.
  r.get('/events', (req, res) => {
    need(req, isManager);
    const q = parse(s.eventsQuery, req.query);
    const events = hall.store.eventsAfter(q.after, q.limit).map(loggedEvent);
    res.json({ events, lastSeq: hall.lastSeq });
  });

  // ---- tickets ----
  r.post('/tickets', async (req, res) => {
    const p = need(req, (x) => (x.kind === 'device' && x.deviceKind === 'kiosk') || x.kind === 'staff' || x.kind === 'manager');
    const body = parse(s.issueTicketBody, req.body);
    const command: Command = { type: 'issue', serviceId: body.serviceId };
    if (body.priority) command.priority = body.priority;
    command.channel = body.channel ?? (p.kind === 'device' ? (body.appointment ? 'appointment' : 'kiosk') : 'staff');
    if (body.requestId) command.requestId = body.requestId;
    // A check-in: the code must be a booking the hall's booking system fed in, for this service, today,
    // within its window, not used; its slot is the booking's (a slotAt sent along is not trusted). The
    // same press again (its requestId known) gets its ticket back below without a second check-in.
    let booking: string | undefined;
    if (body.priority === 'appointment' && body.appointment && !(body.requestId && hall.view.byRequestId.has(body.requestId))) {
      const a = appointments.checkIn(body.appointment.code, body.serviceId, hall.config, now());
      command.appointment = { code: a.code, slotAt: a.slotAt };
      booking = a.code;
    } else if (body.appointment) command.appointment = { code: body.appointment.code, slotAt: body.appointment.slotAt ?? 0 };
    // Grouped with the other kiosks' presses of this instant into one durable commit; a check-in marks
    // its booking used in the same transaction.
    const events = booking ? await hall.submit(command, actorOf(p), () => appointments.markUsed(booking!, now())) : await hall.submit(command, actorOf(p));
    const issued = ticketOf(events, 'ticket.issued');
    if (issued && booking) appointments.linkTicket(booking, issued.id);
    if (issued) {
      // A kiosk's ticket is printed on its printer; the answer says how that went so far (or that the
      // printer cannot print and the screen is the ticket). Without a printer: no `print`.
      const printing = p.kind === 'device' && print ? print.onIssued(issued, p.deviceId, originOf(req, hall.config.hall.publicUrl)) : null;
      res.status(201).json(printing ? { ...issued, print: printing } : issued);
      return;
    }
    // The same press again: the ticket it issued the first time.
    const earlier = hall.view.tickets.get(hall.view.byRequestId.get(body.requestId ?? '') ?? '');
    if (!earlier) throw new ApiError(500, 'INTERNAL');
    // …with how its printing went (never a second job for the same press).
    const printed = p.kind === 'device' && print ? print.answerOf(earlier.id) : null;
    const view = ticketView(hall.view, earlier, now());
    res.status(200).json(printed ? { ...view, print: printed } : view);
  });

  r.get('/tickets/:id', (req, res) => {
    const id = parse(s.ticketIdParam, req.params.id);
    const t = hall.view.tickets.get(id) ?? hall.store.ticket(id);
    if (!t) throw new EngineError('TICKET_UNKNOWN');
    res.json(ticketView(hall.view, t, now()));
  });

  r.get('/tickets/:id/events', (req, res) => {
    need(req, isManager);
    const id = parse(s.ticketIdParam, req.params.id);
    res.json({ events: hall.store.eventsOfTicket(id).map(loggedEvent) });
  });

  r.post('/tickets/:id/requeue', (req, res) => {
    const p = need(req, (x) => x.kind === 'staff' || x.kind === 'manager');
    const ticketId = parse(s.ticketIdParam, req.params.id);
    parse(s.emptyBody, req.body);
    res.json({ ticket: ticketOf(hall.execute({ type: 'requeue', ticketId }, actorOf(p)), 'ticket.requeued') });
  });

  r.post('/tickets/:id/cancel', (req, res) => {
    const p = need(req, (x) => x.kind === 'staff' || x.kind === 'manager');
    const ticketId = parse(s.ticketIdParam, req.params.id);
    const { reason } = parse(s.cancelBody, req.body);
    res.json({ ticket: ticketOf(hall.execute({ type: 'cancel', ticketId, reason }, actorOf(p)), 'ticket.cancelled') });
  });

  // ---- ratings ----
  r.post('/ratings', (req, res) => {
    const p = need(req, (x) => x.kind === 'device' && x.deviceKind === 'pad');
    const body = parse(s.ratingBody, req.body);
    // A pad knows the ticket by its screen key (hub/access/visibility.ts).
    const t = hall.view.tickets.get(body.ticketId) ?? refs.find(body.ticketId, hall.view.tickets.values());
    if (t) body.ticketId = t.id;
    // A pad rates what was served at its own counter, nothing else.
    if (t && p.kind === 'device' && t.counterId !== p.counterId) throw new AuthError('FORBIDDEN');
    const rating = {
      score: body.score as Score,
      items: (body.items as Rating['items']) ?? null,
      reasons: [...new Set(body.reasons ?? [])],
      comment: body.comment || null,
      source: 'pad' as const,
    };
    const events = hall.execute({ type: 'rate', ticketId: body.ticketId, rating }, actorOf(p));
    const ticket = hall.view.tickets.get(body.ticketId)!;
    res.status(events.length ? 201 : 200).json({ ticket: ticketFor(audienceOf(p), ticketView(hall.view, ticket, now()), refs) });
  });

  // ---- sessions ----
  r.post('/sessions', async (req, res) => {
    const body = parse(s.loginBody, req.body);
    // The real client behind trusted proxies (config http.trustProxy): the login limits' key.
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const result = 'staffNo' in body ? await auth.loginStaff(body.staffNo, body.pin, body.counter, client) : await auth.loginManager(body.username, body.password, client);
    const p = result.principal;
    res.status(201).json({
      token: result.token,
      expiresAt: result.expiresAt,
      principal: principalView(p),
      counter: p.kind === 'staff' ? counterOut(p.counterId) : null,
    });
  });

  r.get('/sessions/current', (req, res) => {
    res.json({ principal: principalView(who(req)) });
  });

  r.delete('/sessions/current', (req, res) => {
    auth.logout(who(req));
    res.status(204).end();
  });

  // ---- counters ----
  r.get('/counters/:counter', (req, res) => {
    const aud = audienceOf(who(req));
    const tv = (t: import('../engine/types.js').Ticket) => ticketFor(aud, ticketView(hall.view, t, now()), refs);
    const id = parse(s.counterParam, req.params.counter);
    const c = hall.view.counters.get(id);
    if (!c) throw new EngineError('COUNTER_UNKNOWN', { counter: id });
    const served = new Set(hall.config.counters.find((k) => k.id === id)?.services.map((x) => x.service));
    // From the queue index (a 50,000-ticket day is not walked for a counter's console).
    const lists = counterLists(hall.view.index, id, served);
    res.json({
      counter: counterFor(aud, counterOut(id), refs),
      // The engine's answers, so the console keeps no copy of its rules: what each button may do (with
      // the refusal's code), where the ticket in hand may be transferred, and the queue in call order.
      allowed: allowedFor(req, id),
      transferCounters: transferCounters(hall.view, id),
      waiting: callOrder(hall.view, id, now()).map(tv),
      held: lists.held.map(tv),
      noShow: lists.noShow.map(tv),
    });
  });

  type Action = { body: import('zod').ZodType; command: (counterId: string, body: any) => Command; result: StoredEvent['type'] | null };
  const actions: Record<s.CounterAction, Action> = {
    call: { body: s.emptyBody, command: (counterId) => ({ type: 'call-next', counterId }), result: 'ticket.called' },
    recall: { body: s.emptyBody, command: (counterId) => ({ type: 'recall', counterId }), result: 'ticket.recalled' },
    skip: { body: s.emptyBody, command: (counterId) => ({ type: 'skip', counterId }), result: 'ticket.no-show' },
    start: { body: s.emptyBody, command: (counterId) => ({ type: 'start', counterId }), result: 'ticket.started' },
    finish: { body: s.emptyBody, command: (counterId) => ({ type: 'finish', counterId }), result: 'ticket.finished' },
    hold: { body: s.emptyBody, command: (counterId) => ({ type: 'hold', counterId }), result: 'ticket.held' },
    transfer: { body: s.transferBody, command: (counterId, b) => ({ type: 'transfer', counterId, ...b }), result: 'ticket.transferred' },
    'call-number': { body: s.callNumberBody, command: (counterId, b) => ({ type: 'call-number', counterId, number: b.number }), result: 'ticket.called' },
    'resume-held': { body: s.resumeHeldBody, command: (counterId, b) => ({ type: 'resume-held', counterId, ticketId: b.ticketId }), result: 'ticket.called' },
    pause: { body: s.pauseBody, command: (counterId, b) => ({ type: 'pause', counterId, reason: b.reason }), result: null },
    resume: { body: s.emptyBody, command: (counterId) => ({ type: 'resume', counterId }), result: null },
  };

  r.post('/counters/:counter/:action', async (req: Request, res: Response) => {
    // Own keys only: "constructor", "toString" or "__proto__" must not find Object.prototype's.
    const name = String(req.params.action);
    const action = Object.hasOwn(actions, name) ? actions[name as s.CounterAction] : undefined;
    if (!action) throw new ApiError(404, 'NOT_FOUND');
    // Who first: without a token nobody learns which counters exist.
    const p = who(req);
    const counterId = parse(s.counterParam, req.params.counter);
    if (!hall.view.counters.has(counterId)) throw new EngineError('COUNTER_UNKNOWN', { counter: counterId });
    const actor = counterActor(p, counterId);
    const body = parse(action.body, req.body);
    const events = await hall.submit(action.command(counterId, body), actor);
    const aud = audienceOf(p);
    const ticket = action.result ? ticketOf(events, action.result) : null;
    res.json({ ticket: ticket ? ticketFor(aud, ticket, refs) : null, counter: counterFor(aud, counterOut(counterId), refs), allowed: allowedFor(req, counterId) });
  });

  // ---- config ----
  r.get('/config', (req, res) => {
    need(req, isManager);
    res.json(configWithoutSecrets(hall.config));
  });

  r.put('/config', (req, res) => {
    const p = need(req, isManager);
    let config: HallConfig;
    try {
      config = validateHallConfig(keepSecrets(req.body, hall.config), 'the config');
    } catch (e) {
      throw new ApiError(400, 'BAD_INPUT', { detail: (e as Error).message });
    }
    if (config.demo !== hall.config.demo) throw new ApiError(400, 'BAD_INPUT', { detail: 'demo: cannot be changed from the dashboard' });
    // Certificate files are the hub PC's business (the config file, hall start --cert): not a path a web form may point anywhere.
    if (JSON.stringify(config.tls ?? null) !== JSON.stringify(hall.config.tls ?? null)) throw new ApiError(400, 'BAD_INPUT', { detail: 'tls: cannot be changed from the dashboard' });
    hall.execute({ type: 'configure', config, source: 'api' }, actorOf(p));
    res.json(configWithoutSecrets(hall.config));
  });

  // ---- reports and alerts (manager): GET /reports, /reports/hourly, /reports/export, /alerts ----
  r.use(reportsRouter({ hall, auth, health, ...(followups ? { followups } : {}), ...(backupFailed ? { backupFailed } : {}) }));
  // ---- staff and devices (manager): POST /staff, /staff/:no/pin, /devices, /devices/:id/token ----
  r.use(adminRouter({ hall, auth }));
  // ---- appointments from the booking system: POST /appointments, /appointments/import, GET /appointments ----
  r.use(appointmentRouter({ hall, auth }));
  if (print) r.use(printRouter({ hall, auth, print }));

  r.use((_req, _res) => {
    throw new ApiError(404, 'NOT_FOUND');
  });
  return r;
}
