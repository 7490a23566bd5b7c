// What the hub answers while it is starting: it listens before today's tickets are loaded (a
// 50,000-ticket day takes about a second), so a kiosk or a supervisor learns "starting" at once
// instead of a refused connection, and nothing is served from a half-loaded queue.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { langOf, message } from '../error-messages.js';

/** /api/health: alive and starting (200, status "starting"); anything else: 503 HUB_STARTING, retry in a second. */
export function startingHandler(hallId: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (path === '/api/health' && req.method === 'GET') {
      res.end(JSON.stringify({ status: 'starting', hall: hallId }));
      return;
    }
    const code = 'HUB_STARTING';
    res.statusCode = 503;
    res.setHeader('retry-after', '1');
    res.end(JSON.stringify({ error: { code, message: message(code, {}, langOf(req.headers['accept-language'])) } }));
  };
}
