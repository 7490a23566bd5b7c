// Success bodies as zod schemas: the OpenAPI document states them (hub/api/openapi.ts) and the tests hold
// every answer they see to them, strictly (no field the schema does not name). Each schema is tied to
// the type of what the route really answers (the views in hub/views.ts, the routes' own objects) by the
// compile-time checks at the end: a route that starts answering something its schema does not allow
// does not type-check, and a field added to a view without its schema fails the contract tests.
import { z } from 'zod';
import { counterViewSchema, deviceHealthViewSchema, liveViewSchema, serviceViewSchema, ticketViewSchema } from '../../shared/wire.js';
import { deviceKind, priorityClass } from '../config/schema.js';
import type { CounterView, TicketView, servicesView } from '../views.js';
import type { Appointment, ImportResult } from '../appointments/appointments.js';
import type { AuditEntry } from '../security/audit.js';
import type { Lockout } from '../auth/lockouts.js';

const text = z.strictObject({ zh: z.string(), en: z.string().optional() });
const time = z.number().int();

export const ticketState = z.enum(['waiting', 'called', 'serving', 'held', 'no-show', 'done', 'cancelled']);

/** A ticket as the API answers it (`id` the screen key for a device: hub/access/visibility.ts). The terminals'
 * wire contract (shared/wire.ts) is the one definition of a ticket, a counter and a service. */
export const ticketResponse = ticketViewSchema;

/** POST /api/tickets: the ticket, and for a kiosk with a printer how its printing went (hub/print). */
export const issuedTicketResponse = ticketResponse.extend({ print: z.record(z.string(), z.unknown()).optional() });

export const counterResponse = counterViewSchema;

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
