// Request bodies and parameters of the REST API. Validated at the edge; also the source of the
// OpenAPI document.
import { z } from 'zod';
import { deviceSchema, priorityClass, staffSchema } from '../config/schema.js';
import { safeText } from '../security/safe-text.js';

export const issueTicketBody = z
  .object({
    serviceId: z.string().min(1).max(40),
    priority: priorityClass.optional(),
    /**
     * Appointment check-in: the booking code (checked against the booking system's appointments); the
     * slot is the booking's, a slotAt sent along (ms since epoch or ISO time) is ignored.
     */
    appointment: z
      .object({
        code: safeText(z.string().min(1).max(40)),
        slotAt: z.union([z.number().int().positive(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]).optional(),
      })
      .strict()
      .optional(),
    channel: z.enum(['kiosk', 'appointment', 'phone', 'staff']).optional(),
    /**
     * The caller's id for this press: sent again after a lost answer, it returns the ticket the first
     * attempt issued (200) instead of a second one. Kept for the business day.
     */
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, "_" or "-"').optional(),
  })
  .strict();

export const staffLoginBody = z
  .object({
    staffNo: z.string().regex(/^\d{3,10}$/, 'a staff number of 3–10 digits'),
    pin: z.string().min(1).max(64),
    counter: z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().regex(/^[1-9]\d{0,3}$/, 'a counter number')),
  })
  .strict();

export const managerLoginBody = z
  .object({
    username: z.string().min(1).max(32),
    password: z.string().min(1).max(128),
  })
  .strict();

export const loginBody = z.union([staffLoginBody, managerLoginBody]);

export const counterParam = z.string().regex(/^[1-9]\d{0,3}$/, 'a counter number such as 3');
export const ticketIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a ticket id');

export const emptyBody = z.object({}).strict();

/** The actions of POST /api/counters/:counter/:action (routes.ts runs them, openapi.ts documents each). */
export const COUNTER_ACTIONS = ['call', 'recall', 'skip', 'start', 'finish', 'hold', 'transfer', 'call-number', 'resume-held', 'pause', 'resume'] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];
export const transferBody = z
  .object({ toService: z.string().min(1).max(40).optional(), toCounter: counterParam.optional() })
  .strict()
  .refine((b) => b.toService || b.toCounter, { message: 'give toService, toCounter or both' });
export const callNumberBody = z.object({ number: z.string().regex(/^[A-Za-z]{1,2}\d{1,5}$/, 'a ticket number such as A001') }).strict();
export const pauseBody = z.object({ reason: safeText(z.string().trim().min(1).max(100)) }).strict();
export const resumeHeldBody = z.object({ ticketId: ticketIdParam }).strict();
export const cancelBody = z.object({ reason: safeText(z.string().trim().min(1).max(100)) }).strict();
const score = z.number().int().min(1).max(5);
export const ratingBody = z
  .object({
    ticketId: ticketIdParam,
    /** The national five levels, 5 best … 1 worst (shared/vocabulary.ts words them). */
    score,
    items: z.object({ efficiency: score.optional(), skill: score.optional(), attitude: score.optional() }).strict().optional(),
    /** Reason ids from the hall's ratingReasons; at least one for a score of 1 or 2. */
    reasons: z.array(safeText(z.string().min(1).max(40))).max(10).optional(),
    comment: safeText(z.string().trim().max(500), { multiline: true }).optional(),
  })
  .strict();

export const eventsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .strict();

// ---- staff and devices (hub/api/admin-routes.ts, manager only) ----

/** A staff PIN as the counter console takes it: 4–12 digits. */
export const pin = z.string().regex(/^\d{4,12}$/, 'a PIN of 4–12 digits');
export const staffNoParam = staffSchema.shape.no;
export const pinBody = z.object({ pin }).strict();
export const newStaffBody = z
  .object({
    no: staffSchema.shape.no,
    name: safeText(z.string().trim().min(1).max(40)),
    pin,
    /** The colleague who covers (AB角): another staff member's number. */
    backup: staffSchema.shape.no.optional(),
  })
  .strict();

export const deviceIdParam = deviceSchema.shape.id;
/** A device as the dashboard registers it; the hub makes the token of a device that connects in. */
export const newDeviceBody = deviceSchema.pick({ id: true, kind: true, name: true, nameEn: true, zone: true, counter: true, address: true, agent: true, kiosk: true }).strict();
