// The wire contract between the hub and its terminals (kiosk, counter console, boards, pads, dashboard,
// the citizen's phone): the payloads of the socket's `hello`, `snapshot` and `counter.desk` and of GET /api/live, as zod
// schemas with their types. hub/views.ts builds them (typed by these, so a field the contract does not
// declare does not compile); ui/live.ts reads them; tests/integration/wire-contract.test.ts checks
// real snapshots of a running hub against the schemas. A change a terminal of the previous build cannot
// read raises WIRE_VERSION: a terminal that meets a hub of another version reloads its page.
import { z } from 'zod';
import type { HealthReason } from '../devices/health-reason.js';
import { COUNTER_ACTIONS, type CounterAction } from '../hub/engine/allowed-actions.js';
import { ENGINE_ERROR_CODES } from '../hub/engine/errors.js';

export { WIRE_VERSION } from './wire-version.js';

const text = z.object({ zh: z.string(), en: z.string().optional() });
const ms = z.number();
const msOrNull = z.number().nullable();

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no-show', 'held', 'cancelled'] as const;
export const COUNTER_STATES = ['closed', 'idle', 'calling', 'serving', 'paused'] as const;

/** A ticket as the API answers it and a citizen's phone follows it. */
export const ticketViewSchema = z.strictObject({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: text,
  zone: z.string(),
  businessDay: z.string(),
  state: z.enum(TICKET_STATES),
  priority: z.enum(['normal', 'green', 'appointment', 'vip']),
  channel: z.enum(['kiosk', 'appointment', 'phone', 'staff']),
  /** People ahead (waiting tickets only; 0 otherwise). */
  ahead: z.number().int(),
  /** Minutes; null with countersOpen 0 and waitReason NO_COUNTER_OPEN. */
  estimatedWaitMin: z.number().nullable(),
  countersOpen: z.number().int().nullable(),
  waitReason: z.literal('NO_COUNTER_OPEN').nullable(),
  counterId: z.string().nullable(),
  counterName: text.nullable(),
  issuedAt: ms,
  calledAt: msOrNull,
  lastCalledAt: msOrNull,
  startedAt: msOrNull,
  finishedAt: msOrNull,
  recalls: z.number().int(),
  requeues: z.number().int(),
  transfers: z.number().int(),
  appointmentAt: msOrNull,
  cancelReason: z.string().nullable(),
  rating: z.strictObject({ score: z.number().int(), at: ms }).nullable(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

const availabilitySchema = z.union([
  z.strictObject({ open: z.literal(true), remaining: z.number().int().nullable() }),
  z.strictObject({
    open: z.literal(false),
    code: z.enum(['SERVICE_DISABLED', 'SERVICE_CLOSED', 'LUNCH_BREAK', 'ISSUING_STOPPED', 'QUOTA_REACHED']),
    until: z.string().nullable(),
    remaining: z.number().int().nullable(),
  }),
]);

/** A service with its queue as it stands. */
export const serviceViewSchema = z.strictObject({
  id: z.string(),
  prefix: z.string(),
  name: text,
  department: z.string(),
  departmentEn: z.string().nullable(),
  zone: z.string(),
  note: text.nullable(),
  targetWaitMin: z.number(),
  dailyQuota: z.number().int().nullable(),
  waiting: z.number().int(),
  longestWaitMin: z.number(),
  estimatedWaitMin: z.number().nullable(),
  countersOpen: z.number().int(),
  waitReason: z.literal('NO_COUNTER_OPEN').nullable(),
  /** The counters that serve it (ids). */
  counters: z.array(z.string()),
  availability: availabilitySchema,
});
export type ServiceView = z.infer<typeof serviceViewSchema>;

/** The ticket a counter has in hand (a device sees an opaque ref as its id). */
const counterTicketSchema = z.strictObject({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  state: z.enum(TICKET_STATES),
  calledAt: msOrNull,
  lastCalledAt: msOrNull,
  startedAt: msOrNull,
  recalls: z.number().int(),
});

export const counterViewSchema = z.strictObject({
  id: z.string(),
  name: text.nullable(),
  zone: z.string(),
  state: z.enum(COUNTER_STATES),
  since: ms,
  pauseReason: z.string().nullable(),
  /** Who serves here (亮身份: shown to the public at the counter by rule). */
  staff: z.strictObject({ no: z.string(), name: z.string(), photo: z.string().nullable() }).nullable(),
  /** The logged-in staff member's day so far. */
  today: z.strictObject({ served: z.number().int(), rated: z.number().int(), satisfied: z.number().int() }).nullable(),
  services: z.array(z.strictObject({ service: z.string(), rank: z.number() })),
  ticket: counterTicketSchema.nullable(),
});
export type CounterView = z.infer<typeof counterViewSchema>;

/** A refusal of a counter action (hub/engine/allowed-actions.ts): the engine's code and parameters, worded in both languages. */
export const pushedRefusalSchema = z.strictObject({
  code: z.enum(ENGINE_ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  message: z.strictObject({ zh: z.string(), en: z.string() }),
});
export type PushedRefusal = z.infer<typeof pushedRefusalSchema>;

/**
 * `counter.desk`, pushed to the staff at one counter only (its room) after each batch that changed it,
 * on connect and on resync: the counter together with what it may do now and where its ticket may be
 * transferred, so the console never shows a ticket whose actions it does not know yet.
 */
export const counterDeskSchema = z.strictObject({
  /** The last event the desk includes. */
  seq: z.number().int(),
  counterId: z.string(),
  view: counterViewSchema,
  /** Every counter action: null where allowed, else why not. */
  allowed: z.strictObject(Object.fromEntries(COUNTER_ACTIONS.map((a) => [a, pushedRefusalSchema.nullable()])) as Record<CounterAction, z.ZodNullable<typeof pushedRefusalSchema>>),
  /** Open counters (not this one) the ticket in hand may go to, with the services each serves; [] with nothing in hand. */
  transferCounters: z.array(z.strictObject({ id: z.string(), services: z.array(z.string()) })),
});
export type CounterDesk = z.infer<typeof counterDeskSchema>;

export const recentCallSchema = z.strictObject({
  ticketId: z.string(),
  number: z.string(),
  counterId: z.string(),
  zone: z.string(),
  at: ms,
  state: z.enum(TICKET_STATES),
});
export type RecentCall = z.infer<typeof recentCallSchema>;

/**
 * Why a device is offline or degraded: a code with parameters (devices/health-reason.ts owns the codes
 * and their words). One shape for the wire and for what an agent reports (devices/agent-protocol.ts).
 */
export const healthReasonSchema = z.object({
  code: z.string().min(1).max(40),
  params: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.array(z.number()).max(256)])).optional(),
});

/**
 * A device's health, managers only (other audiences get []). Open-ended on purpose: the device layer
 * adds to it (link counters, reason codes) without a terminal needing to know.
 */
export const deviceHealthViewSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  zone: z.string().nullable(),
  counterId: z.string().nullable(),
  state: z.enum(['online', 'degraded', 'offline', 'unknown']),
  /** Why it is offline or degraded: a code with parameters, worded where shown (devices/health-reason.ts owns the codes). */
  reason: (healthReasonSchema as unknown as z.ZodType<HealthReason>).nullable(),
  since: ms,
  seen: z.boolean(),
  via: z.enum(['socket', 'link', 'agent']).nullable(),
  stats: z.record(z.string(), z.number()).nullable(),
});

