// Success bodies as zod schemas: the OpenAPI document states them (hub/api/openapi.ts) and the tests hold
// every answer they see to them, strictly (no field the schema does not name). Each schema is tied to
// the type of what the route really answers (the views in hub/views.ts, the routes' own objects) by the
// compile-time checks at the end: a route that starts answering something its schema does not allow
// does not type-check, and a field added to a view without its schema fails the contract tests.
import { z } from 'zod';
import { COUNTER_STATES, TICKET_STATES, counterViewSchema, deviceHealthViewSchema, healthReasonSchema, liveViewSchema, serviceViewSchema, ticketViewSchema } from '../../shared/wire.js';
import { deviceKind, deviceSchema, hallConfigSchema, managerSchema, priorityClass, staffSchema } from '../config/schema.js';
import type { CounterView, TicketView, servicesView } from '../views.js';
import { COUNTER_ACTIONS, type AllowedActions, type CounterAction, type Refusal } from '../engine/allowed-actions.js';
import { ENGINE_ERROR_CODES } from '../engine/errors.js';
import type { Actor, CounterState, StoredEvent, Ticket } from '../engine/types.js';
import type { configWithoutSecrets, deviceWithoutSecret, loggedEvent, staffWithoutSecret } from '../access/visibility.js';
import { REPORT_GROUPINGS, type Hourly, type Report } from '../reports/reports.js';
import type { Alert } from '../reports/alerts.js';
import type { ServiceAdvice, StaffingAdvice } from '../planning/advice.js';
import type { Followup, FollowupCounts } from '../ratings/desk.js';
import type { OutboxStats } from '../ratings/outbox.js';
import type { InputCounts } from '../device-supervision/inputs.js';
import type { PrintJob } from '../store/print-jobs.js';
import type { PrintAnswer, PrintService } from '../print/service.js';
import { profileOverrideSchema } from '../../ticket-printer/profiles.js';
import type { VirtualHall } from '../device-supervision/virtual-hall.js';
import type { Appointment, ImportResult } from '../appointments/appointments.js';
import type { AuditEntry } from '../security/audit.js';
import type { Lockout } from '../auth/lockouts.js';

const text = z.strictObject({ zh: z.string(), en: z.string().optional() });
const time = z.number().int();

/** A ticket as the API answers it (`id` the screen key for a device: hub/access/visibility.ts). The terminals'
 * wire contract (shared/wire.ts) is the one definition of a ticket, a counter and a service. */
export const ticketResponse = ticketViewSchema;

/** POST /api/tickets: the ticket, and for a kiosk with a printer how its printing went (hub/print). */
const printAnswer = z.union([
  z.strictObject({ state: z.enum(['queued', 'sent', 'done', 'failed']), jobId: z.string(), printerId: z.string(), reason: z.string().nullable() }),
  z.strictObject({ state: z.literal('unavailable'), printerId: z.string().nullable(), reason: z.string(), message: z.strictObject({ zh: z.string(), en: z.string() }) }),
]);
export const issuedTicketResponse = ticketResponse.extend({ print: printAnswer.optional() });

export const counterResponse = counterViewSchema;

/** What each counter action may do now: null where allowed, else the engine's refusal (hub/engine/allowed-actions.ts). */
const refusal = z.strictObject({ code: z.enum(ENGINE_ERROR_CODES), params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])), message: z.string() });
/** Every counter action the engine knows (COUNTER_ACTIONS), none else. */
export const allowedActionsResponse = z.strictObject(Object.fromEntries(COUNTER_ACTIONS.map((a) => [a, refusal.nullable()])) as Record<CounterAction, z.ZodNullable<typeof refusal>>);

/** A counter action (POST /api/counters/{counter}/{action}): the ticket it acted on, if any, and the counter after it. */
export const counterActionResponse = z.strictObject({ ticket: ticketResponse.nullable(), counter: counterResponse, allowed: allowedActionsResponse });

