// The ratings API under /api (documented in hub/api/openapi.ts):
//   POST /ratings/requests               a counter's business system asks for a rating with its case
//                                        number (办件编号): the counter's pads ask the citizen
//   GET  /ratings/followups[?status=]    follow-up cases of 1–2 ratings (差评整改), manager
//   POST /ratings/followups/:id/close    the manager's rectification note and call-back result
//   GET  /ratings/summary[?from&to]      rated / not rated, follow-up counts (overdue …), the upload
//                                        outbox, and the hardware pads' and keypads' input counts
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { safeText } from '../security/safe-text.js';
import type { Auth } from '../auth/auth.js';
import type { DeviceInputs } from '../device-supervision/inputs.js';
import type { Hall } from '../hall.js';
import { isCalendarDate } from '../../shared/hall-time.js';
import { parse } from '../api/errors.js';
import type { RatingDesk } from './desk.js';
import { actorOf, needManager, needPrincipal } from '../api/principal.js';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id');
export const ratingRequestBody = z
  .object({
    ticketId: id.optional(),
    counterId: z.string().min(1).max(40).optional(),
    /** The business system's own case number (办件编号). */
    caseNo: z.string().trim().min(1).max(64).regex(/^[\w\-./:]+$/, 'letters, digits and - _ . / :'),
  })
  .strict()
  .refine((b) => !!b.ticketId !== !!b.counterId, { message: 'give ticketId or counterId (one of them)' });
export const followupsQuery = z.object({ status: z.enum(['open', 'due-soon', 'overdue', 'closed']).optional() }).strict();
export const followupIdParam = z.coerce.number().int().min(1);
export const closeFollowupBody = z
  .object({
    /** What was done about it (整改措施). */
    rectification: safeText(z.string().trim().min(1).max(2000), { multiline: true }),
    /** What the citizen said when called back (回访结果). */
    callbackResult: safeText(z.string().trim().min(1).max(1000), { multiline: true }),
  })
  .strict();
const day = z.string().refine(isCalendarDate, 'a calendar date as YYYY-MM-DD');
export const summaryQuery = z.object({ from: day.optional(), to: day.optional() }).strict();

export function ratingsRouter({ hall, auth, desk, inputs }: { hall: Hall; auth: Auth; desk: RatingDesk; inputs: DeviceInputs }): Router {
  const r = express.Router();
  const manager = (req: Request) => needManager(auth, req);

  r.post('/ratings/requests', (req, res) => {
    const p = needPrincipal(auth, req, (x) => x.kind === 'staff' || x.kind === 'manager');
    const body = parse(ratingRequestBody, req.body);
    res.status(201).json({ request: desk.request(body, actorOf(p), p.kind === 'staff' ? p.counterId : null) });
  });

  r.get('/ratings/followups', (req, res) => {
    manager(req);
    const q = parse(followupsQuery, req.query);
    res.json({ today: hall.view.businessDay, followups: desk.followups(q), counts: desk.counts() });
  });

  r.post('/ratings/followups/:id/close', (req, res) => {
    const p = manager(req);
    const fid = parse(followupIdParam, req.params.id);
    const body = parse(closeFollowupBody, req.body);
    res.json({ followup: desk.close(fid, body, p.kind === 'manager' ? p.username : '?') });
  });

  r.get('/ratings/summary', (req, res) => {
    manager(req);
    const q = parse(summaryQuery, req.query);
    const from = q.from ?? q.to ?? hall.view.businessDay;
    const to = q.to ?? q.from ?? hall.view.businessDay;
    res.json({ from, to, outcomes: desk.outcomes(from, to), followups: desk.counts(), outbox: desk.outbox.stats(), devices: inputs.stats() });
  });

  return r;
}
