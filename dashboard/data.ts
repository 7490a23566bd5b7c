// Fetching for the dashboard: the manager's bearer token on every request, a 401 ends the session,
// figures re-fetched when the hall pushes a change (throttled, so a busy hall is not re-queried on
// every event), and downloads saved as files.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Alert } from '../hub/reports/alerts.js';
import type { Hourly, Report, ReportBy } from '../hub/reports/reports.js';
import { api, ApiError } from '../ui/api.js';
import { lang } from '../ui/i18n.js';

export type { Alert, Hourly, Report, ReportBy };

export type Call = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

/** An API caller with the token; `onEnded` hears of a refused (ended, unknown) session. */
export function caller(token: string, onEnded: (e: ApiError) => void): Call {
  return async (method, path, body) => {
    try {
      return await api(method, path, { token, ...(body !== undefined ? { body } : {}) });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onEnded(e);
      throw e;
    }
  };
}

export function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Loads with `load` whenever `key` changes (the query), and again when `pulse` changes (a pushed
 * event), at most once every `gapMs` for pulses: the last pulse in a burst is always honoured.
 * Answers that arrive after a newer request was made are dropped.
 */
export function useLoad<T>(load: (() => Promise<T>) | null, key: string, pulse: unknown, gapMs = 2000): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: false });
  const seq = useRef(0);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = () => {
    const fn = loadRef.current;
    if (!fn) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    last.current = Date.now();
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (e: unknown) => mine === seq.current && setState((s) => ({ data: s.data, error: e instanceof Error ? e.message : String(e), loading: false })),
    );
  };

  // A new query: now, and forget what the old one showed.
  useEffect(() => {
    setState({ data: null, error: null, loading: false });
    run();
  }, [key, load === null]);

  // A push: soon, throttled.
  useEffect(() => {
    if (pulse === undefined || !loadRef.current) return;
    const since = Date.now() - last.current;
    if (since >= gapMs) run();
    else if (!timer.current) timer.current = setTimeout(run, gapMs - since);
  }, [pulse]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return { ...state, reload: run };
}

/** Fetches a download with the bearer token and saves it under the name the hub gives. */
export async function download(token: string, path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}`, 'accept-language': lang() === 'en' ? 'en' : 'zh-CN' } });
  } catch {
    throw new ApiError(0, 'NETWORK', lang() === 'en' ? 'Cannot reach the hub' : '无法连接服务器');
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText);
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- dates (business days as YYYY-MM-DD) ----

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : x.toFixed(digits));

// ---- closed days once, today on push ----

/**
 * Hour figures of two disjoint ranges together (closed days fetched once, today re-fetched on each push):
 * counts add up, the average wait is weighted by the tickets waited.
 */
export function mergeHourly(closed: Hourly | null, today: Hourly | null): Hourly | null {
  if (!closed || !today) return closed ?? today;
  return {
    ...today,
    from: closed.from,
    days: closed.days + today.days,
    hours: today.hours.map((h, i) => {
      const c = closed.hours[i]!;
      const waited = c.waited + h.waited;
      const sum = (c.avgWaitMin ?? 0) * c.waited + (h.avgWaitMin ?? 0) * h.waited;
      return { hour: h.hour, issued: c.issued + h.issued, waited, avgWaitMin: waited ? Math.round((sum / waited) * 10) / 10 : null };
    }),
  };
}

/** Rating counts of two disjoint ranges' reports together, row by row (what the satisfaction chart shows). */
export function mergeRatings(closed: Report | null, today: Report | null): Report | null {
  if (!closed || !today) return closed ?? today;
  const rows = new Map(closed.rows.map((r) => [r.key, { ...r, scores: [...r.scores] as typeof r.scores }]));
  for (const r of today.rows) {
    const x = rows.get(r.key);
    if (!x) rows.set(r.key, { ...r });
    else {
      x.rated += r.rated;
      x.satisfied += r.satisfied;
      r.scores.forEach((n, i) => (x.scores[i] = (x.scores[i] ?? 0) + n));
      x.satisfaction = x.rated ? x.satisfied / x.rated : null;
    }
  }
  return { ...today, from: closed.from, rows: [...rows.values()] };
}
