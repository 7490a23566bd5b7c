// Hashing of staff PINs, manager passwords and device tokens. scrypt (memory-hard) for human secrets,
// which are short; sha256 for device tokens, which are long random strings and looked up on every request.
// Logins verify with the asynchronous scrypt (libuv's thread pool): ~50 ms of hashing per try must not
// stall every push and request of the hall.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return false;
  const actual = scryptSync(secret, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  });
  return timingSafeEqual(actual, expected);
}

/** verifySecret off the event loop. */
export async function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return false;
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, Buffer.from(salt, 'base64'), expected.length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return timingSafeEqual(actual, expected);
}

let dummy: string | undefined;
/**
 * A hash of nothing anyone knows, with today's parameters: an unknown staff number or user name is
 * checked against it, so that it costs the same scrypt as a known one and answers in the same time.
 */
export function dummySecretHash(): string {
  dummy ??= hashSecret(randomBytes(16).toString('base64'));
  return dummy;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new random bearer token (session or device). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
