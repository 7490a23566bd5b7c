// The hub's REST API from a browser: JSON in and out, the bearer token, the caller's language, and
// errors as ApiError with the hub's code and (already translated) message.
import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function api<T = any>(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': lang() === 'en' ? 'en' : 'zh-CN' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  } catch {
    throw new ApiError(0, 'NETWORK', lang() === 'en' ? 'Cannot reach the hub' : '无法连接服务器');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.params ?? {});
  }
  return data as T;
}

/**
 * A token given once in the URL (?token=…) is remembered by the terminal under `key`, and taken out of
 * the address bar at once: it must not stay in the URL (history, bookmarks, a screenshot of the board).
 */
export function deviceToken(key: string): string | null {
  const params = new URLSearchParams(location.search);
  const q = params.get('token');
  if (q) {
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  try {
    if (q) localStorage.setItem(key, q);
    return q ?? localStorage.getItem(key);
  } catch {
    return q;
  }
}
