// The central's people and halls: the city managers (scrypt-hashed passwords, as on a hub), their
// sessions (bearer tokens stored as sha256), and each hall's upload token (shown once, stored as sha256).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashSecret, newToken, sha256, verifySecret } from '../hub/auth/secrets.js';
import type { Pool } from './db.js';

export const SESSION_HOURS = 12;

/**
 * Makes the admin account on first start. The password is HALL_CENTRAL_ADMIN_PASSWORD when set, else a
 * generated one, returned so the caller can print it once. An existing admin is left alone.
 */
export async function ensureAdmin(pool: Pool, fromEnv: string | undefined): Promise<{ created: boolean; password?: string }> {
  const existing = await pool.query('SELECT 1 FROM users WHERE username = $1', ['admin']);
  if (existing.rowCount) return { created: false };
  const password = fromEnv || randomBytes(12).toString('base64url');
  const r = await pool.query('INSERT INTO users (username, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', ['admin', '管理员', hashSecret(password)]);
  if (!r.rowCount) return { created: false };
  return fromEnv ? { created: true } : { created: true, password };
}

export async function login(pool: Pool, username: string, password: string, now = Date.now()): Promise<{ token: string; expiresAt: string } | null> {
  const row = (await pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', [username])).rows[0];
  // A missing user costs a hash too, so timing does not tell which user names exist.
  const ok = verifySecret(password, row?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  if (!row || !ok) return null;
  const token = newToken();
  const expires = new Date(now + SESSION_HOURS * 3_600_000);
  await pool.query('DELETE FROM sessions WHERE expires_at < now()');
  await pool.query('INSERT INTO sessions (token_sha256, username, expires_at) VALUES ($1, $2, $3)', [sha256(token), username, expires]);
  return { token, expiresAt: expires.toISOString() };
}

export async function sessionUser(pool: Pool, token: string): Promise<string | null> {
  const r = await pool.query<{ username: string }>('SELECT username FROM sessions WHERE token_sha256 = $1 AND expires_at > now()', [sha256(token)]);
  return r.rows[0]?.username ?? null;
}

export async function logout(pool: Pool, token: string): Promise<void> {
  await pool.query('DELETE FROM sessions WHERE token_sha256 = $1', [sha256(token)]);
}

export const hallInput = z.object({
  id: z.string().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-" only'),
  name: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200).optional(),
  tier: z.enum(['district', 'township', 'village']).default('township'),
  address: z.string().max(300).optional(),
  addressEn: z.string().max(300).optional(),
});
export type HallInput = z.input<typeof hallInput>;

/**
 * Registers a hall (or, with rotate, gives an existing one a new token) and returns its upload token:
 * the only time it is ever shown. null when the hall exists and rotate was not asked for.
 */
export async function addHall(pool: Pool, input: HallInput, options: { rotate?: boolean } = {}): Promise<string | null> {
  const h = hallInput.parse(input);
  const token = `hc_${newToken()}`;
  const r = await pool.query(
    `INSERT INTO halls (hall_id, name, name_en, tier, address, address_en, token_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (hall_id) DO ${options.rotate ? 'UPDATE SET name = excluded.name, name_en = excluded.name_en, tier = excluded.tier, address = excluded.address, address_en = excluded.address_en, token_sha256 = excluded.token_sha256, revoked_at = NULL' : 'NOTHING'}`,
    [h.id, h.name, h.nameEn ?? null, h.tier, h.address ?? null, h.addressEn ?? null, sha256(token)],
  );
  if (!r.rowCount) return null;
  await pool.query('INSERT INTO hall_state (hall_id) VALUES ($1) ON CONFLICT DO NOTHING', [h.id]);
  return token;
}

/** Revokes a hall's upload token: its hub is refused from the next request on. False if no such hall. */
export async function revokeHall(pool: Pool, hallId: string): Promise<boolean> {
  const r = await pool.query('UPDATE halls SET token_sha256 = NULL, revoked_at = now() WHERE hall_id = $1', [hallId]);
  return !!r.rowCount;
}

/** The hall an upload token belongs to, if the token is current. */
export async function hallOfToken(pool: Pool, token: string): Promise<string | null> {
  const r = await pool.query<{ hall_id: string }>('SELECT hall_id FROM halls WHERE token_sha256 = $1', [sha256(token)]);
  return r.rows[0]?.hall_id ?? null;
}
