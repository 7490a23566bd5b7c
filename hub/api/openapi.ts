// The OpenAPI 3.1 document served at /api/openapi.json: the contract the hub enforces. Request bodies,
// path parameters and queries come from the same zod schemas the handlers validate with (patterns,
// limits, enums); success bodies from the strict response schemas of hub/api/responses.ts, each tied at
// compile time to what its route answers. Every operation lists every status it answers: those every
// request may meet (400, 413, 415 from the body parser; 503 while the hub starts), those its traits
// bring (a token: 401, 403; parameters: 400, 404) and those of its own (404, 409, 429).
// tests/api/openapi.test.ts checks it against the routers themselves, every response the API tests
// see, and requests generated from it (tests/security/contract.property.test.ts);
// tests/api/openapi-starting.test.ts what a starting hub answers.
import { z } from 'zod';
import { hallConfigSchema } from '../config/schema.js';
import * as s from './request-schemas.js';
import * as res from './responses.js';
import * as rs from '../ratings/routes.js';
import { jobsQuery, previewBody, previewQuery, printerIdParam, printerProfileBody, reprintBody, templateBody } from './print-routes.js';
import { virtualControlBody, virtualIdParam } from './virtual-routes.js';
import { IMPORT_MEDIA_TYPES, appointmentsQuery } from './appointment-routes.js';
import { JSON_TYPES } from '../security/body.js';
import { appointmentsBody } from '../appointments/appointments.js';
import { exportQuery, hourlyQuery, reportQuery } from '../reports/query.js';
import { staffingQuery } from './reports-routes.js';
import { auditQuery, lockoutKeyParam } from '../security/routes.js';

/** A zod schema as JSON Schema (what it takes in), without the root's $schema (it sits inside the document). */
function json(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable code to switch on, e.g. SERVICE_CLOSED, TICKET_IN_HAND, BAD_INPUT' },
        message: { type: 'string', description: 'Human message: Chinese, or English with Accept-Language: en' },
        params: { type: 'object', description: 'Values the message was filled with (service, counter, number, until…)' },
      },
    },
  },
};

const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
/**
 * A body described in words only. Left for the document itself: its schema would be the OpenAPI 3.1
 * meta-schema (the published one, not ours to restate), and the document is checked as a document by
 * tests/api/openapi.test.ts.
 */
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
/**
 * The success bodies' schemas by name (hub/api/responses.ts): each answer schema (an export named
 * …Response, named without it) and the shapes answers share. The document writes each once, in
 * components.schemas, and answers refer to it.
 */
const NAMED = new Map<z.ZodType, string>([
  ...Object.entries(res)
    .filter(([name, v]) => name.endsWith('Response') && v instanceof z.ZodType)
    .map(([name, v]) => [v as z.ZodType, name[0]!.toUpperCase() + name.slice(1)] as const),
  // A shared shape's own name wins where it is also an answer (ticketResponse is the Ticket).
  ...Object.entries(res.namedShapes).map(([name, v]) => [v, name] as const),
]);
const componentRef = (id: string) => `#/components/schemas/${id}`;
/** A success body, by a reference to its schema. */
function answer(description: string, schema: z.ZodType) {
  const id = NAMED.get(schema);
  if (!id) throw new Error(`openapi: an answer schema not exported from responses.ts (${description})`);
  return { description, content: { 'application/json': { schema: { $ref: componentRef(id) } } } };
}
/** Every named schema as JSON Schema, shared shapes referred to by name. */
function answerSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: componentRef });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}
const csvBody = { schema: { type: 'string', description: 'A header row (code,service,slot,name or 预约码,业务,预约时间,姓名), one appointment a line' } };
/** Non-JSON bodies a route may declare, as the document describes them. */
const otherBodies: Record<string, { schema: Record<string, unknown> }> = { 'text/csv': csvBody, 'application/csv': csvBody };
/** The request body in each media type the route takes (JSON unless it declares others: hub/security/body.ts). */
const body = (schema: z.ZodType, mediaTypes: readonly string[] = JSON_TYPES) => ({
  required: true,
  content: Object.fromEntries(
    mediaTypes
      .filter((t) => t !== 'application/*+json')
      .map((t) => {
        if (t === 'application/json') return [t, { schema: json(schema) }];
        const other = otherBodies[t];
        if (!other) throw new Error(`openapi: no description of a ${t} body`);
        return [t, other];
      }),
  ),
});

