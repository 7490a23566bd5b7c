// How a refused API request must look, for every API test: the status, the error code, and a real
// message (not the code echoed back for want of one, no placeholder left unfilled).
import { expect } from 'vitest';

export type Res = { status: number; body: any };

/** A refusal: the status, the code, and a real message; `what` names the request in a failure. */
export function expectError(r: Res, status: number, code: string, what = ''): void {
  const ctx = `${what} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 400)}`;
  expect(r.status, ctx).toBe(status);
  expect(r.body, ctx).toBeTypeOf('object');
  expect(r.body?.error?.code, ctx).toBe(code);
  const message = r.body.error.message;
  expect(message, ctx).toBeTypeOf('string');
  expect(message.trim().length, ctx).toBeGreaterThan(0);
  expect(message, ctx).not.toBe(code);
  expect(message, ctx).not.toMatch(/\{\w+\}/); // every placeholder filled
}
