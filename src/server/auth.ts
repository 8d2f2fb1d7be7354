import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AuthChecker } from 'type-graphql';
import { AppError } from '../errors';
import type { ApiKey, Role } from '../config/config';
import type { Caller, Context } from '../read/context';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(req: Pick<Request, 'headers'>): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization))
    return authorization.replace(/^Bearer\s+/i, '').trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * The role a key grants. Every configured key is compared, in constant time over fixed-length
 * digests, whatever matches first, so timing tells nothing about which key or how much of it matched.
 */
export function roleOf(key: string, keys: readonly ApiKey[]): Role | undefined {
  return keyOf(key, keys)?.role;
}

/** The configured key presented (its role and name), compared as `roleOf` describes. */
export function keyOf(key: string, keys: readonly ApiKey[]): ApiKey | undefined {
  const presented = digest(key);
  let found: ApiKey | undefined;
  for (const candidate of keys) {
    if (timingSafeEqual(presented, digest(candidate.key)) && found === undefined) found = candidate;
  }
  return found;
}

const unauthenticated = (message: string): AppError =>
  new AppError('UNAUTHENTICATED', message, { http: { status: 401 } });

/**
 * Who is calling: a role for a valid key, anonymous for none. A key that matches nothing is refused
 * rather than treated as anonymous, so a mistyped key is noticed; reading without a key is refused when
 * READ_ACCESS=key. The key is never logged or echoed.
 */
export function authenticate(
  req: Pick<Request, 'headers'>,
  readAccess: 'open' | 'key',
  keys: readonly ApiKey[],
): Caller {
  return identify(req, readAccess, keys).caller;
}

/** As `authenticate`, with the key's name for the change log. */
export function identify(
  req: Pick<Request, 'headers'>,
  readAccess: 'open' | 'key',
  keys: readonly ApiKey[],
): { caller: Caller; callerName?: string } {
  const key = presentedKey(req);
  if (key === undefined || key === '') {
    if (readAccess === 'key')
      throw unauthenticated('An API key is required: send Authorization: Bearer <key>.');
    return { caller: 'anonymous' };
  }
  const found = keyOf(key, keys);
  if (!found) throw unauthenticated('The API key is not valid.');
  return { caller: found.role, callerName: found.name };
}

/**
 * The role check of the mutations, the webhooks and POST /import: anonymous callers are
 * unauthenticated, other roles than those named forbidden.
 */
export function requireRole(caller: Caller, roles: readonly string[]): void {
  if (roles.includes(caller)) return;
  // Writes take editor or admin keys; the webhooks take admin keys only.
  const adminOnly = roles.length === 1 && roles[0] === 'admin';
  if (caller === 'anonymous')
    throw new AppError(
      'UNAUTHENTICATED',
      adminOnly ? 'Webhooks need an admin API key.' : 'Writing needs an editor or admin API key.',
      { http: { status: 401 } },
    );
  throw new AppError(
    'FORBIDDEN',
    adminOnly
      ? `A ${caller} key cannot manage webhooks; an admin key can.`
      : `A ${caller} key cannot write; an editor or admin key can.`,
    { http: { status: 403 } },
  );
}

/**
 * `requireRole` as type-graphql's checker. An arrow function on purpose: type-graphql instantiates a
 * checker that has a prototype, as if it were a class.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  requireRole(context.caller ?? 'anonymous', roles);
  return true;
};