/** GET /api/counters/{counter}. */
export const counterDetailResponse = z.strictObject({
  counter: counterResponse,
  allowed: allowedActionsResponse,
  transferCounters: z.array(z.strictObject({ id: z.string(), services: z.array(z.string()) })),
  waiting: z.array(ticketResponse),
  held: z.array(ticketResponse),
  noShow: z.array(ticketResponse),
});

/** {ticket}: requeue, cancel, a rating. */
export const ticketWrapResponse = z.strictObject({ ticket: ticketResponse });

export const healthResponse = z.strictObject({
  status: z.literal('ok'),
  hall: z.string(),
  hallName: text,
  timezone: z.string(),
  demo: z.boolean(),
  businessDay: z.string(),
  seq: z.number().int().min(0),
  uptimeS: z.number().int().min(0),
  time,
  /** Shipping to the city's central (hub/upstream/shipper.ts UpstreamHealth); null without a central. */
  upstream: z
    .strictObject({
      state: z.enum(['connecting', 'shipping', 'idle', 'backoff', 'refused', 'stopped']),
      connected: z.boolean(),
      backlog: z.number().int().min(0).nullable(),
      lastShippedSeq: z.number().int().min(0).nullable(),
      lastContactAt: time.nullable(),
      lagSeconds: z.number().min(0),
      lastErrorCode: z.string().nullable(),
    })
    .nullable(),
});

/** GET /api/health while the hub loads today's tickets (hub/api/starting.ts): alive, not serving yet. */
export const startingHealthResponse = z.strictObject({ status: z.literal('starting'), hall: z.string() });
export const healthOrStartingResponse = z.union([healthResponse, startingHealthResponse]);

export const principalResponse = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), staffNo: z.string(), name: z.string(), counterId: z.string() }),
  z.strictObject({ kind: z.literal('manager'), username: z.string(), name: z.string() }),
  z.strictObject({ kind: z.literal('device'), deviceId: z.string(), deviceKind, zone: z.string().nullable(), counterId: z.string().nullable() }),
]);

export const currentSessionResponse = z.strictObject({ principal: principalResponse });

/** POST /api/sessions. */
export const sessionResponse = z.strictObject({
  token: z.string(),
  expiresAt: time,
  principal: principalResponse,
  counter: counterResponse.nullable(),
});

const service = serviceViewSchema;
/** GET /api/live: the snapshot every terminal starts from, as the wire contract declares it. */
export const liveResponse = liveViewSchema;

/** GET /api/devices/health (managers). */
export const devicesHealthResponse = z.strictObject({ devices: z.array(deviceHealthViewSchema) });

/** GET /api/services. */
export const servicesResponse = z.strictObject({ services: z.array(service) });

/** POST /api/ratings/requests. */
export const ratingRequestResponse = z.strictObject({
  request: z.strictObject({ ticketId: z.string(), number: z.string(), counterId: z.string(), caseNo: z.string(), prompted: z.number().int().min(0) }),
});

// ---- appointments, security ----

/** POST /api/appointments, POST /api/appointments/import. */
export const importResponse = z.strictObject({ added: z.number().int().min(0), updated: z.number().int().min(0), used: z.array(z.string()) });

const appointment = z.strictObject({
  code: z.string(),
  serviceId: z.string(),
  slotAt: time,
  slotLocal: z.string(),
  nameMasked: z.string().nullable(),
  usedAt: time.nullable(),
  ticketId: z.string().nullable(),
});
/** GET /api/appointments. */
export const appointmentsResponse = z.strictObject({ date: z.string(), appointments: z.array(appointment) });

const lockout = z.strictObject({
  key: z.string(),
  scope: z.enum(['account-client', 'account', 'client']),
  account: z.string().nullable(),
  client: z.string().nullable(),
  failures: z.number().int(),
  lockouts: z.number().int(),
  lockedUntil: time,
  lastAt: time,
});
/** GET /api/security/lockouts. */
export const lockoutsResponse = z.strictObject({ at: time, lockouts: z.array(lockout) });

