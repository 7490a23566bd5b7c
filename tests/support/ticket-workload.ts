// A hall's day through the API, for store tests and the store bench: tickets issued at the kiosk, called,
// started and finished at counter 1 by staff 1001, and rated on counter 1's pad (demo hall tokens).
export interface Api {
  (method: string, path: string, o?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
}

/** The services counter 1 serves. */
export const SERVICES = ['social-security', 'medical-insurance'];

/** Scores as a hall sees them: mostly satisfied, one in ten dissatisfied (which opens a follow-up case). */
export const SCORES = [5, 5, 4, 5, 3, 5, 4, 5, 5, 2];

/** Issues `n` tickets and serves and rates each of them; returns the ticket ids. `tick` moves a test clock before each request. */
export async function serveAndRate(api: Api, staffToken: string, n: number, opts: { rate?: boolean; tick?: () => void } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    opts.tick?.();
    const issued = await api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: SERVICES[i % SERVICES.length] } });
    if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
    ids.push(issued.body.id);
  }
  for (let i = 0; i < n; i++) {
    opts.tick?.();
    const called = await api('POST', '/api/counters/1/call', { token: staffToken });
    if (called.status !== 200 || !called.body.ticket) throw new Error(`call: ${called.status} ${JSON.stringify(called.body)}`);
    for (const step of ['start', 'finish']) {
      opts.tick?.();
      const r = await api('POST', `/api/counters/1/${step}`, { token: staffToken });
      if (r.status !== 200) throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    if (opts.rate !== false) {
      opts.tick?.();
      const score = SCORES[i % SCORES.length]!;
      const rated = await api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: called.body.ticket.id, score, ...(score <= 2 ? { reasons: ['attitude'] } : {}) } });
      if (rated.status !== 201) throw new Error(`rate: ${rated.status} ${JSON.stringify(rated.body)}`);
    }
  }
  return ids;
}
