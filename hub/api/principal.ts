// Who is calling: the bearer token of a request resolved to a principal (a staff member at a counter, a
// manager, a device), refused with FORBIDDEN when it may not do what it asks; and the actor an engine
// command is recorded under. Every router asks here.
import type { Request } from 'express';
import { AuthError, type Auth, type Principal } from '../auth/auth.js';
import type { Actor } from '../engine/types.js';

export function bearer(req: Request): string | undefined {
  const h = req.get('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

export const isManager = (p: Principal): p is Extract<Principal, { kind: 'manager' }> => p.kind === 'manager';

/** The caller; FORBIDDEN unless `allowed` (UNAUTHENTICATED for a missing or unknown token, from auth). */
export function needPrincipal(auth: Auth, req: Request, allowed: (p: Principal) => boolean = () => true): Principal {
  const p = auth.resolve(bearer(req));
  if (!allowed(p)) throw new AuthError('FORBIDDEN');
  return p;
}

/** A manager, or FORBIDDEN. */
export function needManager(auth: Auth, req: Request): Extract<Principal, { kind: 'manager' }> {
  const p = needPrincipal(auth, req);
  if (!isManager(p)) throw new AuthError('FORBIDDEN');
  return p;
}

/** The actor an engine command (and the event log) records for a principal. */
export function actorOf(p: Principal): Actor {
  if (p.kind === 'staff') return { kind: 'staff', id: p.staffNo };
  if (p.kind === 'manager') return { kind: 'manager', id: p.username };
  return { kind: 'device', id: p.deviceId };
}
