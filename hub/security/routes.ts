// The manager's security pages under /api: the lockouts in force (and lifting one), and the audit log.
// Manager token only.
import express, { type Router } from 'express';
import { z } from 'zod';
import { AuthError, type Auth } from '../auth/auth.js';
import { parse } from '../api/errors.js';
import { needManager } from '../api/principal.js';
import type { Hall } from '../hall.js';

export const lockoutKeyParam = z.string().min(3).max(200).regex(/^(account-client|account|client):/, 'a lockout key from GET /api/security/lockouts');
export const auditQuery = z
  .object({
    before: z.coerce.number().int().min(1).optional(),
    since: z.coerce.number().int().min(0).optional(),
    type: z
      .string()
      .regex(/^(auth|admin)\.([a-z-]+)?$/, 'a type such as auth.login-failed, or a prefix such as auth.')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function securityRouter({ hall, auth }: { hall: Hall; auth: Auth }): Router {
  const r = express.Router();

  r.get('/security/lockouts', (req, res) => {
    needManager(auth, req);
    res.setHeader('cache-control', 'no-store');
    res.json({ at: hall.clock.now(), lockouts: auth.limits.locked() });
  });

  r.delete('/security/lockouts/:key', (req, res) => {
    const p = needManager(auth, req);
    const key = parse(lockoutKeyParam, req.params.key);
    const lifted = auth.limits.lift(key);
    if (!lifted) throw new AuthError('LOCKOUT_UNKNOWN', { key });
    auth.audit.record('auth.lockout-lifted', { kind: 'manager', id: p.username }, hall.clock.now(), { key, scope: lifted.scope, account: lifted.account, lockedClient: lifted.client, lockedUntil: lifted.lockedUntil });
    hall.log.info({ key, by: p.username }, 'lockout lifted');
    res.status(204).end();
  });

  r.get('/audit', (req, res) => {
    needManager(auth, req);
    const q = parse(auditQuery, req.query);
    const entries = auth.audit.list(q);
    res.setHeader('cache-control', 'no-store');
    res.json({ entries, ...(entries.length === q.limit ? { nextBefore: entries[entries.length - 1]!.id } : {}) });
  });

  return r;
}
