// Success bodies as zod schemas: the OpenAPI document states them (hub/api/openapi.ts) and the tests hold
// every answer they see to them, strictly (no field the schema does not name). Each schema is tied to
// the type of what the route really answers (the views in hub/views.ts, the routes' own objects) by the
// compile-time checks at the end: a route that starts answering something its schema does not allow
// does not type-check, and a field added to a view without its schema fails the contract tests.
import { z } from 'zod';
import { deviceKind, priorityClass } from '../config/schema.js';
import type { CounterView, TicketView, servicesView } from '../views.js';
import type { Appointment, ImportResult } from '../appointments/appointments.js';
import type { AuditEntry } from '../security/audit.js';
import type { Lockout } from '../auth/lockouts.js';

const text = z.strictObject({ zh: z.string(), en: z.string().optional() });
const time = z.number().int();

export const ticketState = z.enum(['waiting', 'called', 'serving', 'held', 'no-show', 'done', 'cancelled']);

/** A ticket as the API answers it (`id` the screen key for a device: hub/access/visibility.ts). */
export const ticketResponse = z.strictObject({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: text,
  zone: z.string(),
  businessDay: z.string(),
  state: ticketState,
  priority: priorityClass,
  channel: z.string(),
  ahead: z.number().int().min(0),
  estimatedWaitMin: z.number().nullable(),
  countersOpen: z.number().int().min(0).nullable(),
  waitReason: z.string().nullable(),
  counterId: z.string().nullable(),
  counterName: text.nullable(),
  issuedAt: time,
  calledAt: time.nullable(),
  lastCalledAt: time.nullable(),
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  recalls: z.number().int().min(0),
  requeues: z.number().int().min(0),
  transfers: z.number().int().min(0),
  appointmentAt: time.nullable(),
  cancelReason: z.string().nullable(),
  rating: z.strictObject({ score: z.number().int().min(1).max(5), at: time }).nullable(),
});

/** POST /api/tickets: the ticket, and for a kiosk with a printer how its printing went (hub/print). */
export const issuedTicketResponse = ticketResponse.extend({ print: z.record(z.string(), z.unknown()).optional() });

export const counterResponse = z.strictObject({
  id: z.string(),
  name: text.nullable(),
  zone: z.string(),
  state: z.enum(['closed', 'idle', 'calling', 'serving', 'paused']),
  since: time,
  pauseReason: z.string().nullable(),
  staff: z.strictObject({ no: z.string(), name: z.string(), photo: z.string().nullable() }).nullable(),
  today: z.strictObject({ served: z.number().int(), rated: z.number().int(), satisfied: z.number().int() }).nullable(),
  services: z.array(z.strictObject({ service: z.string(), rank: z.number().int() })),
  ticket: z
    .strictObject({
      id: z.string(),
      number: z.string(),
      serviceId: z.string(),
      state: ticketState,
      calledAt: time.nullable(),
      lastCalledAt: time.nullable(),
      startedAt: time.nullable(),
      recalls: z.number().int(),
    })
    .nullable(),
});

/** What each counter action may do now: null where allowed, else the engine's refusal (hub/engine/allowed-actions.ts). */
const refusal = z.strictObject({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])), message: z.string() });
export const allowedActionsResponse = z.record(z.string(), refusal.nullable());

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

const service = z.strictObject({
  id: z.string(),
  prefix: z.string(),
  name: text,
  department: z.string(),
  zone: z.string(),
  note: text.nullable(),
  targetWaitMin: z.number(),
  dailyQuota: z.number().int().nullable(),
  waiting: z.number().int().min(0),
  longestWaitMin: z.number(),
  estimatedWaitMin: z.number().nullable(),
  countersOpen: z.number().int().min(0),
  waitReason: z.string().nullable(),
  counters: z.array(z.string()),
  availability: z.union([
    z.strictObject({ open: z.literal(true), remaining: z.number().int().nullable() }),
    z.strictObject({
      open: z.literal(false),
      code: z.enum(['SERVICE_DISABLED', 'SERVICE_CLOSED', 'LUNCH_BREAK', 'ISSUING_STOPPED', 'QUOTA_REACHED']),
      until: z.string().nullable(),
      remaining: z.number().int().nullable(),
    }),
  ]),
});
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
] = [true, true, true, true, true, true, true];
