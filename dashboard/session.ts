// Where the dashboard keeps the manager's session: the shared session store (ui/session-store.ts:
// sessionStorage, a reload stays logged in, closing the tab forgets it; nothing in localStorage on a
// shared PC), plus the tab and zone filter.
import { remembered, sessionStore, text } from '../ui/session-store.js';

export interface ManagerSession {
  token: string;
  username: string;
  name: string;
  expiresAt: number;
}

const store = sessionStore<ManagerSession>('hall.dashboard.session', (s) => ({
  token: s.token,
  username: text(s.username),
  name: text(s.name),
  expiresAt: typeof s.expiresAt === 'number' ? s.expiresAt : 0,
}));
export const loadSession = store.load;
export const saveSession = store.save;

const zoneKey = remembered('session', 'hall.dashboard.zone');

/** The zone filter: ?zone= first, else what this browser chose last ("" = all zones). */
export function initialZone(): string {
  const q = new URLSearchParams(location.search).get('zone');
  if (q !== null) return q;
  return zoneKey.get() ?? '';
}

export const saveZone = (zone: string): void => zoneKey.set(zone);

export type Tab = 'overview' | 'reports' | 'ratings' | 'settings' | 'devices' | 'printing' | 'staffing' | 'security';
const TABS: Tab[] = ['overview', 'reports', 'ratings', 'settings', 'devices', 'printing', 'staffing', 'security'];

/** The tab is in the URL hash (#reports), so a link or a reload opens the same one. */
export function tabFromHash(): Tab {
  const h = location.hash.replace(/^#/, '');
  return (TABS as string[]).includes(h) ? (h as Tab) : 'overview';
}
