// Where a terminal keeps who is logged in: the session in sessionStorage (a reload stays logged in,
// closing the tab forgets it; nothing in localStorage on a shared PC), read back only while unexpired.
// The counter console and the dashboard each make one store with their own key and shape; small
// remembered choices (this PC's counter, the zone filter) use `remembered`.

export interface StoredSession {
  token: string;
  /** Epoch ms; 0 when the hub did not say. */
  expiresAt: number;
}

export interface SessionStore<S extends StoredSession> {
  load(): S | null;
  /** null forgets it. */
  save(s: S | null): void;
}

/**
 * A session store under `key`. `shape` turns what was stored (parsed JSON, token checked already)
 * into the session, or null when it is not one (an older page's format, a half-written entry).
 */
export function sessionStore<S extends StoredSession>(key: string, shape: (raw: Partial<Record<keyof S, unknown>> & { token: string }) => S | null): SessionStore<S> {
  return {
    load() {
      try {
        const raw = sessionStorage.getItem(key);
        if (!raw) return null;
        const s = JSON.parse(raw) as Partial<Record<keyof S, unknown>> & { token?: unknown; expiresAt?: unknown };
        if (typeof s.token !== 'string' || !s.token) return null;
        if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) return null;
        return shape(s as Partial<Record<keyof S, unknown>> & { token: string });
      } catch {
        return null;
      }
    },
    save(s) {
      try {
        if (s) sessionStorage.setItem(key, JSON.stringify(s));
        else sessionStorage.removeItem(key);
      } catch {
        /* storage refused: the session lasts for this page */
      }
    },
  };
}

/** A small remembered string in local or session storage ('' when none or storage is refused). */
export function remembered(where: 'local' | 'session', key: string) {
  const storage = () => (where === 'local' ? localStorage : sessionStorage);
  return {
    get(): string | null {
      try {
        return storage().getItem(key);
      } catch {
        return null;
      }
    },
    set(value: string): void {
      try {
        storage().setItem(key, value);
      } catch {
        /* storage refused: remembered for this page only */
      }
    },
  };
}

/** A string field of a stored session, or `fallback`. */
export const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