const auditEntry = z.strictObject({
  id: z.number().int().min(1),
  at: time,
  type: z.string(),
  actor: z.strictObject({ kind: z.enum(['staff', 'manager', 'device', 'system', 'anonymous']), id: z.string().nullable() }),
  client: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
/** GET /api/audit: newest first; nextBefore when there may be more. */
export const auditResponse = z.strictObject({ entries: z.array(auditEntry), nextBefore: z.number().int().optional() });

// ---- config and the event log (managers): the one redaction (hub/access/visibility.ts), field by field ----

/** A staff member, manager or device as the config lists them, without its secret (pinHash, passwordHash, token, tokenSha256). */
const staffOut = staffSchema.omit({ pinHash: true });
const managerOut = managerSchema.omit({ passwordHash: true });
const deviceOut = deviceSchema.omit({ token: true, tokenSha256: true });

/**
 * GET and PUT /api/config: the hall config as validated (defaults filled in) without secrets: the
 * config schema's own sections, with staff, managers and devices without their secrets and the
 * central without its upload token. The sections are the config schema's, so a section added there is
 * documented here at once; a secret added there must be left out here and in configWithoutSecrets.
 */
export const configResponse = z.strictObject({
  ...hallConfigSchema.shape,
  staff: z.array(staffOut),
  managers: z.array(managerOut),
  devices: z.array(deviceOut),
  central: z.strictObject({ url: z.string() }).optional(),
});

const actor = z.strictObject({ kind: z.enum(['staff', 'manager', 'device', 'system']), id: z.string() });
const score = z.number().int().min(1).max(5);
/** A ticket as the engine keeps it (the event log's, managers only): its id, appointment code, rating comment. */
const ticketRecord = z.strictObject({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  zone: z.string(),
  businessDay: z.string(),
  seq: z.number().int(),
  priority: priorityClass,
  channel: z.enum(['kiosk', 'appointment', 'phone', 'staff']),
  state: z.enum(TICKET_STATES),
  sortKey: z.number(),
  issuedAt: time,
  calledAt: time.nullable(),
  lastCalledAt: time.nullable(),
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  counterId: z.string().nullable(),
  staffNo: z.string().nullable(),
  targetCounterId: z.string().nullable(),
  recalls: z.number().int(),
  requeues: z.number().int(),
  transfers: z.number().int(),
  appointment: z.strictObject({ code: z.string(), slotAt: time }).nullable(),
  cancelReason: z.string().nullable(),
  requestId: z.string().nullable().optional(),
  rating: z
    .strictObject({
      score,
      items: z.strictObject({ efficiency: score.optional(), skill: score.optional(), attitude: score.optional() }).nullable(),
      reasons: z.array(z.string()),
      comment: z.string().nullable(),
      at: time,
      source: z.enum(['pad', 'pad-hardware', 'keypad', 'api']),
    })
    .nullable()
    .optional(),
});
const counterRecord = z.strictObject({
  id: z.string(),
  zone: z.string(),
  state: z.enum(COUNTER_STATES),
  staffNo: z.string().nullable(),
  ticketId: z.string().nullable(),
  pauseReason: z.string().nullable(),
  since: time,
  cycle: z.strictObject({ priority: z.number().int(), normal: z.number().int() }),
});
const eventBase = { seq: z.number().int().min(1), at: time, actor };
/** One event of the log as a manager reads it: a config change carries the config without secrets. */
const loggedEventSchema = z.union([
  z.strictObject({
    ...eventBase,
    type: z.enum(['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished', 'ticket.no-show', 'ticket.requeued', 'ticket.transferred', 'ticket.held', 'ticket.cancelled', 'ticket.rated']),
    ticket: ticketRecord,
    how: z.enum(['next', 'number', 'resume']).optional(),
    from: z.strictObject({ serviceId: z.string(), counterId: z.string().nullable() }).optional(),
  }),
  z.strictObject({
    ...eventBase,
    type: z.literal('counter.state'),
    counter: counterRecord,
    cause: z.enum(['login', 'logout', 'pause', 'resume', 'call', 'start', 'finish', 'skip', 'transfer', 'hold', 'day']),
  }),
  z.strictObject({ ...eventBase, type: z.literal('day.rolled'), from: z.string(), to: z.string(), expired: z.array(z.string()) }),
  // The config as it was then (stored as it was, not read again through today's schema): a section
  // added to the config since is absent from older events, so each section may be missing; none unknown.
  z.strictObject({ ...eventBase, type: z.literal('config.changed'), config: configResponse.partial(), source: z.enum(['file', 'api']) }),
]);
/** GET /api/events: the log after a seq, and the last seq there is. */
export const eventsResponse = z.strictObject({ events: z.array(loggedEventSchema), lastSeq: z.number().int().min(0) });
/** GET /api/tickets/{id}/events. */
export const ticketEventsResponse = z.strictObject({ events: z.array(loggedEventSchema) });

// ---- staff and devices (hub/api/admin-routes.ts) ----

/** POST /api/staff. */
export const newStaffResponse = z.strictObject({ staff: staffOut });
/** POST /api/devices: the token is answered this once; null for a device that does not connect in. */
export const newDeviceResponse = z.strictObject({ device: deviceOut, token: z.string().nullable() });
/** POST /api/devices/{id}/token. */
export const deviceTokenResponse = z.strictObject({ device: deviceOut, token: z.string() });

// ---- the demo's virtual devices (hub/api/virtual-routes.ts) ----

const virtualDevice = z.strictObject({
  id: z.string(),
  kind: z.string(),
  family: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string(),
  view: z.strictObject({
    text: z.array(z.string()),
    image: z.string().optional(),
    units: z.array(z.strictObject({ unit: z.number().int(), counter: z.string().nullable(), text: z.array(z.string()), color: z.string().optional() })).optional(),
    status: z.record(z.string(), z.string()).optional(),
    controls: z.array(z.strictObject({ id: z.string(), label: z.strictObject({ zh: z.string(), en: z.string() }), unit: z.number().int().optional() })).optional(),
    counters: z.record(z.string(), z.number()).optional(),
  }),
});
/** GET /api/virtual. */
export const virtualHallResponse = z.strictObject({ devices: z.array(virtualDevice), skipped: z.array(z.strictObject({ id: z.string(), reason: z.string() })) });
/** POST /api/virtual/{id}/control: the device after it (absent only if it went away meanwhile). */
export const virtualControlResponse = z.strictObject({ device: virtualDevice.optional() });

// ---- ratings follow-ups (hub/ratings/routes.ts) ----

const followup = z.strictObject({
  id: z.number().int().min(1),
  ticketId: z.string(),
  number: z.string(),
  score: z.number().int(),
  reasons: z.array(z.string()),
  reasonNames: z.array(text),
  comment: z.string().nullable(),
  serviceId: z.string(),
  counterId: z.string().nullable(),
  staffNo: z.string().nullable(),
  caseNo: z.string().nullable(),
  openedAt: time,
  openedDay: z.string(),
  dueDay: z.string(),
  warnDay: z.string(),
  rectification: z.string().nullable(),
  callbackResult: z.string().nullable(),
  closedAt: time.nullable(),
  closedBy: z.string().nullable(),
  status: z.enum(['open', 'due-soon', 'overdue', 'closed']),
});
const count = z.number().int().min(0);
const followupCounts = z.strictObject({ open: count, dueSoon: count, overdue: count, closed: count });
/** GET /api/ratings/followups. */
export const followupsResponse = z.strictObject({ today: z.string(), followups: z.array(followup), counts: followupCounts });
/** POST /api/ratings/followups/{id}/close. */
export const followupResponse = z.strictObject({ followup });
const inputCounts = z.strictObject({ ratings: count, ignoredOutsideWindow: count, ignoredWrongCounter: count, failed: count, actions: count, refused: count, unknownKeys: count });
/** GET /api/ratings/summary. */
export const ratingsSummaryResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  outcomes: z.strictObject({ rated: count, notRated: count }),
  followups: followupCounts,
  outbox: z.strictObject({ pending: count, sent: count, failedAttempts: count, oldestPendingAt: time.nullable(), lastError: z.string().nullable(), endpoint: z.string().nullable() }),
  devices: z.record(z.string(), inputCounts),
});

