// Ticket ids (hub/hall.ts newTicketId): 16 bytes of the CSPRNG each, taken from a block of 256, so that
// a phone's link to its ticket cannot be guessed. Across several blocks every id is new and well formed.
import { expect, it } from 'vitest';
import { newTicketId } from './hall.js';

it('gives 22 base64url characters of fresh randomness per id, across blocks', () => {
  const ids = Array.from({ length: 256 * 4 + 7 }, () => newTicketId());
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  // A block not refilled would give its ids again.
  expect(new Set(ids).size).toBe(ids.length);
});
