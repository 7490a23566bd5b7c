// Taking a number: the kiosk's request to the hub, retried with the same request id when no answer came
// back, so a press is issued once however often the network drops it.
import { api, ApiError } from '../ui/api.js';
import type { TicketView } from '../ui/live.js';

/** 128 random bits, URL-safe (crypto.randomUUID needs https, which a hall's LAN often lacks). */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Issues, retrying the same press when no answer came back (network down, hub restarting). */
export async function issueWithRetry(token: string, body: Record<string, unknown>): Promise<TicketView> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api<TicketView>('POST', '/api/tickets', { token, body });
    } catch (e) {
      const lost = e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);
      if (!lost || attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}