// ---- reports, staffing, alerts (hub/api/reports-routes.ts) ----

const minutes = z.number().nullable();
const share = z.number().min(0).max(1).nullable();
const figures = {
  issued: count,
  served: count,
  noShow: count,
  cancelled: count,
  open: count,
  waited: count,
  avgWaitMin: minutes,
  p90WaitMin: minutes,
  withinTarget: share,
  avgServiceMin: minutes,
  p90ServiceMin: minutes,
  rated: count,
  notRated: count,
  satisfied: count,
  satisfaction: share,
  avgScore: z.number().nullable(),
  scores: z.tuple([count, count, count, count, count]),
};
/** GET /api/reports. */
export const reportResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  by: z.enum(REPORT_GROUPINGS),
  zone: z.string().nullable(),
  rows: z.array(z.strictObject({ ...figures, key: z.string().nullable(), label: text })),
  total: z.strictObject(figures),
  generatedAt: time,
});
/** GET /api/reports/hourly. */
export const hourlyResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  zone: z.string().nullable(),
  days: count,
  hours: z.array(z.strictObject({ hour: z.number().int().min(0).max(23), issued: count, waited: count, avgWaitMin: minutes })),
  generatedAt: time,
});
const staffingService = z.strictObject({
  serviceId: z.string(),
  days: z.array(
    z.strictObject({
      date: z.string(),
      weekday: z.number().int(),
      basedOnDays: count,
      peak: count,
      slots: z.array(z.strictObject({ half: z.number().int().min(0).max(47), arrivalsPerHour: z.number(), serviceMin: z.number(), counters: count, withinTarget: z.number() })),
    }),
  ),
  /** Counters configured for the service, open now, and people waiting now (beside the advice). */
  counters: count,
  countersOpen: count,
  waiting: count,
});
/** GET /api/staffing. */
export const staffingResponse = z.strictObject({
  week: z.string(),
  target: z.strictObject({ share: z.number(), waitMin: z.number() }),
  weeks: count,
  services: z.array(staffingService),
  generatedAt: time,
});
const alert = z.strictObject({
  id: z.string(),
  kind: z.enum(['wait-over-target', 'queue-long', 'counter-idle', 'counter-paused', 'device-down', 'followup-due', 'open-counter', 'backup-failed']),
  severity: z.enum(['warning', 'critical']),
  zone: z.string().nullable(),
  serviceId: z.string().nullable(),
  counterId: z.string().nullable(),
  since: time,
  message: text,
  values: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
/** GET /api/alerts. */
export const alertsResponse = z.strictObject({ at: time, alerts: z.array(alert) });

// ---- printing (hub/api/print-routes.ts) ----

const printJob = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  number: z.string(),
  printerId: z.string(),
  kioskId: z.string().nullable(),
  cause: z.enum(['issue', 'reprint']),
  requestedBy: z.string(),
  state: z.enum(['queued', 'sent', 'done', 'failed']),
  reason: z.string().nullable(),
  createdAt: time,
  sentAt: time.nullable(),
  finishedAt: time.nullable(),
});
/** POST /api/tickets/{id}/reprint. */
export const reprintResponse = z.strictObject({ job: printJob });
/** GET /api/tickets/{id}/print, GET /api/print/jobs. */
export const printJobsResponse = z.strictObject({ jobs: z.array(printJob) });
const printer = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  kiosk: z.string().nullable(),
  address: z.string().nullable(),
  agent: z.string().nullable(),
  health: z.string(),
  reason: healthReasonSchema.nullable(),
  profile: profileOverrideSchema,
});
/** GET /api/print/printers. */
export const printersResponse = z.strictObject({ printers: z.array(printer) });
/** PUT /api/print/printers/{id}/profile: the printer after it. */
export const printerResponse = z.strictObject({ printer: printer.optional() });
/** GET and PUT /api/print/template. */
export const templateResponse = z.strictObject({ template: z.string(), notice: z.string(), custom: z.boolean() });