/**
 * Every status an operation answers: its own, and those its traits bring. Any request's body can be
 * malformed (400 BAD_JSON, BAD_INPUT), too large (413) or not JSON (415); a token can be missing or
 * unknown (401) or not the right one (403); parameters can be invalid (400); a starting hub answers 503.
 */
function answers(path: string, op: Op): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // The hub listens before today's tickets are loaded and answers everything but its health 503 until
  // then (hub/api/starting.ts).
  if (path !== '/api/health') out['503'] = err('HUB_STARTING: the hub is loading today\'s tickets; retry after the Retry-After header (1 s)');
  // Any request may carry a body, and every /api request's body is parsed before its route runs.
  out['400'] = err('BAD_JSON: a body that does not parse; BAD_INPUT: a field, parameter or query that is not valid (named in params.detail)');
  out['413'] = err('PAYLOAD_TOO_LARGE');
  // A path parameter names something: it may not exist.
  if (op.params) out['404'] = err('The ticket, counter, staff member or device named in the path does not exist (TICKET_UNKNOWN, COUNTER_UNKNOWN…)');
  if (op.auth) {
    out['401'] = err('UNAUTHENTICATED, SESSION_ENDED: no token, an unknown one, or a session that ended');
    out['403'] = err('FORBIDDEN: not for this principal; DEMO_CREDENTIAL: a demo token or password outside the demo hall');
  }
  // …and a body of a type the route does not take is refused there too, a GET's or DELETE's included
  // (hub/security/body.ts): JSON unless the route declares others.
  out['415'] = err(`UNSUPPORTED_MEDIA_TYPE: a body that is not ${(op.mediaTypes ?? JSON_TYPES).join(', ')}`);
  return Object.fromEntries(Object.entries({ ...out, ...op.responses }).sort(([a], [b]) => a.localeCompare(b)));
}
const bearer = [{ bearer: [] }];

type Op = {
  summary: string;
  description?: string;
  /** Needs a bearer token: answers 401 without one and 403 to a principal it is not for (or a demo token outside the demo). */
  auth?: boolean;
  /** The JSON body, validated by this schema. */
  body?: z.ZodType;
  /** The media types the route declares (hub/security/body.ts, accepts()); JSON when it declares none. */
  mediaTypes?: readonly string[];
  /** Path parameters, each validated by its schema. */
  params?: Record<string, z.ZodType>;
  /** The query, validated by this object schema (each property a parameter). */
  query?: z.ZodType;
  responses: Record<string, unknown>;
};

const today = () => '2026-01-01';
const managerOnly = { '400': err('BAD_INPUT: a bad date, a reversed or too long range, an unknown grouping'), '401': err('No or bad token'), '403': err('Not a manager') };
const ticketId = { id: s.ticketIdParam };
const counter = { counter: s.counterParam };

const counterActions: Record<s.CounterAction, [string, z.ZodType]> = {
  call: ['Call the next ticket by the ordering policy; `ticket` is null when nobody waits', s.emptyBody],
  recall: ['Call the ticket in hand again (capped by rules.maxRecalls)', s.emptyBody],
  skip: ['The called citizen did not come: the ticket becomes a no-show', s.emptyBody],
  start: ['The citizen arrived: service starts', s.emptyBody],
  finish: ['Service done', s.emptyBody],
  hold: ['Set the ticket in hand aside (挂起), e.g. while the citizen fetches a document', s.emptyBody],
  'resume-held': ['Take a held ticket back in hand', s.resumeHeldBody],
  transfer: ['Send the ticket in hand to another service and/or counter, keeping its number', s.transferBody],
  'call-number': ['Call a chosen waiting or no-show number (特呼)', s.callNumberBody],
  pause: ['Pause the counter with a reason (暂停服务)', s.pauseBody],
  resume: ['End the pause', s.emptyBody],
};