export const noticeViewSchema = z.strictObject({ id: z.string(), text: text, zones: z.array(z.string()) });

/** Everything a terminal needs to draw the hall: sent on connect, on a seq gap, and by GET /api/live. */
export const liveViewSchema = z.strictObject({
  /** WIRE_VERSION of the hub that sent it. */
  wire: z.number().int(),
  seq: z.number().int(),
  at: ms,
  businessDay: z.string(),
  hall: z.strictObject({ id: z.string(), name: text, demo: z.boolean(), timezone: z.string() }),
  zones: z.array(z.strictObject({ id: z.string(), name: text })),
  priorityClasses: z.array(z.strictObject({ id: z.enum(['normal', 'green', 'appointment', 'vip']), name: text, description: text.optional(), enabled: z.boolean() })),
  ratingReasons: z.array(z.strictObject({ id: z.string(), name: text })),
  ratingWindowMin: z.number(),
  /** Rules terminals show (the console its recall limit); what a counter may do now comes from the hub (hub/engine/allowed-actions.ts). */
  rules: z.strictObject({ maxRecalls: z.number().int(), callNextFinishesServing: z.boolean(), ratingWindowMin: z.number() }),
  services: z.array(serviceViewSchema),
  counters: z.array(counterViewSchema),
  recentCalls: z.array(recentCallSchema),
  devices: z.array(deviceHealthViewSchema),
  notices: z.array(noticeViewSchema),
  /** Every enabled notice joined, for a board without a zone; null when there is none. */
  notice: z.strictObject({ zh: z.string(), en: z.string() }).nullable(),
});
export type LiveView = z.infer<typeof liveViewSchema>;

/** Who the hub says a terminal is, first thing on connect. */
export const helloSchema = z.strictObject({
  wire: z.number().int(),
  principal: z.union([
    z.strictObject({ kind: z.literal('device'), deviceId: z.string(), deviceKind: z.string(), zone: z.string().nullable(), counterId: z.string().nullable() }),
    z.strictObject({ kind: z.enum(['staff', 'manager', 'citizen']), counterId: z.string().nullable() }),
  ]),
});
export type Hello = z.infer<typeof helloSchema>;