// ---- names in the document ----

/**
 * Shapes that appear in more than one answer, by the name the document gives them
 * (components.schemas): each is written out once there and referred to wherever it appears.
 */
export const namedShapes: Record<string, z.ZodType> = {
  Ticket: ticketResponse,
  Counter: counterResponse,
  Service: service,
  Refusal: refusal,
  AllowedActions: allowedActionsResponse,
  Principal: principalResponse,
  Config: configResponse,
  LoggedEvent: loggedEventSchema,
  TicketRecord: ticketRecord,
  Staff: staffOut,
  Device: deviceOut,
  VirtualDevice: virtualDevice,
  Followup: followup,
  FollowupCounts: followupCounts,
  PrintJob: printJob,
  Printer: printer,
  DeviceHealth: deviceHealthViewSchema,
};

// ---- what the routes answer is what the schemas allow (compile time) ----

type Allows<Schema extends z.ZodType, Answer> = Answer extends z.output<Schema> ? true : never;
export const routesAnswerTheirSchemas: [
  Allows<typeof ticketResponse, TicketView>,
  Allows<typeof counterResponse, CounterView>,
  Allows<typeof importResponse, ImportResult>,
  Allows<typeof appointment, Appointment>,
  Allows<typeof lockout, Lockout>,
  Allows<typeof auditEntry, AuditEntry>,
  Allows<typeof service, ReturnType<typeof servicesView>[number]>,
  // The engine's refusals, worded (GET /api/counters/{counter}, the counter actions).
  Allows<typeof refusal, Refusal & { message: string }>,
  Allows<typeof allowedActionsResponse, Record<keyof AllowedActions, (Refusal & { message: string }) | null>>,
  Allows<typeof printAnswer, PrintAnswer>,
  // Config and the event log, as visibility.ts redacts them.
  Allows<typeof configResponse, ReturnType<typeof configWithoutSecrets>>,
  Allows<typeof ticketRecord, Ticket>,
  Allows<typeof counterRecord, CounterState>,
  Allows<typeof actor, Actor>,
  Allows<typeof loggedEventSchema, ReturnType<typeof loggedEvent>>,
  Allows<typeof eventsResponse, { events: ReturnType<typeof loggedEvent>[]; lastSeq: number }>,
  Allows<typeof staffOut, ReturnType<typeof staffWithoutSecret>>,
  Allows<typeof deviceOut, ReturnType<typeof deviceWithoutSecret>>,
  Allows<typeof newDeviceResponse, { device: ReturnType<typeof deviceWithoutSecret>; token: string | null }>,
  Allows<typeof virtualHallResponse, { devices: ReturnType<VirtualHall['views']>; skipped: VirtualHall['skipped'][number][] }>,
  Allows<typeof virtualControlResponse, { device: ReturnType<VirtualHall['views']>[number] | undefined }>,
  Allows<typeof followup, Followup>,
  Allows<typeof followupCounts, FollowupCounts>,
  Allows<typeof ratingsSummaryResponse, { from: string; to: string; outcomes: { rated: number; notRated: number }; followups: FollowupCounts; outbox: OutboxStats; devices: Record<string, InputCounts> }>,
  Allows<typeof reportResponse, Report & { generatedAt: number }>,
  Allows<typeof hourlyResponse, Hourly & { generatedAt: number }>,
  // The staffing route adds to each service what is open now (hub/api/reports-routes.ts).
  Allows<typeof staffingResponse, Omit<StaffingAdvice, 'services'> & { services: (ServiceAdvice & { counters: number; countersOpen: number; waiting: number })[]; generatedAt: number }>,
  Allows<typeof alert, Alert>,
  Allows<typeof printJob, PrintJob>,
  Allows<typeof printer, ReturnType<PrintService['printers']>[number]>,
  Allows<typeof templateResponse, { template: PrintService['template']; notice: PrintService['notice']; custom: boolean }>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