export function openApiDocument() {
  const paths: Record<string, Record<string, Op>> = {
    '/api/health': { get: { summary: 'Liveness, hall id, business day and the last event seq; upstream: shipping to the city central (state, connected, backlog, lastShippedSeq, lastContactAt, lagSeconds, lastErrorCode), null without a central', responses: { '200': answer('Healthy; or, while the hub loads today\'s tickets, {status: "starting", hall}', res.healthOrStartingResponse) } } },
    '/api/openapi.json': { get: { summary: 'This document (OpenAPI 3.1)', responses: { '200': ok('The OpenAPI document') } } },
    '/api/services': { get: { summary: 'Services with waiting counts, estimated wait and whether they issue tickets now', responses: { '200': answer('{services}', res.servicesResponse) } } },
    '/api/live': { get: { summary: 'Snapshot of the hall: per-service queues, per-counter state, recent calls, the enabled notices (`notices`, and `notice`: their texts joined for the scrolling line of the boards), and the seq it reflects', auth: true, responses: { '200': answer('Live view (the terminals\' wire contract, shared/wire.ts)', res.liveResponse), '401': err('No or bad token') } } },
    '/api/events': {
      get: {
        summary: 'The event log (电子监察) after a seq, with actors, rating comments and booking codes (manager). Terminals resync over their socket.',
        auth: true,
        query: s.eventsQuery,
        responses: { '200': answer('Events in seq order, with the last seq there is', res.eventsResponse), '401': err('No or bad token'), '403': err('Not allowed') },
      },
    },
    '/api/devices/health': {
      get: {
        summary: 'Health of every configured device: online, offline or degraded with a reason and since when (manager)',
        description: 'Terminals (kiosk, display, pad pages) and agents report through their own socket (`via: socket`); devices the hub drives through the supervisor\'s links (`via: link`, with the link counters in `stats`); devices on an agent\'s PC through the agent (`via: agent`; offline with reason `{code: "AGENT_OFFLINE"}` while the agent is not connected). A reason is a code with parameters, `{code, params?}` (codes and their zh-CN/en words: devices/health-reason.ts; `params.detail` is the underlying error in English). Pushed to managers as `device.health`.',
        auth: true,
        responses: { '200': answer('{devices}', res.devicesHealthResponse), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') },
      },
    },
    '/api/virtual': {
      get: {
        summary: "The demo hall's virtual devices: what each simulator shows or printed, its status and controls (demo hall only)",
        description: 'Present only while the demo hall runs its virtual devices (hub/device-supervision/virtual-hall.ts); elsewhere 404 NOT_FOUND. The page /virtual shows it. A manager session, or the token of one of the virtual devices (demo-virtual-<id>).',
        auth: true,
        responses: { '200': answer('{devices: [{id, kind, family, name, address, view}], skipped: [{id, reason}]}', res.virtualHallResponse), '404': err('NOT_FOUND') },
      },
    },
    '/api/virtual/{id}/control': {
      post: {
        summary: 'Press a key of a virtual device or set its state (a level on a virtual pad, paper out on the virtual printer; demo hall only)',
        description: "That device's own token (demo-virtual-<id>: a virtual device presses only its own controls) or a manager session; a virtual keypad's or pad's action is logged as that device's.",
        auth: true,
        params: { id: virtualIdParam },
        body: virtualControlBody,
        responses: {
          '200': answer('{device}: the device after the control', res.virtualControlResponse),
          '400': err('BAD_INPUT'),
          '404': err('VIRTUAL_DEVICE_UNKNOWN'),
          '409': err('VIRTUAL_CONTROL_FAILED'),
        },
      },
    },
    '/api/appointments': {
      post: {
        summary: "Appointments from the hall's booking system (预约): code, service, local slot, masked name. A manager or the booking system's device token (kind booking).",
        description: 'All or none: a bad row refuses the lot (400 naming it). A code already known is replaced (a rescheduled slot), unless it was checked in (listed in `used`).',
        auth: true,
        body: appointmentsBody,
        responses: { '201': answer('{added, updated, used: [code]}', res.importResponse) },
      },
      get: {
        summary: "A day's appointments in slot order, with whether and when each was checked in and its ticket (manager)",
        auth: true,
        query: appointmentsQuery,
        responses: { '200': answer('{date, appointments}', res.appointmentsResponse) },
      },
    },
    '/api/appointments/import': {
      post: {
        summary: "Import the booking system's export: CSV (text/csv, UTF-8, BOM allowed, header code,service,slot,name or 预约码,业务,预约时间,姓名) or the same rows as JSON",
        auth: true,
        body: appointmentsBody,
        mediaTypes: IMPORT_MEDIA_TYPES,
        responses: { '201': answer('{added, updated, used: [code]}', res.importResponse) },
      },
    },
    '/api/tickets': {
      post: {
        summary: 'Issue a ticket (kiosk device token, staff or manager)',
        auth: true,
        body: s.issueTicketBody,
        responses: {
          '201': answer('The ticket: id, number, ahead, estimatedWaitMin…, and `print` for a kiosk with a printer', res.issuedTicketResponse),
          '200': answer('The ticket the same requestId issued before (a retried press), not a second one', res.issuedTicketResponse),
          '400': err('Bad input'),
          '404': err('SERVICE_UNKNOWN; APPOINTMENT_UNKNOWN: a check-in code the booking system never sent'),
          '409': err('SERVICE_CLOSED, LUNCH_BREAK, ISSUING_STOPPED, QUOTA_REACHED, SERVICE_DISABLED; APPOINTMENT_USED, APPOINTMENT_WRONG_SERVICE, APPOINTMENT_NOT_TODAY, APPOINTMENT_TOO_EARLY, APPOINTMENT_TOO_LATE'),
        },
      },
    },
    '/api/tickets/{id}': { get: { summary: "A ticket by its unguessable id (the citizen's tracking link)", params: ticketId, responses: { '200': answer('Ticket', res.ticketResponse), '404': err('TICKET_UNKNOWN') } } },
    '/api/tickets/{id}/events': { get: { summary: "A ticket's events (manager)", auth: true, params: ticketId, responses: { '200': answer('{events}: the ticket\'s events in seq order', res.ticketEventsResponse) } } },
    '/api/tickets/{id}/requeue': {
      post: { summary: 'A returning no-show goes rules.requeueBack places back (过号顺延)', auth: true, params: ticketId, body: s.emptyBody, responses: { '200': answer('{ticket}', res.ticketWrapResponse), '404': err('TICKET_UNKNOWN'), '409': err('TICKET_STATE, REQUEUE_LIMIT') } },
    },
    '/api/tickets/{id}/cancel': { post: { summary: 'Cancel a waiting, held or no-show ticket', auth: true, params: ticketId, body: s.cancelBody, responses: { '200': answer('{ticket}', res.ticketWrapResponse), '404': err('TICKET_UNKNOWN'), '409': err('TICKET_STATE') } } },
    '/api/ratings': {
      post: {
        summary: "The citizen's rating of a finished ticket (好差评), from the pad of the counter that served it",
        description: 'One per ticket: the same rating again answers 200 and changes nothing; a different one 409 ALREADY_RATED. Within rules.ratingWindowMin of the finish.',
        auth: true,
        body: s.ratingBody,
        responses: {
          '201': answer('{ticket} with its rating (under its screen key for a pad)', res.ticketWrapResponse),
          '200': answer('Already rated exactly so', res.ticketWrapResponse),
          '400': err('BAD_INPUT, REASON_REQUIRED, REASON_UNKNOWN'),
          '403': err('Not a pad, or not the pad of the counter that served the ticket'),
          '404': err('TICKET_UNKNOWN'),
          '409': err('TICKET_STATE, ALREADY_RATED, RATING_WINDOW_CLOSED'),
        },
      },
    },
    '/api/ratings/requests': {
      post: {
        summary: "A counter's business system asks for a rating with its case number (办件编号): the counter's pads ask the citizen, and the rating carries the case number upstream",
        description: 'Give ticketId, or counterId for the ticket last finished there. Staff of that counter or a manager. The ticket must be finished, not rated, within rules.ratingWindowMin.',
        auth: true,
        body: rs.ratingRequestBody,
        responses: {
          '201': answer('{request: {ticketId, number, counterId, caseNo, prompted}} (prompted: hardware pads told)', res.ratingRequestResponse),
          '400': err('BAD_INPUT'),
          '403': err('Not staff or manager, or WRONG_COUNTER'),
          '404': err('TICKET_UNKNOWN, COUNTER_UNKNOWN, NOTHING_TO_RATE'),
          '409': err('TICKET_STATE, ALREADY_RATED, RATING_WINDOW_CLOSED'),
        },
      },
    },
    '/api/ratings/followups': {
      get: {
        summary: 'Follow-up cases of 不满意 / 非常不满意 ratings (差评整改, manager): due 15 working days after the rating, warned the working day before',
        auth: true,
        query: rs.followupsQuery,
        responses: { '200': answer('{today, followups, counts: {open, dueSoon, overdue, closed}}', res.followupsResponse), ...managerOnly },
      },
    },
    '/api/ratings/followups/{id}/close': {
      post: {
        summary: "Close a follow-up case with the manager's rectification note and the citizen's call-back result (manager)",
        auth: true,
        params: { id: rs.followupIdParam },
        body: rs.closeFollowupBody,
        responses: { '200': answer('{followup}', res.followupResponse), ...managerOnly, '404': err('FOLLOWUP_UNKNOWN'), '409': err('FOLLOWUP_CLOSED') },
      },
    },
    '/api/ratings/summary': {
      get: {
        summary: 'Ratings over business days (manager): rated and not rated, follow-up counts (overdue…), the provincial upload outbox, and hardware pads\' and keypads\' input counts (presses outside a rating window, refused keys)',
        auth: true,
        query: rs.summaryQuery,
        responses: { '200': answer('{from, to, outcomes: {rated, notRated}, followups, outbox, devices}', res.ratingsSummaryResponse), ...managerOnly },
      },
    },
    '/api/sessions': {
      post: {
        summary: 'Log in: staff at a counter {staffNo, pin, counter}, or a manager {username, password}. Rate-limited.',
        body: s.loginBody,
        responses: { '201': answer('{token, expiresAt, principal, counter}', res.sessionResponse), '401': err('BAD_CREDENTIALS'), '403': err('DEMO_CREDENTIAL'), '409': err('COUNTER_OCCUPIED, STAFF_BUSY_ELSEWHERE'), '429': err('TOO_MANY_ATTEMPTS') },
      },
    },
    '/api/sessions/current': {
      get: { summary: 'Who the token belongs to', auth: true, responses: { '200': answer('{principal}', res.currentSessionResponse) } },
      delete: { summary: 'Log out (a staff logout closes the counter)', auth: true, responses: { '204': { description: 'Logged out' }, '409': err('COUNTER_BUSY') } },
    },
    '/api/counters/{counter}': { get: { summary: 'A counter with its ticket in hand, what it may do now (allowed: each action with null or its refusal code), the counters a transfer may go to, its waiting list in call order, held and no-show tickets', auth: true, params: counter, responses: { '200': answer('The counter with what it may do, its waiting list in call order, held and no-show tickets', res.counterDetailResponse) } } },
    '/api/config': {
      get: { summary: 'The hall config without secrets (manager)', auth: true, responses: { '200': answer('The config without secrets: no pinHash, passwordHash, device token or tokenSha256, the central without its token', res.configResponse) } },
      put: {
        summary: 'Replace the hall config (manager); secrets left out are kept. Recorded as a config.changed event.',
        auth: true,
        body: hallConfigSchema,
        responses: { '200': answer('The new config, without secrets', res.configResponse), '400': err('BAD_INPUT'), '409': err('CONFIG_CONFLICT') },
      },
    },
    // Staff and devices (hub/api/admin-routes.ts): the hub makes or hashes the secret itself.
    '/api/staff': {
      post: {
        summary: 'Add a staff member with a PIN (manager); the hub keeps only its scrypt hash. Recorded as a config.changed event.',
        description: 'The PIN is 4–12 digits; 1234 is refused outside the demo hall. The new config is validated like PUT /api/config: a staff number already taken or an unknown backup is 400 BAD_INPUT naming the path (staff.N.no…).',
        auth: true,
        body: s.newStaffBody,
        responses: {
          '201': answer('{staff: {no, name, photo?, backup?}}, without the hash', res.newStaffResponse),
          '400': err('BAD_INPUT: a bad number, name or PIN, a duplicate staff number, an unknown backup'),
          '401': err('No or bad token'),
          '403': err('Not a manager, or DEMO_CREDENTIAL (PIN 1234 outside the demo hall)'),
        },
      },
    },
    '/api/staff/{no}/pin': {
      post: {
        summary: "Set a staff member's PIN (manager), e.g. when it is forgotten; the old PIN stops working at once. Recorded as a config.changed event.",
        description: 'The PIN is 4–12 digits; 1234 is refused outside the demo hall. Sessions already open stay open.',
        auth: true,
        params: { no: s.staffNoParam },
        body: s.pinBody,
        responses: {
          '204': { description: 'Set' },
          '400': err('BAD_INPUT: not a PIN of 4–12 digits'),
          '401': err('No or bad token'),
          '403': err('Not a manager, or DEMO_CREDENTIAL (PIN 1234 outside the demo hall)'),
          '404': err('STAFF_UNKNOWN'),
        },
      },
    },
    '/api/devices': {
      post: {
        summary: 'Register a device (manager). For a kiosk, display, pad, keypad or agent the hub makes its token, answered this once; only its sha256 is kept.',
        description: 'Printers, LED boards, and pads or keypads with an `address` do not connect in: `token` is null. `agent` names the agent (a device of kind agent) that drives the device on its PC. Validated like PUT /api/config: a device id already taken, an unknown zone or counter, a pad or keypad without a counter is 400 BAD_INPUT naming the path (devices.N.zone…). Name, zone and counter are edited, and devices removed, with PUT /api/config.',
        auth: true,
        body: s.newDeviceBody,
        responses: {
          '201': answer('{device, token: string | null}: the device without its token hash; the token this once', res.newDeviceResponse),
          '400': err('BAD_INPUT'),
          '401': err('No or bad token'),
          '403': err('Not a manager'),
        },
      },
    },
    '/api/devices/{id}/token': {
      post: {
        summary: "Replace a device's token (manager): the new token is answered this once and the old one stops working at once (its sockets are dropped).",
        auth: true,
        params: { id: s.deviceIdParam },
        body: s.emptyBody,
        responses: {
          '200': answer('{device, token}: the new token this once', res.deviceTokenResponse),
          '400': err('BAD_INPUT'),
          '401': err('No or bad token'),
          '403': err('Not a manager'),
          '404': err('DEVICE_UNKNOWN'),
          '409': err('DEVICE_NO_TOKEN: a printer or board does not connect in'),
        },
      },
    },
    '/api/reports': {
      get: {
        summary: 'Report over business days (manager): per group issued, served, no-shows, cancelled, average and P90 wait and service time, share within target wait, ratings and satisfaction (3–5 / rated)',
        description: 'Wait = issue → first call; service time = start → finish of served tickets; minutes with one decimal, shares 0–1. `total` covers the whole range.',
        auth: true,
        query: reportQuery(today),
        responses: { '200': answer('{from, to, by, zone, rows, total, generatedAt}', res.reportResponse), ...managerOnly },
      },
    },
    '/api/reports/hourly': {
      get: {
        summary: 'Tickets issued and their average wait by local hour of issue (manager), for the charts',
        auth: true,
        query: hourlyQuery(today),
        responses: { '200': answer('{from, to, zone, days, hours, generatedAt}', res.hourlyResponse), ...managerOnly },
      },
    },
    '/api/reports/export': {
      get: {
        summary: 'The report as a download (manager): CSV (UTF-8 with BOM) or XLSX, headers in Chinese with English in parentheses, totals last',
        auth: true,
        query: exportQuery(today),
        responses: {
          '200': {
            description: 'An attachment (Content-Disposition)',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...managerOnly,
        },
      },
    },
    '/api/staffing': {
      get: {
        summary: "Next week's staffing advice (manager): per service, day and half-hour, the arrival rate and service time of the same weekday and half-hour in past weeks and the counters Erlang C needs for the target (docs/staffing.md), beside the counters open now",
        auth: true,
        query: staffingQuery,
        responses: { '200': answer('{week, target: {share, waitMin}, weeks, services, generatedAt}', res.staffingResponse), ...managerOnly },
      },
    },
    // The manager's security pages (hub/security/routes.ts).
    '/api/security/lockouts': {
      get: {
        summary: 'The lockouts in force (manager): per account, client or account at a client, with failures, lockout count and until when',
        auth: true,
        responses: { '200': answer('{at, lockouts}', res.lockoutsResponse), '401': err('No or bad token'), '403': err('Not a manager') },
      },
    },
    '/api/security/lockouts/{key}': {
      delete: {
        summary: 'Lift a lockout before it runs out (manager); recorded in the audit log as auth.lockout-lifted',
        auth: true,
        params: { key: lockoutKeyParam },
        responses: { '204': { description: 'Lifted' }, '400': err('BAD_INPUT: not a lockout key'), '401': err('No or bad token'), '403': err('Not a manager'), '404': err('LOCKOUT_UNKNOWN: no lockout in force under that key') },
      },
    },
    '/api/audit': {
      get: {
        summary: 'The audit log, newest first (manager): logins and their failures, lockouts, token rotations, PINs, config changes, exports, with who, when and from where',
        description: 'Page back with `before` = the `nextBefore` of the previous page (present when the page is full); `type` is a type (auth.login-failed) or a prefix (auth.).',
        auth: true,
        query: auditQuery,
        responses: { '200': answer('{entries, nextBefore?}', res.auditResponse), '400': err('BAD_INPUT: a bad before, since, type or limit'), '401': err('No or bad token'), '403': err('Not a manager') },
      },
    },
    '/api/alerts': {
      get: {
        summary: "The hall's alerts now (manager): a wait over its service's target, a long queue, an idle or paused counter while its services have people waiting",
        auth: true,
        responses: { '200': answer('{at, alerts}', res.alertsResponse), '401': err('No or bad token'), '403': err('Not a manager') },
      },
    },
  };
  // Ticket printing (hub/api/print-routes.ts).
  Object.assign(paths, {
    '/api/tickets/{id}/reprint': {
      post: {
        summary: 'Print a ticket again (staff or manager): a new job in the print journal, never an automatic resend',
        description: 'Goes to `printerId`, else the printer that printed it last, else the first printer. Answers 202 with the job (state queued or sent); its outcome is pushed as `print.job` over socket.io.',
        auth: true,
        params: ticketId,
        body: reprintBody,
        responses: { '202': answer('{job}', res.reprintResponse), '400': err('BAD_INPUT'), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN'), '404': err('TICKET_UNKNOWN'), '409': err('PRINTER_UNAVAILABLE: offline, out of paper, cover open…') },
      },
    },
    '/api/tickets/{id}/print': {
      get: { summary: "A ticket's print jobs, oldest first (kiosk, staff, manager)", auth: true, params: ticketId, responses: { '200': answer('{jobs}', res.printJobsResponse), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') } },
    },
    '/api/tickets/{id}/ticket.svg': {
      get: {
        summary: 'A ticket as it prints, on the current template (SVG), by its unguessable id',
        params: ticketId,
        query: previewQuery,
        responses: { '200': { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } }, '400': err('BAD_INPUT'), '404': err('TICKET_UNKNOWN') },
      },
    },
    '/api/print/jobs': {
      get: {
        summary: 'The print-job journal, newest first (manager)',
        auth: true,
        query: jobsQuery,
        responses: { '200': answer('{jobs}', res.printJobsResponse), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') },
      },
    },
    '/api/print/printers': {
      get: { summary: 'The printers with their kiosk, health and profile settings (manager)', auth: true, responses: { '200': answer('{printers}', res.printersResponse), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') } },
    },
    '/api/print/printers/{id}/profile': {
      put: {
        summary: "Set a printer's profile (manager): command set (generic, epson), Chinese mode, cut (partial, full, none), QR (native, raster), beep, job timeout; {} restores the defaults",
        auth: true,
        params: { id: printerIdParam },
        body: printerProfileBody,
        responses: { '200': answer('{printer}', res.printerResponse), '400': err('BAD_INPUT'), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN'), '404': err('DEVICE_UNKNOWN') },
      },
    },
    '/api/print/template': {
      get: { summary: 'The ticket template (ReceiptLine with {{placeholders}}) and notice (manager)', auth: true, responses: { '200': answer('{template, notice, custom}', res.templateResponse), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') } },
      put: {
        summary: 'Replace the ticket template and notice (manager); template null restores the default',
        auth: true,
        body: templateBody,
        responses: { '200': answer('{template, notice, custom}', res.templateResponse), '400': err('BAD_INPUT: no {{number}}, an unknown placeholder'), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') },
      },
    },
    '/api/print/preview.svg': {
      get: {
        summary: 'The saved template with a sample ticket, as the paper will look (SVG)',
        query: previewQuery,
        responses: { '200': { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } }, '400': err('BAD_INPUT') },
      },
      post: {
        summary: 'A template not saved yet with a sample ticket, as SVG (manager, for the editor)',
        auth: true,
        body: previewBody,
        responses: { '200': { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } }, '400': err('BAD_INPUT'), '401': err('UNAUTHENTICATED'), '403': err('FORBIDDEN') },
      },
    },
  } satisfies Record<string, Record<string, Op>>);
  for (const [name, [summary, schema]] of Object.entries(counterActions)) {
    paths[`/api/counters/{counter}/${name}`] = {
      post: {
        summary,
        description: 'Staff token of that counter, or a manager. Answers {ticket, counter, allowed}.',
        auth: true,
        params: counter,
        body: schema,
        responses: {
          '200': answer('{ticket, counter, allowed}', res.counterActionResponse),
          '403': err('WRONG_COUNTER: staff of another counter; FORBIDDEN: a device other than this counter\'s keypad'),
          '404': err('COUNTER_UNKNOWN; TICKET_UNKNOWN (call-number, resume-held: no such ticket)'),
          '409': err('State conflict: COUNTER_CLOSED, COUNTER_PAUSED, TICKET_IN_HAND, NO_CURRENT_TICKET, RECALL_LIMIT…'),
        },
      },
    };
  }

  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(paths)) {
    out[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const query = op.query ? (json(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] }) : undefined;
      out[path]![method] = {
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        ...(op.auth ? { security: bearer } : {}),
        parameters: [
          ...inPath.map((name) => {
            const schema = op.params?.[name];
            if (!schema) throw new Error(`openapi: ${method} ${path} has no schema for {${name}}`);
            return { name, in: 'path', required: true, schema: json(schema) };
          }),
          ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            required: query?.required?.includes(name) ?? false,
            ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
            schema,
          })),
        ],
        ...(op.body ? { requestBody: body(op.body, op.mediaTypes) } : {}),
        responses: answers(path, op),
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hall hub API',
      version: '0.1.0',
      description:
        'The hub of a service hall: tickets, counters, sessions and the event log. Realtime updates come over socket.io on the same port (see README).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A device token from the hall config, or a session token from POST /api/sessions' } },
      schemas: { Error: errorSchema, ...answerSchemas() },
    },
    paths: out,
  };
}
