// Where the dashboard keeps the manager's session: the token in sessionStorage (a reload stays logged
// in, closing the tab forgets it; nothing in localStorage on a shared PC), plus the tab and zone filter.
export interface ManagerSession {
  token: string;
  username: string;
  name: string;
  expiresAt: number;
}

const SESSION_KEY = 'hall.dashboard.session';
const ZONE_KEY = 'hall.dashboard.zone';

export function loadSession(): ManagerSession | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<ManagerSession>;
    if (typeof s.token !== 'string' || !s.token) return null;
    if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) return null;
    return { token: s.token, username: s.username ?? '', name: s.name ?? '', expiresAt: s.expiresAt ?? 0 };
  } catch {
    return null;
  }
}

export function saveSession(s: ManagerSession | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* storage refused: the session lasts for this page */
  }
}

/** The zone filter: ?zone= first, else what this browser chose last ("" = all zones). */
export function initialZone(): string {
  const q = new URLSearchParams(location.search).get('zone');
  if (q !== null) return q;
  try {
    return sessionStorage.getItem(ZONE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveZone(zone: string): void {
  try {
    sessionStorage.setItem(ZONE_KEY, zone);
  } catch {
    /* ignore */
  }
}

export type Tab = 'overview' | 'reports' | 'ratings' | 'settings' | 'devices' | 'printing' | 'staffing' | 'security';
const TABS: Tab[] = ['overview', 'reports', 'ratings', 'settings', 'devices', 'printing', 'staffing', 'security'];

/** The tab is in the URL hash (#reports), so a link or a reload opens the same one. */
export function tabFromHash(): Tab {
  const h = location.hash.replace(/^#/, '');
  return (TABS as string[]).includes(h) ? (h as Tab) : 'overview';
}
