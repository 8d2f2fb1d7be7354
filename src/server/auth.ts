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
  const presented = digest(key);
  let role: Role | undefined;
  for (const candidate of keys) {
    if (timingSafeEqual(presented, digest(candidate.key)) && role === undefined) role = candidate.role;
  }
  return role;
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
  const key = presentedKey(req);
  if (key === undefined || key === '') {
    if (readAccess === 'key')
      throw unauthenticated('An API key is required: send Authorization: Bearer <key>.');
    return 'anonymous';
  }
  const role = roleOf(key, keys);
  if (!role) throw unauthenticated('The API key is not valid.');
  return role;
}

/**
 * The role check of every mutation: anonymous callers are unauthenticated, readers forbidden. An arrow
 * function on purpose: type-graphql instantiates a checker that has a prototype, as if it were a class.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const caller = context.caller ?? 'anonymous';
  if (roles.includes(caller)) return true;
  if (caller === 'anonymous')
    throw new AppError('UNAUTHENTICATED', 'Writing needs an editor or admin API key.', {
      http: { status: 401 },
    });
  throw new AppError('FORBIDDEN', `A ${caller} key cannot write; an editor or admin key can.`, {
    http: { status: 403 },
  });
};
